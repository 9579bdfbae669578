/**
 * Puts a worker together from its config, as Kafka's ConnectDistributed / ConnectStandalone do:
 * plugins, the Kafka clients and stores, the worker, the herder and the REST server, started in
 * that order and stopped in reverse.
 */
import type { ConfigProviders } from '../config-providers/config-providers.js';
import type { WorkerConfig, WorkerMode } from '../config/worker-config.js';
import type { Herder } from '../herder/herder.js';
import type { StatusWriter } from '../herder/herder-ports.js';
import type { WorkerPort } from '../herder/worker-port.js';
import type { Logger, Loggers } from '../logging/loggers.js';
import { connectMetrics } from '../metrics/connect-metrics.js';
import { instrumentWorker, meteredConnectorStatus } from '../metrics/instrumented-worker.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import { createRestServer, restServerSecurity, type RestServer } from '../rest/rest-server.js';
import {
  ConnectorOffsetReader,
  OffsetStorageWriter,
  type OffsetBackingStore,
  type TransactionalOffsets,
} from '../storage/offset-backing-store.js';
import { HostedWorker } from '../task-hosts/hosted-worker.js';
import type { TransactionalOffsetKeys } from '../task-hosts/host-protocol.js';
import { statusListeners, type InstanceVersions } from '../worker/status-listeners.js';
import { Worker } from '../worker/worker.js';

/** The string form of every worker property, as the Kafka clients take them. */
export function workerProperties(config: WorkerConfig): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(config.originals())) if (v !== undefined && v !== null) out[k] = String(v);
  return out;
}

export interface WorkerParts {
  mode: WorkerMode;
  config: WorkerConfig;
  plugins: PluginRegistry;
  providers: ConfigProviders;
  /** Where statuses go, and the generation they are written with (read at each write). */
  statuses: StatusWriter;
  generation: () => number;
  offsetStore: OffsetBackingStore;
  /**
   * Exactly-once source support: where tasks' offsets go inside their transactions, and (for
   * tasks in task hosts) the offsets topic with a connector's stored keys.
   */
  exactlyOnce?: { transactionalOffsets(connector: string): TransactionalOffsets; offsetKeys(connector: string): TransactionalOffsetKeys } | null;
  loggers: Loggers;
  workerLog: Logger;
  clientLog: Logger;
}

/**
 * The worker that runs connector and task instances: in task hosts (`task.isolation=process`) or
 * on this process's own event loop (`none`), with its status reports and offsets.
 */
export function createWorker(parts: WorkerParts): WorkerPort {
  const redact = (text: string): string => parts.providers.redactor.redact(text);
  if (parts.config.getString('task.isolation') === 'process') {
    return instrumentWorker(new HostedWorker({
      config: parts.config,
      setup: { mode: parts.mode, props: workerProperties(parts.config) },
      loggers: parts.loggers,
      log: parts.workerLog,
      statuses: parts.statuses,
      generation: parts.generation,
      offsetStore: parts.offsetStore,
      transactionalOffsetKeys: parts.exactlyOnce ? (c) => parts.exactlyOnce!.offsetKeys(c) : null,
      redact,
      metrics: connectMetrics,
    }));
  }
  // The listeners ask the worker they report for the versions of its instances.
  let worker: Worker | null = null;
  const versions: InstanceVersions = {
    connector: (name) => worker?.connectorVersion(name) ?? null,
    task: (id) => worker?.taskVersion(id) ?? null,
  };
  const listeners = statusListeners(() => parts.statuses, parts.generation, parts.workerLog, redact, versions);
  worker = new Worker({
    workerConfig: parts.config,
    plugins: parts.plugins,
    configProviders: parts.providers,
    log: parts.workerLog,
    connectorStatus: meteredConnectorStatus(listeners.connector),
    taskStatus: listeners.task,
    offsetReader: (connector) => new ConnectorOffsetReader(connector, parts.offsetStore, parts.clientLog),
    offsetWriter: (connector) => new OffsetStorageWriter(connector, parts.offsetStore, parts.clientLog),
    transactionalOffsets: parts.exactlyOnce ? (c) => parts.exactlyOnce!.transactionalOffsets(c) : null,
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
