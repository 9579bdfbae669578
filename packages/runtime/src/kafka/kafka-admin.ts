/**
 * The admin operations the worker needs: create, describe and delete topics, read topic configs,
 * read/alter/delete consumer group offsets (sink connector offsets), and the cluster id (GET /).
 *
 * Built on @platformatic/kafka's Admin rather than librdkafka's, whose JavaScript binding has no
 * describe-configs, no alter/delete group offsets and no cluster id.
 *
 * The package is loaded on first use, not at import: evaluating it compiles its option schemas
 * with ajv, about 40% of a process's start-up CPU, and a task host whose tasks never create a topic
 * or read a group's offsets never needs it.
 */
import type { AdminOptions, Admin } from '@platformatic/kafka';
import type { TopicPartition, TopicPartitionOffset } from './kafka-consumer.js';
import type { ClientProperties } from './client-config.js';
import { toAdminOptions } from './admin-client-options.js';
import { toConnectError } from './kafka-error.js';

export interface NewTopic {
  name: string;
  /** -1: the broker's default. */
  partitions: number;
  /** -1: the broker's default. */
  replicationFactor: number;
  configs?: Readonly<Record<string, string>>;
}

interface TopicDescription {
  name: string;
  partitions: number;
}

const TOPIC_ALREADY_EXISTS = 36;
/** How long createTopics waits for its topics to be listed: at most 100 x 50 ms. */
const VISIBLE_ATTEMPTS = 100;
const VISIBLE_BACKOFF_MS = 50;
/** Kafka's ConfigResource.Type.TOPIC. */
const TOPIC_RESOURCE = 2;

type Platformatic = typeof import('@platformatic/kafka');
let platformatic: Promise<Platformatic> | undefined;
const loadPlatformatic = (): Promise<Platformatic> => (platformatic ??= import('@platformatic/kafka'));

export class KafkaAdmin {
  readonly #options: AdminOptions;
  #client: Promise<Admin> | undefined;
  #closed = false;

  constructor(props: ClientProperties, defaultClientId = 'tsconnect-admin') {
    this.#options = toAdminOptions(props, defaultClientId);
  }

  get #admin(): Promise<Admin> {
    if (this.#closed) return Promise.reject(new Error('The admin client is closed'));
    return (this.#client ??= loadPlatformatic().then(({ Admin }) => new Admin(this.#options)));
  }

  /**
   * Creates each topic unless it exists; resolves with the names of the topics it created
   * (Kafka's TopicAdmin.createOrFindTopics splits into created and existing the same way).
   */
  async createTopics(topics: readonly NewTopic[]): Promise<string[]> {
    const created: string[] = [];
    for (const topic of topics) {
      try {
        await (await this.#admin).createTopics({
          topics: [topic.name],
          partitions: topic.partitions,
          replicas: topic.replicationFactor,
          configs: Object.entries(topic.configs ?? {}).map(([name, value]) => ({ name, value })),
        });
        created.push(topic.name);
      } catch (error) {
        if (!hasErrorCode(error, TOPIC_ALREADY_EXISTS)) throw toConnectError(`Failed to create topic ${topic.name}`, error);
      }
    }
    if (created.length > 0) await this.#awaitListed(created);
    return created;
  }

