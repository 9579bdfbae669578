import { ConfigProviders } from '../config-providers/config-providers.js';
import { WorkerConfig } from '../config/worker-config.js';
import { groupConnectionOptions } from '../distributed/membership/group-connection-options.js';
import { WorkerGroupMember } from '../distributed/membership/worker-group-member.js';
import type { ConnectProtocolMode } from '../distributed/protocol/sub-protocols.js';
import { KafkaProducer } from '../kafka/kafka-producer.js';
import { withPrefix, workerClientProperties } from '../kafka/task-client-configs.js';
import { loggers as defaultLoggers, type Loggers } from '../logging/loggers.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import { RestClient } from '../rest/rest-client.js';
import { restTls } from '../rest/rest-tls.js';
import { KafkaConfigBackingStore } from '../storage/config-backing-store.js';
import { KafkaOffsetBackingStore } from '../storage/offset-backing-store.js';
import { KafkaStatusBackingStore } from '../storage/status-backing-store.js';
import { connectToCluster, startHerder, type RunningWorker } from './worker-assembly.js';

/** Starts a distributed worker: stores read, group joined, REST serving. */
export async function startDistributedWorker(
  props: Record<string, string>,
  plugins: PluginRegistry,
  loggers: Loggers = defaultLoggers,
  providers: ConfigProviders = new ConfigProviders(new Map()),
): Promise<RunningWorker> {
  const log = loggers.get('org.apache.kafka.connect.cli.ConnectDistributed');
  const clientLog = loggers.get('org.apache.kafka.clients');
  const connected = await connectToCluster(WorkerConfig.distributed(props, plugins));
  const { config, props: worker, workerId, admin, clusterId } = connected;
  log.info(`Kafka cluster ID: ${clusterId}`);

  const offsetStore = new KafkaOffsetBackingStore({ worker, admin, log: clientLog });
  const exactlyOnce = config.exactlyOnceSourceEnabled();
  const statusStore = new KafkaStatusBackingStore({ worker, admin, log: clientLog });
  const configStore = new KafkaConfigBackingStore({ worker, admin, log: clientLog });
  await offsetStore.start();
  await statusStore.start();
  await configStore.start();

  // Internal requests to the leader trust the same CA as the REST listeners (https clusters).
  const leaderClient = new RestClient({ timeoutMs: 90_000, ...(restTls(worker)?.client ? { tls: restTls(worker)!.client } : {}) });
  const groupLog = loggers.get('org.apache.kafka.connect.runtime.distributed.WorkerCoordinator');
  const { herder, rest, stop } = await startHerder(connected, { plugins, providers, loggers }, {
    configStore,
    statusStore,
    offsetStore,
    exactlyOnce: exactlyOnce
      ? {
          transactionalOffsets: (c) => offsetStore.transactionalOffsets(c),
          offsetKeys: (c) => ({ topic: offsetStore.topic, keys: offsetStore.connectorKeys(c) }),
        }
      : null,
    stores: [configStore, statusStore, offsetStore],
    group: {
      protocol: config.getString('connect.protocol') as ConnectProtocolMode,
      workerSyncTimeoutMs: config.getInt('worker.sync.timeout.ms'),
      scheduledRebalanceMaxDelayMs: config.getInt('scheduled.rebalance.max.delay.ms'),
      createMember: (callbacks) =>
        new WorkerGroupMember(
          {
            bootstrapServers: config.bootstrapServers(),
            groupId: config.groupId(),
            clientId: `connect-${workerId}`,
            sessionTimeoutMs: config.getInt('session.timeout.ms'),
            rebalanceTimeoutMs: config.getInt('rebalance.timeout.ms'),
            heartbeatIntervalMs: config.getInt('heartbeat.interval.ms'),
            connection: groupConnectionOptions(config),
            log: groupLog,
          },
          callbacks,
        ),
      // Signed (sessioned protocol) over exactly this body: the leader verifies the same bytes.
      sendTaskConfigsToLeader: async (leaderUrl, connector, configs, signatureHeaders) => {
        const url = new URL(`connectors/${encodeURIComponent(connector)}/tasks?forward=true`, leaderUrl);
        await leaderClient.request(url.toString(), { method: 'POST', body: JSON.stringify(configs), headers: signatureHeaders });
      },
      fenceProducers: exactlyOnce
        ? async (transactionalIds) => {
            // A producer registering a transactional id bumps its epoch: the older producer is fenced
            // and its open transaction aborted (what Kafka's Admin.fenceProducers does).
            for (const id of transactionalIds) {
              const producer = KafkaProducer.fromProperties(
                { ...workerClientProperties(worker), ...withPrefix(worker, 'producer.'), 'client.id': `${workerId}-fencing-${id}`, 'transactional.id': id },
                clientLog,
              );
              await producer.connect();
              try {
                await producer.initTransactions();
              } finally {
                await producer.disconnect();
              }
            }
          }
        : null,
    },
  });
  log.info(`Kafka Connect worker ${workerId} started; REST API on ${rest.listenerUrls().join(', ')}`);

  let stopping: Promise<void> | null = null;
  return {
    herder,
    rest,
    stop() {
      stopping ??= (async () => {
        log.info('Kafka Connect stopping');
        await stop();
        log.info('Kafka Connect stopped');
      })();
      return stopping;
    },
  };
}
