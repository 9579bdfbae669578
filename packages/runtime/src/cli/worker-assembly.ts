/**
 * Puts a worker together from its config, as Kafka's ConnectDistributed / ConnectStandalone do:
 * plugins, the Kafka clients and stores, the worker, the herder and the REST server, started in
 * that order and stopped in reverse. The two modes differ only in their stores and their group
 * (distributed-worker.ts, standalone-worker.ts); what they share is here.
 */
import type { ConfigProviders } from '../config-providers/config-providers.js';
import type { WorkerConfig, WorkerMode } from '../config/worker-config.js';
import { DistributedHerder, type DistributedHerderOptions } from '../distributed/distributed-herder.js';
import { ConnectorOffsetsOperations } from '../herder/connector-offsets.js';
import type { Herder } from '../herder/herder.js';
import type { ConfigStore, ConfigUpdateListener, StatusWriter } from '../herder/herder-ports.js';
import {
  SinkOffsetsView,
  SourceOffsetsView,
  StatusStoreView,
  type StatusStore,
} from '../herder/store-adapters.js';
import type { WorkerPort } from '../herder/worker-port.js';
import { KafkaAdmin } from '../kafka/kafka-admin.js';
import { workerClientProperties } from '../kafka/task-client-configs.js';
import type { Logger, Loggers } from '../logging/loggers.js';
import { connectMetrics } from '../metrics/connect-metrics.js';
import { instrumentWorker, meteredConnectorStatus } from '../metrics/instrumented-worker.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import { createRestServer, restServerSecurity, type RestServer } from '../rest/rest-server.js';
import type { OffsetBackingStore, TransactionalOffsets } from '../storage/offset-backing-store.js';
import { HostedWorker } from '../task-hosts/hosted-worker.js';
import type { TransactionalOffsetKeys } from '../task-hosts/host-protocol.js';
import { statusListeners, topicUseRecorder, type InstanceVersions } from '../worker/status-listeners.js';
import { Worker } from '../worker/worker.js';

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
  if (parts.config.taskIsolation() === 'process') {
    return instrumentWorker(new HostedWorker({
      config: parts.config,
      setup: { mode: parts.mode, props: parts.config.stringProperties() },
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
    offsetStore: parts.offsetStore,
    offsetLog: parts.clientLog,
    transactionalOffsets: parts.exactlyOnce ? (c) => parts.exactlyOnce!.transactionalOffsets(c) : null,
    onTopicUsed: topicUseRecorder(parts.statuses, parts.workerLog),
  });
  return instrumentWorker(worker);
}

/** The REST server for a herder, from the worker's listener, advertised-address and security keys. */
export function createWorkerRestServer(herder: Herder, config: WorkerConfig): RestServer {
  return createRestServer({
    ...restServerSecurity(config.stringProperties()),
    herder,
    listeners: config.requireList('listeners'),
    adminListeners: config.getList('admin.listeners'),
    advertisedListener: config.getString('rest.advertised.listener'),
    advertisedHostName: config.getString('rest.advertised.host.name'),
    advertisedPort: (config.get('rest.advertised.port') as number | null) ?? null,
    topicTrackingEnabled: config.getBoolean('topic.tracking.enable'),
    topicTrackingResetAllowed: config.getBoolean('topic.tracking.allow.reset'),
    consoleEnabled: config.getBoolean('rest.console.enable'),
  });
}

/** A worker's config with what it knows once it reached its Kafka cluster. */
export interface ConnectedWorker {
  config: WorkerConfig;
  /** The worker's properties as strings, as its clients and stores take them. */
  props: Record<string, string>;
  workerId: string;
  /** The worker's shared admin client, closed last. */
  admin: KafkaAdmin;
  clusterId: string;
}

/** Opens the worker's shared admin client and asks the cluster its id. */
export async function connectToCluster(config: WorkerConfig): Promise<ConnectedWorker> {
  const props = config.stringProperties();
  const workerId = config.workerId();
  const admin = new KafkaAdmin(workerClientProperties(props), `${workerId}-shared-admin`);
  return { config, props, workerId, admin, clusterId: await admin.clusterId() };
}

/** What the process lends its worker: the plugins, the config providers and the loggers. */
export interface WorkerEnvironment {
  plugins: PluginRegistry;
  providers: ConfigProviders;
  loggers: Loggers;
}

/** What a mode brings to the herder: its stores and how it meets its group. */
export interface HerderParts {
  configStore: ConfigStore & { setUpdateListener(listener: ConfigUpdateListener): void };
  statusStore: StatusStore;
  offsetStore: OffsetBackingStore;
  exactlyOnce?: WorkerParts['exactlyOnce'];
  /** The stores to stop once the worker has stopped, in this order. */
  stores: readonly { stop(): Promise<void> }[];
  group: Pick<
    DistributedHerderOptions,
    'protocol' | 'workerSyncTimeoutMs' | 'scheduledRebalanceMaxDelayMs' | 'createMember' | 'sendTaskConfigsToLeader' | 'fenceProducers'
  >;
}

/** A started worker of either mode. */
export interface RunningWorker {
  readonly herder: DistributedHerder;
  readonly rest: RestServer;
  /** Stops REST, the herder, the worker, the stores and the admin client, in that order. */
  stop(): Promise<void>;
}

/** The worker, the herder over it and the REST server, started. */
export async function startHerder(worker: ConnectedWorker, env: WorkerEnvironment, parts: HerderParts): Promise<RunningWorker> {
  const { config, workerId, admin } = worker;
  const { loggers, plugins } = env;
  const { offsetStore } = parts;
  const statuses = new StatusStoreView(parts.statusStore, workerId);
  let herder: DistributedHerder | null = null;
  const runner = createWorker({
    mode: config.mode,
    config,
    plugins,
    providers: env.providers,
    statuses,
    generation: () => herder?.statusGeneration() ?? 0,
    offsetStore,
    exactlyOnce: parts.exactlyOnce ?? null,
    loggers,
    workerLog: loggers.get('org.apache.kafka.connect.runtime.Worker'),
    clientLog: loggers.get('org.apache.kafka.clients'),
  });
  const started = new DistributedHerder({
    ...parts.group,
    workerConfig: config,
    workerId,
    advertisedUrl: config.advertisedUrl(),
    clusterId: worker.clusterId,
    plugins,
    loggers,
    worker: runner,
    configStore: parts.configStore,
    statusReader: statuses,
    statusWriter: statuses,
    offsets: new ConnectorOffsetsOperations(new SourceOffsetsView(offsetStore), new SinkOffsetsView(admin)),
  });
  herder = started;
  parts.configStore.setUpdateListener(started);
  const rest = createWorkerRestServer(started, config);
  started.start();
  await rest.start();
  return {
    herder: started,
    rest,
    async stop() {
      await rest.stop();
      await started.stop();
      await runner.stop();
      for (const store of parts.stores) await store.stop();
      await admin.close();
    },
  };
}
