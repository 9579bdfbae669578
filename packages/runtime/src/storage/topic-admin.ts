/**
 * Creation and checks of the worker's internal topics (spec §2 "Topic creation and checks"), as
 * Kafka's TopicAdmin and the backing stores' topic initializers do:
 *
 * - a missing topic is created compacted, with the configured partitions and replication factor
 *   (the config topic always gets 1 partition) and the `<prefix><topic-config>` overrides; a
 *   user-supplied cleanup.policy is ignored with a warning;
 * - an existing topic whose cleanup policy is not exactly `compact` stops the worker;
 * - a config topic with more than one partition stops the worker.
 */
import { ConfigException } from '@tsconnect/api';
import { type ClientLog, defaultClientLog } from '../kafka/client-log.js';
import type { KafkaAdmin, NewTopic } from '../kafka/kafka-admin.js';
import type { WorkerProperties } from '../kafka/task-client-configs.js';

export type InternalTopicKind = 'config' | 'offset' | 'status';

interface KindSettings {
  /** Worker property naming the topic, e.g. config.storage.topic. */
  topicProperty: string;
  prefix: string;
  defaultPartitions: number | null;
  /** What the topic holds, in Kafka's error messages. */
  purpose: string;
}

const KINDS: Record<InternalTopicKind, KindSettings> = {
  config: {
    topicProperty: 'config.storage.topic',
    prefix: 'config.storage.',
    defaultPartitions: null,
    purpose: 'connector configurations',
  },
  offset: {
    topicProperty: 'offset.storage.topic',
    prefix: 'offset.storage.',
    defaultPartitions: 25,
    purpose: 'source connector offsets',
  },
  status: {
    topicProperty: 'status.storage.topic',
    prefix: 'status.storage.',
    defaultPartitions: 5,
    purpose: 'connector and task statuses',
  },
};

/** Keys under a prefix that are settings of the worker, not topic configs. */
const WORKER_SUFFIXES = new Set(['topic', 'partitions', 'replication.factor']);

/** The topic a worker would create for `kind`, from its properties. */
export function internalTopic(kind: InternalTopicKind, worker: WorkerProperties, log: ClientLog = defaultClientLog): NewTopic {
  const settings = KINDS[kind];
  const name = worker[settings.topicProperty];
  if (name === undefined || name.trim() === '') {
    throw new ConfigException(`Missing required configuration "${settings.topicProperty}" which has no default value.`);
  }
  const configs: Record<string, string> = {};
  for (const [key, value] of Object.entries(worker)) {
    if (!key.startsWith(settings.prefix)) continue;
    const topicConfig = key.slice(settings.prefix.length);
    if (WORKER_SUFFIXES.has(topicConfig)) continue;
    if (topicConfig === 'cleanup.policy') {
      log.warn(`Ignoring '${key}=${value}': the ${settings.topicProperty} topic is always created with cleanup.policy=compact`);
      continue;
    }
    configs[topicConfig] = value;
  }
  configs['cleanup.policy'] = 'compact';
  const partitions =
    settings.defaultPartitions === null ? 1 : intSetting(worker, `${settings.prefix}partitions`, settings.defaultPartitions);
  return { name, partitions, replicationFactor: intSetting(worker, `${settings.prefix}replication.factor`, 3), configs };
}

/**
 * Creates the internal topic of `kind` when it is missing; when it exists, requires it to be
 * compacted (and nothing else). Returns the topic name.
 */
export async function ensureInternalTopic(
  admin: KafkaAdmin,
  kind: InternalTopicKind,
  worker: WorkerProperties,
  log: ClientLog = defaultClientLog,
): Promise<string> {
  const topic = internalTopic(kind, worker, log);
  const created = await admin.createTopics([topic]);
  if (created.includes(topic.name)) {
    log.info(
      `Created topic '${topic.name}' with ${topic.partitions} partitions and replication factor ${topic.replicationFactor}`,
    );
  } else {
    const configs = await admin.describeTopicConfigs([topic.name]);
    verifyCleanupPolicyOnlyCompact(kind, topic.name, configs.get(topic.name)?.get('cleanup.policy') ?? null, log);
  }
  return topic.name;
}

/** Kafka's TopicAdmin.verifyTopicCleanupPolicyOnlyCompact; an unknown policy is only logged, as there. */
export function verifyCleanupPolicyOnlyCompact(
  kind: InternalTopicKind,
  topic: string,
  cleanupPolicy: string | null,
  log: ClientLog = defaultClientLog,
): void {
  const { topicProperty, purpose } = KINDS[kind];
  const policies = [
    ...new Set(
      (cleanupPolicy ?? '')
        .split(',')
        .map((p) => p.trim().toLowerCase())
        .filter((p) => p !== ''),
    ),
  ];
  if (policies.length === 0) {
    log.info(`Unable to use admin client to verify the cleanup policy of '${topic}' topic is 'compact'`);
    return;
  }
  if (policies.length === 1 && policies[0] === 'compact') return;
  throw new ConfigException(
    `Topic '${topic}' supplied via the '${topicProperty}' property is required to have 'cleanup.policy=compact' ` +
      `to guarantee consistency and durability of ${purpose}, but found the topic currently has ` +
      `'cleanup.policy=${policies.join(',')}'. Continuing would likely result in eventually losing ${purpose} and ` +
      `problems restarting this Connect cluster in the future. Change the '${topicProperty}' property in the ` +
      `Connect worker configurations to use a topic with 'cleanup.policy=compact'.`,
  );
}

/** The config topic must have exactly one partition so that all workers read configs in one order. */
export function verifyConfigTopicPartitions(topic: string, partitionCount: number): void {
  if (partitionCount > 1) {
    throw new ConfigException(
      `Topic '${topic}' supplied via the 'config.storage.topic' property is required to have a single partition ` +
        `in order to guarantee consistency of connector configurations, but found ${partitionCount} partitions.`,
    );
  }
}

function intSetting(worker: WorkerProperties, key: string, defaultValue: number): number {
  const raw = worker[key];
  if (raw === undefined) return defaultValue;
  const value = Number(raw.trim());
  if (!Number.isInteger(value)) throw new ConfigException(key, raw, 'Not a number of type INT');
  return value;
}
