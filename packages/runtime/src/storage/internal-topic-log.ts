/**
 * The log over one of the worker's internal topics, opened the same way by each backing store:
 * the topic named by the worker's properties, created or checked on start, read and written with
 * the worker's client settings.
 */
import type { ClientLog } from '../kafka/client-log.js';
import type { KafkaAdmin } from '../kafka/kafka-admin.js';
import type { ConsumerRecord } from '../kafka/kafka-consumer.js';
import { type WorkerProperties, workerClientProperties } from '../kafka/task-client-configs.js';
import { KafkaBasedLog } from './kafka-based-log.js';
import { type InternalTopicKind, ensureInternalTopic, internalTopic } from './topic-admin.js';

/** What a backing store over an internal topic is built from. */
export interface InternalTopicStoreOptions {
  worker: WorkerProperties;
  /** Creates and checks the topic. */
  admin: KafkaAdmin;
  log?: ClientLog;
}

interface InternalTopicLogOptions extends InternalTopicStoreOptions {
  log: ClientLog;
  /** The store's producer settings, over the worker's. */
  producerSettings: Record<string, string>;
  onRecord: (record: ConsumerRecord) => void;
}

export function internalTopicLog(kind: InternalTopicKind, options: InternalTopicLogOptions): KafkaBasedLog {
  const { worker, admin, log } = options;
  const props = internalTopicClientProps(kind, worker, options.producerSettings);
  // With exactly-once source support, offsets (and the leader's config writes) may be written in
  // transactions: only committed records are read. Statuses are never written in one.
  if (kind !== 'status' && worker['exactly.once.source.support'] === 'enabled') props.consumer['isolation.level'] = 'read_committed';
  return new KafkaBasedLog({
    topic: internalTopic(kind, worker, log).name,
    consumerProps: props.consumer,
    producerProps: props.producer,
    onRecord: options.onRecord,
    initialize: async () => {
      await ensureInternalTopic(admin, kind, worker, log);
    },
    log,
  });
}

const CLIENT_ID_SUFFIX: Record<InternalTopicKind, string> = { config: 'configs', offset: 'offsets', status: 'statuses' };

/**
 * Consumer and producer properties of the worker's log over an internal topic: every worker
 * setting without a client prefix (as Kafka passes the worker's originals), a client id
 * `<group.id>-configs|offsets|statuses`, and the topic's producer settings.
 */
function internalTopicClientProps(
  kind: InternalTopicKind,
  worker: WorkerProperties,
  producerSettings: Record<string, string>,
): { consumer: Record<string, string>; producer: Record<string, string> } {
  const clientId = `${worker['client.id'] || worker['group.id'] || 'connect'}-${CLIENT_ID_SUFFIX[kind]}`;
  return {
    // librdkafka's fetch sometimes waits its whole fetch.wait.max.ms (500 ms) although a record
    // arrived; every readToEnd after a write (config changes, rebalances) paid it. A short wait
    // costs a few more empty fetches of three small topics. A worker setting still wins.
    consumer: { 'fetch.max.wait.ms': '50', ...workerClientProperties(worker, { 'client.id': clientId }) },
    producer: workerClientProperties(worker, { 'client.id': clientId, ...producerSettings }),
  };
}
