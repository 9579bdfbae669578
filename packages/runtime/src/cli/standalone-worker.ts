import { readPropertiesFile } from '../config/properties-file.js';
import { ConfigProviders } from '../config-providers/config-providers.js';
import { WorkerConfig } from '../config/worker-config.js';
import { DistributedHerder } from '../distributed/distributed-herder.js';
import { ConnectorOffsetsOperations } from '../herder/connector-offsets.js';
import { SinkOffsetsView, SourceOffsetsView, StatusStoreView } from '../herder/store-adapters.js';
import { KafkaAdmin } from '../kafka/kafka-admin.js';
import { workerClientProperties } from '../kafka/task-client-configs.js';
import { loggers as defaultLoggers, type Loggers } from '../logging/loggers.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import { FileOffsetBackingStore } from '../storage/offset-backing-store.js';
import { LocalGroupMember } from '../standalone/local-group-member.js';
import { MemoryConfigBackingStore } from '../standalone/memory-config-store.js';
import { MemoryStatusBackingStore } from '../standalone/memory-status-store.js';
import type { RunningWorker } from './distributed-worker.js';
import { createWorker, createWorkerRestServer, workerProperties } from './worker-assembly.js';

/**
 * Starts a standalone worker: connector configs from properties files (and REST) held in memory,
 * source offsets in offset.storage.file.filename, the same herder over a group of one.
 */
export async function startStandaloneWorker(
  props: Record<string, string>,
  connectorFiles: readonly string[],
  plugins: PluginRegistry,
  loggers: Loggers = defaultLoggers,
  providers: ConfigProviders = new ConfigProviders(new Map()),
): Promise<RunningWorker> {
  const log = loggers.get('org.apache.kafka.connect.cli.ConnectStandalone');
  const clientLog = loggers.get('org.apache.kafka.clients');
  const workerLog = loggers.get('org.apache.kafka.connect.runtime.Worker');
  const config = WorkerConfig.standalone(props, plugins);
  const worker = workerProperties(config);
  const advertisedUrl = config.advertisedUrl();
  const workerId = config.workerId();
  const connectorConfigs = await Promise.all(connectorFiles.map((file) => readPropertiesFile(file)));

  const admin = new KafkaAdmin(workerClientProperties(worker), `${workerId}-shared-admin`);
  const clusterId = await admin.clusterId();
  const offsetStore = new FileOffsetBackingStore(config.getString('offset.storage.file.filename')!, clientLog);
  await offsetStore.start();
  const configStore = new MemoryConfigBackingStore();
  const statuses = new StatusStoreView(new MemoryStatusBackingStore(), workerId);

  let herder: DistributedHerder | null = null;
  const runner = createWorker({
    mode: 'standalone',
    config,
    plugins,
    providers,
    statuses,
    generation: () => herder?.statusGeneration() ?? 0,
    offsetStore,
    loggers,
    workerLog,
    clientLog,
  });
  const groupLog = loggers.get('org.apache.kafka.connect.runtime.standalone.StandaloneHerder');
  herder = new DistributedHerder({
    workerConfig: config,
    workerId,
    advertisedUrl,
    clusterId,
    plugins,
    loggers,
    worker: runner,
    configStore,
    statusReader: statuses,
    statusWriter: statuses,
    offsets: new ConnectorOffsetsOperations(new SourceOffsetsView(offsetStore), new SinkOffsetsView(admin)),
    protocol: 'compatible',
    workerSyncTimeoutMs: 3000,
    scheduledRebalanceMaxDelayMs: 0,
    createMember: (callbacks) => new LocalGroupMember(callbacks, groupLog),
    sendTaskConfigsToLeader: async () => {
      throw new Error('A standalone worker is its own leader');
    },
  });
  configStore.setUpdateListener(herder);
  const rest = createWorkerRestServer(herder, config);
  herder.start();
  await rest.start();
  await herder.whenReady();
  for (const connectorConfig of connectorConfigs) {
    const name = connectorConfig['name'];
    if (!name) throw new Error('A connector properties file has no name');
    await herder.putConnectorConfig(name, connectorConfig, { allowReplace: true });
    log.info(`Created connector ${name}`);
  }
  log.info(`Kafka Connect standalone worker ${workerId} started; REST API on ${rest.listenerUrls().join(', ')}`);

  let stopping: Promise<void> | null = null;
  return {
    herder,
    rest,
    stop() {
      stopping ??= (async () => {
        await rest.stop();
        await herder!.stop();
        await runner.stop();
        await offsetStore.stop();
        await admin.close();
      })();
      return stopping;
    },
  };
}