  /**
   * The controller answers CreateTopics once the topic is in its log; a broker's metadata may show
   * it a moment later (seen: describeTopics right after a create found nothing on a loaded
   * machine). Wait, for a bounded while, until the topics are listed, so that a caller that
   * describes, produces to or reads what it just created finds it.
   */
  async #awaitListed(names: readonly string[]): Promise<void> {
    for (let attempt = 0; attempt < VISIBLE_ATTEMPTS; attempt++) {
      const listed = new Set(await (await this.#admin).listTopics({ includeInternals: true }).catch(() => [] as string[]));
      if (names.every((name) => listed.has(name))) return;
      await new Promise((resolve) => setTimeout(resolve, VISIBLE_BACKOFF_MS));
    }
  }

  /** Partition counts of the topics that exist; missing topics are absent from the result. */
  async describeTopics(names: readonly string[]): Promise<Map<string, TopicDescription>> {
    try {
      const existing = new Set(await (await this.#admin).listTopics({ includeInternals: true }));
      const wanted = names.filter((name) => existing.has(name));
      const result = new Map<string, TopicDescription>();
      if (wanted.length === 0) return result;
      const metadata = await (await this.#admin).metadata({ topics: wanted, autocreateTopics: false, forceUpdate: true });
      for (const name of wanted) {
        const topic = metadata.topics.get(name);
        if (topic) result.set(name, { name, partitions: topic.partitionsCount });
      }
      return result;
    } catch (error) {
      throw toConnectError(`Failed to describe topics ${names.join(', ')}`, error);
    }
  }

  /** The effective configs (e.g. cleanup.policy) of existing topics, by topic name. */
  async describeTopicConfigs(names: readonly string[]): Promise<Map<string, Map<string, string | null>>> {
    try {
      const descriptions = await (await this.#admin).describeConfigs({
        resources: names.map((resourceName) => ({ resourceType: TOPIC_RESOURCE, resourceName })),
      });
      return new Map(
        descriptions.map((d) => [d.resourceName, new Map(d.configs.map((c) => [c.name, c.value ?? null] as const))]),
      );
    } catch (error) {
      throw toConnectError(`Failed to describe the configs of ${names.join(', ')}`, error);
    }
  }

  async deleteTopics(names: readonly string[]): Promise<void> {
    try {
      await (await this.#admin).deleteTopics({ topics: [...names] });
    } catch (error) {
      throw toConnectError(`Failed to delete topics ${names.join(', ')}`, error);
    }
  }

  /** The committed offsets of a consumer group (partitions without a committed offset are left out). */
  async listConsumerGroupOffsets(groupId: string): Promise<TopicPartitionOffset[]> {
    try {
      const [group] = await (await this.#admin).listConsumerGroupOffsets({ groups: [groupId] });
      const offsets: TopicPartitionOffset[] = [];
      for (const topic of group?.topics ?? []) {
        for (const p of topic.partitions) {
          if (p.committedOffset < 0n) continue;
          const offset = Number(p.committedOffset);
          offsets.push({ topic: topic.name, partition: p.partitionIndex, offset, metadata: p.metadata });
        }
      }
      return offsets;
    } catch (error) {
      throw toConnectError(`Failed to list the offsets of group ${groupId}`, error);
    }
  }

  /** Sets committed offsets of a group; the broker refuses while the group has active members. */
  async alterConsumerGroupOffsets(groupId: string, offsets: readonly TopicPartitionOffset[]): Promise<void> {
    try {
      await (await this.#admin).alterConsumerGroupOffsets({
        groupId,
        topics: groupByTopic(offsets).map(([name, list]) => ({
          name,
          partitionOffsets: list.map((o) => ({ partition: o.partition, offset: BigInt(o.offset) })),
        })),
      });
    } catch (error) {
      throw toConnectError(`Failed to alter the offsets of group ${groupId}`, error);
    }
  }

  async deleteConsumerGroupOffsets(groupId: string, partitions: readonly TopicPartition[]): Promise<void> {
    try {
      await (await this.#admin).deleteConsumerGroupOffsets({
        groupId,
        topics: groupByTopic(partitions).map(([name, list]) => ({ name, partitionIndexes: list.map((p) => p.partition) })),
      });
    } catch (error) {
      throw toConnectError(`Failed to delete the offsets of group ${groupId}`, error);
    }
  }

  /**
   * Removes from a consumer group the members that connect with this client id, by a LeaveGroup
   * on their behalf (KIP-345's batch form, by member id); resolves with how many it removed.
   */
  async removeGroupMembersByClientId(groupId: string, clientId: string): Promise<number> {
    try {
      const admin = await this.#admin;
      const group = (await admin.describeGroups({ groups: [groupId] })).get(groupId);
      const members = [...(group?.members.values() ?? [])].filter((member) => member.clientId === clientId);
      if (members.length === 0) return 0;
      await admin.removeMembersFromConsumerGroup({ groupId, members: members.map((member) => ({ memberId: member.id })) });
      return members.length;
    } catch (error) {
      throw toConnectError(`Failed to remove the members with client id ${clientId} from group ${groupId}`, error);
    }
  }

  /** The Kafka cluster id (shown by GET / as kafka_cluster_id). */
  async clusterId(): Promise<string> {
    try {
      const metadata = await (await this.#admin).metadata({ topics: [], forceUpdate: true });
      return metadata.id;
    } catch (error) {
      throw toConnectError('Failed to read the Kafka cluster id', error);
    }
  }

  async close(): Promise<void> {
    const client = this.#client;
    this.#closed = true;
    if (client) await (await client).close();
  }
}

function groupByTopic<T extends TopicPartition>(items: readonly T[]): [string, T[]][] {
  const byTopic = new Map<string, T[]>();
  for (const item of items) {
    const list = byTopic.get(item.topic) ?? [];
    list.push(item);
    byTopic.set(item.topic, list);
  }
  return [...byTopic];
}

/** Whether a platformatic error (possibly a MultipleErrors wrapper) carries this Kafka error code. */
function hasErrorCode(error: unknown, code: number): boolean {
  const seen = new Set<unknown>();
  const visit = (e: unknown): boolean => {
    if (e === null || typeof e !== 'object' || seen.has(e)) return false;
    seen.add(e);
    const record = e as { apiCode?: unknown; errors?: unknown; cause?: unknown; response?: unknown };
    if (record.apiCode === code) return true;
    if (Array.isArray(record.errors) && record.errors.some(visit)) return true;
    if (record.errors && typeof record.errors === 'object' && Object.values(record.errors).some(visit)) return true;
    return visit(record.cause);
  };
  return visit(error);
}
