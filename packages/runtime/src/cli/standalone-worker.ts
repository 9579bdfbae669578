import { readPropertiesFile } from '../config/properties-file.js';
import { ConfigProviders } from '../config-providers/config-providers.js';
import { WorkerConfig } from '../config/worker-config.js';
import { loggers as defaultLoggers, type Loggers } from '../logging/loggers.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import { FileOffsetBackingStore } from '../storage/offset-backing-store.js';
import { LocalGroupMember } from '../standalone/local-group-member.js';
import { MemoryConfigBackingStore } from '../standalone/memory-config-store.js';
import { MemoryStatusBackingStore } from '../standalone/memory-status-store.js';
import { connectToCluster, startHerder, type RunningWorker } from './worker-assembly.js';

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
  const config = WorkerConfig.standalone(props, plugins);
  const connectorConfigs = await Promise.all(connectorFiles.map((file) => readPropertiesFile(file)));
  const connected = await connectToCluster(config);
  const offsetStore = new FileOffsetBackingStore(config.offsetStorageFileName(), clientLog);
  await offsetStore.start();
  const configStore = new MemoryConfigBackingStore();
  const groupLog = loggers.get('org.apache.kafka.connect.runtime.standalone.StandaloneHerder');
  const { herder, rest, stop } = await startHerder(connected, { plugins, providers, loggers }, {
    configStore,
    statusStore: new MemoryStatusBackingStore(),
    offsetStore,
    stores: [offsetStore],
    group: {
      protocol: 'compatible',
      workerSyncTimeoutMs: 3000,
      scheduledRebalanceMaxDelayMs: 0,
      createMember: (callbacks) => new LocalGroupMember(callbacks, groupLog),
      sendTaskConfigsToLeader: async () => {
        throw new Error('A standalone worker is its own leader');
      },
    },
  });
  await herder.whenReady();
  for (const connectorConfig of connectorConfigs) {
    const name = connectorConfig['name'];
    if (!name) throw new Error('A connector properties file has no name');
    await herder.putConnectorConfig(name, connectorConfig, { allowReplace: true });
    log.info(`Created connector ${name}`);
  }
  log.info(`Kafka Connect standalone worker ${connected.workerId} started; REST API on ${rest.listenerUrls().join(', ')}`);

  let stopping: Promise<void> | null = null;
  return {
    herder,
    rest,
    stop() {
      stopping ??= stop();
      return stopping;
    },
  };
}
