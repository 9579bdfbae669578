/**
 * Puts a worker together from its config, as Kafka's ConnectDistributed / ConnectStandalone do:
 * plugins, the Kafka clients and stores, the worker, the herder and the REST server, started in
 * that order and stopped in reverse.
 */
import type { ConfigProviders } from '../config-providers/config-providers.js';
import { formatConnectorTaskId, type ConnectorTaskId } from '../connector-task-id.js';
import type { WorkerConfig } from '../config/worker-config.js';
import type { Herder } from '../herder/herder.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import { createRestServer, restServerSecurity, type RestServer } from '../rest/rest-server.js';
import {
  ConnectorOffsetReader,
  OffsetStorageWriter,
  type OffsetBackingStore,
  type TransactionalOffsets,
} from '../storage/offset-backing-store.js';
import { Worker } from '../worker/worker.js';
import type { WorkerPort } from '../herder/worker-port.js';
import { instrumentWorker, meteredConnectorStatus } from '../metrics/instrumented-worker.js';
import type { ConnectorState } from '../storage/status-records.js';
import type { StatusWriter } from '../herder/herder-ports.js';
import type { Logger } from '../logging/loggers.js';
import type { ConnectorStatusListener } from '../worker/connector-status-listener.js';
import type { TaskStatusListener } from '../worker/task-status-listener.js';

/** The plugin versions of the instances a worker runs, which Kafka 4.1 writes into their statuses. */
export interface InstanceVersions {
  connector(name: string): string | null;
  task(id: ConnectorTaskId): string | null;
}

const NO_VERSIONS: InstanceVersions = { connector: () => null, task: () => null };

/** Worker status reports written through the herder's status writer with its current generation. */
export function statusListeners(
  writer: () => StatusWriter,
  generation: () => number,
  log: Logger,
  redact: (text: string) => string = (text) => text,
  versions: InstanceVersions = NO_VERSIONS,
): { connector: ConnectorStatusListener; task: TaskStatusListener } {
  const connector = (name: string, state: ConnectorState, trace: string | null = null): void => {
    writer()
      .putConnector(name, state, trace === null ? null : redact(trace), generation(), versions.connector(name))
      .catch((e) => log.error(`Failed to write the status ${state} of connector ${name}`, e));
  };
  const task = (id: ConnectorTaskId, state: ConnectorState, trace: string | null = null): void => {
    writer()
      .putTask(id, state, trace === null ? null : redact(trace), generation(), versions.task(id))
      .catch((e) => log.error(`Failed to write the status ${state} of task ${formatConnectorTaskId(id)}`, e));
  };
  return {
    connector: {
      onStartup: (name) => connector(name, 'RUNNING'),
      onPause: (name) => connector(name, 'PAUSED'),
      onResume: (name) => connector(name, 'RUNNING'),
      onStop: (name) => connector(name, 'STOPPED'),
      onFailure: (name, trace) => connector(name, 'FAILED', trace),
      onShutdown: (name) => connector(name, 'UNASSIGNED'),
    },
    task: {
      onStartup: (id) => task(id, 'RUNNING'),
      onPause: (id) => task(id, 'PAUSED'),
      onResume: (id) => task(id, 'RUNNING'),
      onFailure: (id, trace) => task(id, 'FAILED', trace),
      onShutdown: (id) => task(id, 'UNASSIGNED'),
    },
  };
}

/** The string form of every worker property, as the Kafka clients take them. */
export function workerProperties(config: WorkerConfig): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(config.originals())) if (v !== undefined && v !== null) out[k] = String(v);
  return out;
}

export interface WorkerParts {
  config: WorkerConfig;
  plugins: PluginRegistry;
  providers: ConfigProviders;
  /** Where statuses go, and the generation they are written with (read at each write). */
  statuses: StatusWriter;
  generation: () => number;
  offsetStore: OffsetBackingStore;
  /** Exactly-once source support: where tasks' offsets go inside their transactions. */
  transactionalOffsets?: ((connector: string) => TransactionalOffsets) | null;
  workerLog: Logger;
  clientLog: Logger;
}

/** The Worker that runs connector and task instances, with its status reports and offsets. */
export function createWorker(parts: WorkerParts): WorkerPort {
  // The listeners ask the worker they report for the versions of its instances.
  let worker: Worker | null = null;
  const versions: InstanceVersions = {
    connector: (name) => worker?.connectorVersion(name) ?? null,
    task: (id) => worker?.taskVersion(id) ?? null,
  };
  const listeners = statusListeners(() => parts.statuses, parts.generation, parts.workerLog, (t) => parts.providers.redactor.redact(t), versions);
  worker = new Worker({
    workerConfig: parts.config,
    plugins: parts.plugins,
    configProviders: parts.providers,
    log: parts.workerLog,
    connectorStatus: meteredConnectorStatus(listeners.connector),
    taskStatus: listeners.task,
    offsetReader: (connector) => new ConnectorOffsetReader(connector, parts.offsetStore, parts.clientLog),
    offsetWriter: (connector) => new OffsetStorageWriter(connector, parts.offsetStore, parts.clientLog),
    transactionalOffsets: parts.transactionalOffsets ?? null,
    onTopicUsed: parts.config.getBoolean('topic.tracking.enable')
      ? (id, topic) => {
          parts.statuses
            .putTopic(id.connector, id.task, topic)
            .catch((e) => parts.workerLog.warn(`Failed to record that ${id.connector} uses topic ${topic}`, e));
        }
      : null,
  });
  return instrumentWorker(worker);
}

/** The REST server for a herder, from the worker's listener, advertised-address and security keys. */
export function createWorkerRestServer(herder: Herder, config: WorkerConfig): RestServer {
  return createRestServer({
    ...restServerSecurity(workerProperties(config)),
    herder,
    listeners: config.getList('listeners')!,
    adminListeners: config.getList('admin.listeners'),
    advertisedListener: config.getString('rest.advertised.listener'),
    advertisedHostName: config.getString('rest.advertised.host.name'),
    advertisedPort: (config.get('rest.advertised.port') as number | null) ?? null,
    topicTrackingEnabled: config.getBoolean('topic.tracking.enable'),
    topicTrackingResetAllowed: config.getBoolean('topic.tracking.allow.reset'),
    consoleEnabled: config.getBoolean('rest.console.enable'),
  });
}
