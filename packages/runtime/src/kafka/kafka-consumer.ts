/**
 * A promise-based consumer over librdkafka with the control a Connect worker needs: group
 * subscription with rebalance listeners, or manual assignment without a group; batch consumption
 * with a maximum wait; seek, pause/resume, explicit offset commits, committed offsets, positions
 * and watermarks. Offsets follow Kafka's convention: a committed offset is the next one to read.
 *
 * Rebalance listeners may be async. Assigned partitions are taken into use before
 * `onPartitionsAssigned` runs (so it can seek); revoked partitions are released only after
 * `onPartitionsRevoked` has finished (so it can commit their offsets). `consume` waits for a
 * listener in progress and never returns records of partitions no longer assigned.
 */
import { RdKafka } from '@confluentinc/kafka-javascript';
import type { TimestampType } from '@tsconnect/api';
import { type ClientLog, defaultClientLog } from './client-log.js';
import { type ClientProperties, consumerPrefetch, type LibrdkafkaConfig, maxPollRecords, toLibrdkafkaConfig } from './client-config.js';
import { toConnectError } from './kafka-error.js';
import type { RecordHeader } from './kafka-producer.js';

export interface TopicPartition {
  topic: string;
  partition: number;
}

export interface TopicPartitionOffset extends TopicPartition {
  offset: number;
  /** Commit metadata; only for commits and committed offsets. */
  metadata?: string | null;
}

export interface ConsumerRecord {
  topic: string;
  partition: number;
  offset: number;
  key: Buffer | null;
  value: Buffer | null;
  /** In record order; a header's value is never null (librdkafka reads null as empty bytes). Shared and frozen when empty. */
  headers: readonly RecordHeader[];
  /** Milliseconds since the epoch, or -1 when the record has none. */
  timestamp: number;
  /**
   * How the timestamp was set, as the broker says, from a packed consumer; from any other,
   * CreateTime whenever there is a timestamp (the binding's `consume` does not say, and
   * CreateTime is the broker default, message.timestamp.type).
   */
  timestampType: TimestampType;
}

export interface RebalanceListener {
  onPartitionsAssigned?(partitions: TopicPartition[]): void | Promise<void>;
  /** `lost`: the partitions were taken away (session expired), committing them would fail. */
  onPartitionsRevoked?(partitions: TopicPartition[], lost: boolean): void | Promise<void>;
}

interface Watermarks {
  low: number;
  high: number;
}

/** Logical offsets accepted by `assign` and `seek`. */
/** librdkafka's codes for a topic or partition the broker does not know (yet). */
const MISSING_TOPIC_CODES = new Set([3, -188, -190]);

export const OFFSET_BEGINNING = -2;
/** No offset: nothing committed, or nothing fetched yet. */
const OFFSET_INVALID = -1001;

const ERR_ASSIGN_PARTITIONS = -175;

/** Methods the binding has but its type declarations omit. */
interface UntypedConsumer {
  commitCb(offsets: RdKafka.TopicPartitionOffsetAndMetadata[], cb: (err: RdKafka.LibrdKafkaError | null) => void): void;
  setDefaultIsTimeoutOnlyForFirstMessage(value: boolean): void;
  incrementalAssign(partitions: RdKafka.Assignment[]): void;
  incrementalUnassign(partitions: RdKafka.TopicPartition[]): void;
  rebalanceProtocol(): string;
  assignmentLost(): boolean;
  /** The native consumer, where scripts/setup.mjs compiled in packages/runtime/native/packed-consume.cc. */
  _client: { consumePacked?: PackedConsume };
}

type PackedConsume = (
  timeoutMs: number,
  maxMessages: number,
  callback: (error: RdKafka.LibrdKafkaError | null, data: Buffer, meta: Buffer, topics: string[], count: number) => void,
) => void;

/** A consumed batch as packed-consume.cc hands it over. */
interface PackedBatch {
  data: Buffer;
  meta: Float64Array;
  topics: string[];
  count: number;
}

export class KafkaConsumer {
  readonly #consumer: RdKafka.KafkaConsumer;
  readonly #log: ClientLog;
  readonly #batchSize: number;
  /** The packed consume path of the native client, when asked for and compiled in. */
  readonly #packed: PackedConsume | null;
  #listener: RebalanceListener = {};
  #rebalancing: Promise<void> = Promise.resolve();
  #consuming: Promise<unknown> = Promise.resolve();
  #subscribed = false;
  #lastMetadataRefresh = 0;
  /**
   * The assigned partitions by topic, read from librdkafka once per change of assignment (each
   * read is a round trip to librdkafka's main thread, and the internal topics' read loops and every
   * consumed batch ask); null when it may have changed. Only this class assigns and unassigns
   * (rebalance_cb is ours), so it knows when that is.
   */
  #assignedByTopic: Map<string, Set<number>> | null = null;

  /**
   * `config` is librdkafka configuration (see `fromProperties` for Java-style properties);
   * `batchSize` is the most records one `consume` returns (Java's max.poll.records).
   *
   * `packed` reads each batch as one buffer of keys, values and headers that the records' keys and
   * values are views of (packed-consume.cc), not one native object and two Buffers per record:
   * for consumers that read many records and let go of them soon, such as a sink task's. A record
   * kept after its batch keeps the whole batch's buffer, so the internal topics' logs, whose
   * records stay in maps, do not ask for it.
   */
  constructor(config: LibrdkafkaConfig, options: { log?: ClientLog; batchSize?: number; packed?: boolean } = {}) {
    this.#log = options.log ?? defaultClientLog;
    this.#batchSize = options.batchSize ?? 500;
    const conf: LibrdkafkaConfig & { rebalance_cb?: unknown } = { ...config };
    // librdkafka requires a group.id even for a consumer that only assigns; it is never joined then.
    if (conf['group.id'] === undefined) {
      conf['group.id'] = `tsconnect-unused-${process.pid}`;
      conf['enable.auto.commit'] = false;
    }
    conf.rebalance_cb = (error: RdKafka.LibrdKafkaError, partitions: RdKafka.TopicPartition[]) => {
      this.#rebalancing = this.#rebalancing.then(() => this.#rebalance(error, partitions));
    };
    // No separate topic config: an empty one would hide topic-level settings such as auto.offset.reset.
    this.#consumer = new RdKafka.KafkaConsumer(conf as RdKafka.ConsumerGlobalConfig);
    this.#untyped().setDefaultIsTimeoutOnlyForFirstMessage(true);
    this.#packed = null;
    if (options.packed) {
      const native = this.#untyped()._client;
      if (typeof native.consumePacked === 'function') this.#packed = native.consumePacked.bind(native);
      else this.#log.warn('The native Kafka client has no packed consume path (run node scripts/setup.mjs); reading records one object each');
    }
    this.#consumer.on('event.error', (error) => this.#log.warn(`Consumer error: ${error.message}`));
  }

  /** A consumer as Java's client would be with these properties, its read-ahead bounded as Java's is. */
  static fromProperties(props: ClientProperties, log: ClientLog = defaultClientLog, options: { packed?: boolean } = {}): KafkaConsumer {
    return new KafkaConsumer(
      { ...toLibrdkafkaConfig(props, 'consumer', log), ...consumerPrefetch(props) },
      { log, batchSize: maxPollRecords(props), packed: options.packed },
    );
  }

  /** Whether batches are read packed (see the constructor). */
  get packed(): boolean {
    return this.#packed !== null;
  }

  async connect(timeoutMs = 30_000): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.#consumer.connect({ timeout: timeoutMs }, (error) =>
        error ? reject(toConnectError('Failed to connect the consumer', error)) : resolve(),
      );
    });
  }

  /** Joins the group (group.id) for `topics`; the listener hears of partitions gained and lost. */
  subscribe(topics: string[], listener: RebalanceListener = {}): void {
    this.#listener = listener;
    this.#subscribed = topics.length > 0;
    this.#consumer.subscribe(topics);
  }

  /** Takes these partitions without a group, from their offsets when given, else the committed or reset position. */
  assign(partitions: readonly (TopicPartition | TopicPartitionOffset)[]): void {
    this.#assignedByTopic = null;
    this.#consumer.assign(partitions.map((p) => ({ ...p })));
  }

  unassign(): void {
    this.#assignedByTopic = null;
    this.#consumer.unassign();
  }

  #assigned(): Map<string, Set<number>> {
    if (this.#assignedByTopic === null) {
      const byTopic = new Map<string, Set<number>>();
      for (const { topic, partition } of this.#consumer.assignments()) {
        let partitions = byTopic.get(topic);
        if (!partitions) byTopic.set(topic, (partitions = new Set()));
        partitions.add(partition);
      }
      this.#assignedByTopic = byTopic;
    }
    return this.#assignedByTopic;
  }

  assignment(): TopicPartition[] {
    const partitions: TopicPartition[] = [];
    for (const [topic, ids] of this.#assigned()) for (const partition of ids) partitions.push({ topic, partition });
    return partitions;
  }

  /**
   * Up to the batch size of records: waits at most `maxWaitMs` for the first one, then returns
   * what has already arrived. Calls are serialized.
   */
  consume(maxWaitMs: number): Promise<ConsumerRecord[]> {
    const next = this.#consuming.then(() => this.#consumeBatch(maxWaitMs));
    this.#consuming = next.catch(() => undefined);
    return next;
  }

  async #consumeBatch(maxWaitMs: number): Promise<ConsumerRecord[]> {
    const packed = this.#packed;
    let messages: RdKafka.Message[] | PackedBatch | null;
    if (packed !== null) {
      messages = await new Promise<PackedBatch | null>((resolve, reject) => {
        packed(maxWaitMs, this.#batchSize, (error, data, meta, topics, count) => {
          if (!error) resolve({ data, meta: new Float64Array(meta.buffer, meta.byteOffset, meta.length / 8), topics, count });
          else if (MISSING_TOPIC_CODES.has(error.code)) resolve(null);
          else reject(toConnectError('Failed to consume', error));
        });
      });
    } else {
      this.#consumer.setDefaultConsumeTimeout(maxWaitMs);
      messages = await new Promise<RdKafka.Message[] | null>((resolve, reject) => {
        this.#consumer.consume(this.#batchSize, (error, batch) => {
          if (!error) resolve(batch);
          // A subscribed topic that does not exist yet is no failure: the Java consumer just waits for it.
          else if (MISSING_TOPIC_CODES.has(error.code)) resolve(null);
          else reject(toConnectError('Failed to consume', error));
        });
      });
    }
    if (messages === null) {
      this.#log.debug('A subscribed topic or partition does not exist yet; waiting for it');
      this.#refreshMetadataWhileUnassigned();
      await new Promise((r) => setTimeout(r, Math.min(maxWaitMs, 500)));
      return [];
    }
    await this.#rebalancing;
    const count = Array.isArray(messages) ? messages.length : messages.count;
    if (count === 0) {
      this.#refreshMetadataWhileUnassigned();
      return [];
    }
    const assigned = this.#assigned();
    if (!Array.isArray(messages)) return unpack(messages, assigned);
    const records: ConsumerRecord[] = [];
    for (const m of messages) if (assigned.get(m.topic)?.has(m.partition)) records.push(toConsumerRecord(m));
    return records;
  }

  /**
   * librdkafka looks for a subscribed topic that does not exist yet only at its regular metadata
   * refresh (5 minutes); the Java consumer keeps asking. While nothing is assigned, ask for
   * metadata once a second so a topic created later is picked up at once.
   */
  #refreshMetadataWhileUnassigned(): void {
    if (!this.#subscribed || this.#assigned().size > 0) return;
    const now = Date.now();
    if (now - this.#lastMetadataRefresh < 1000) return;
    this.#lastMetadataRefresh = now;
    this.#consumer.getMetadata({ timeout: 5000 }, () => undefined);
  }

  /** Moves the fetch position of an assigned partition. */
  async seek(position: TopicPartitionOffset, timeoutMs = 10_000): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.#consumer.seek({ ...position }, timeoutMs, (error) =>
        error ? reject(toConnectError(`Failed to seek ${position.topic}-${position.partition}`, error)) : resolve(),
      );
    });
  }

  pause(partitions: readonly TopicPartition[]): void {
    this.#consumer.pause(partitions.map((p) => ({ ...p })));
  }

  resume(partitions: readonly TopicPartition[]): void {
    this.#consumer.resume(partitions.map((p) => ({ ...p })));
  }

  /** Commits these offsets (each the next offset to read) and resolves when the broker confirmed. */
  async commit(offsets: readonly TopicPartitionOffset[]): Promise<void> {
    if (offsets.length === 0) return;
    await new Promise<void>((resolve, reject) => {
      this.#untyped().commitCb(
        offsets.map(({ topic, partition, offset, metadata }) =>
          typeof metadata === 'string' ? { topic, partition, offset, metadata } : { topic, partition, offset },
        ),
        (error) => (error ? reject(toConnectError('Failed to commit offsets', error)) : resolve()),
      );
    });
  }

  /** The group's committed offsets of these partitions; offset -1001 (invalid) where none is committed. */
  async committed(partitions: readonly TopicPartition[], timeoutMs = 10_000): Promise<TopicPartitionOffset[]> {
    return await new Promise((resolve, reject) => {
      this.#consumer.committed(
        partitions.map((p) => ({ ...p })),
        timeoutMs,
        (error, result) =>
          error
            ? reject(toConnectError('Failed to read committed offsets', error))
            : resolve(
                result.map(({ topic, partition, offset, metadata }) => ({
                  topic,
                  partition,
                  offset: offset ?? OFFSET_INVALID,
                  metadata: metadata ?? null,
                })),
              ),
      );
    });
  }

  /** The next offset to be fetched per partition; -1001 before anything was fetched. */
  position(partitions: readonly TopicPartition[] = this.assignment()): TopicPartitionOffset[] {
    return this.#consumer
      .position(partitions.map((p) => ({ ...p })))
      .map(({ topic, partition, offset }) => ({ topic, partition, offset }));
  }

  /** Low watermark and high watermark (the end offset) of a partition, asked of its leader. */
  async watermarks(topic: string, partition: number, timeoutMs = 10_000): Promise<Watermarks> {
    return await new Promise((resolve, reject) => {
      this.#consumer.queryWatermarkOffsets(topic, partition, timeoutMs, (error, offsets) =>
        error
          ? reject(toConnectError(`Failed to read the offsets of ${topic}-${partition}`, error))
          : resolve({ low: offsets.lowOffset, high: offsets.highOffset }),
      );
    });
  }

  /** Partition ids of a topic from the cluster metadata; empty when the topic does not exist. */
  async partitionsFor(topic: string, timeoutMs = 10_000): Promise<number[]> {
    const metadata = await new Promise<RdKafka.Metadata>((resolve, reject) => {
      this.#consumer.getMetadata({ topic, timeout: timeoutMs }, (error, data) =>
        error ? reject(toConnectError(`Failed to read metadata of ${topic}`, error)) : resolve(data),
      );
    });
    const found = metadata.topics.find((t) => t.name === topic);
    return found ? found.partitions.map((p) => p.id).sort((a, b) => a - b) : [];
  }

  /**
   * Closes the consumer. A group member first hands its partitions to the revocation listener
   * (while it can still commit their offsets), as Java's KafkaConsumer.close does, then leaves.
   */
  async disconnect(): Promise<void> {
    await this.#consuming;
    await this.#rebalancing;
    if (!this.#consumer.isConnected()) return;
    const listener = this.#listener;
    this.#listener = {};
    const owned = this.assignment();
    if (owned.length > 0 && listener.onPartitionsRevoked) {
      try {
        await listener.onPartitionsRevoked(owned, false);
      } catch (e) {
        this.#log.error(`Rebalance listener failed: ${e instanceof Error ? e.stack : String(e)}`);
      }
    }
    await new Promise<void>((resolve) => this.#consumer.disconnect(() => resolve()));
    await this.#rebalancing;
    this.#assignedByTopic = null;
  }

  async #rebalance(error: RdKafka.LibrdKafkaError, partitions: RdKafka.TopicPartition[]): Promise<void> {
    const consumer = this.#untyped();
    const cooperative = consumer.rebalanceProtocol() === 'COOPERATIVE';
    const changed = partitions.map(({ topic, partition }) => ({ topic, partition }));
    try {
      if (error.code === ERR_ASSIGN_PARTITIONS) {
        this.#assignedByTopic = null;
        if (cooperative) consumer.incrementalAssign(changed);
        else this.#consumer.assign(changed);
        await this.#listener.onPartitionsAssigned?.(changed);
      } else {
        try {
          await this.#listener.onPartitionsRevoked?.(changed, consumer.assignmentLost());
        } finally {
          this.#assignedByTopic = null;
          if (cooperative) consumer.incrementalUnassign(changed);
          else this.#consumer.unassign();
        }
      }
    } catch (e) {
      this.#log.error(`Rebalance listener failed: ${e instanceof Error ? e.stack : String(e)}`);
    }
  }

  #untyped(): UntypedConsumer {
    return this.#consumer as unknown as UntypedConsumer;
  }
}

/** The headers of every record that has none: no array per record for them. */
const NO_HEADERS: readonly RecordHeader[] = Object.freeze([]);

const TIMESTAMP_TYPES: readonly TimestampType[] = ['NoTimestampType', 'CreateTime', 'LogAppendTime'];

/**
 * The records of a packed batch (layout in packed-consume.cc) that belong to assigned partitions.
 * Keys, values and header values are views of the batch's one buffer; a record's object has the
 * same shape as `toConsumerRecord`'s.
 */
export function unpack(batch: PackedBatch, assigned: ReadonlyMap<string, ReadonlySet<number>>): ConsumerRecord[] {
  const { data, meta, topics, count } = batch;
  const records: ConsumerRecord[] = [];
  const owned = topics.map((topic) => assigned.get(topic));
  let field = 0;
  let at = 0;
  for (let i = 0; i < count; i++) {
    const offset = meta[field];
    const timestamp = meta[field + 1];
    const timestampType = TIMESTAMP_TYPES[meta[field + 2]];
    const partition = meta[field + 3];
    const topicIndex = meta[field + 4];
    const keyLength = meta[field + 5];
    const valueLength = meta[field + 6];
    const headerCount = meta[field + 7];
    field += 8;
    let key: Buffer | null = null;
    if (keyLength >= 0) {
      key = data.subarray(at, at + keyLength);
      at += keyLength;
    }
    let value: Buffer | null = null;
    if (valueLength >= 0) {
      value = data.subarray(at, at + valueLength);
      at += valueLength;
    }
    let headers = NO_HEADERS;
    if (headerCount > 0) {
      const all: RecordHeader[] = [];
      for (let h = 0; h < headerCount; h++) {
        const nameLength = meta[field];
        const headerValueLength = meta[field + 1];
        field += 2;
        const name = data.toString('utf8', at, at + nameLength);
        at += nameLength;
        all.push({ key: name, value: data.subarray(at, at + headerValueLength) });
        at += headerValueLength;
      }
      headers = all;
    }
    if (owned[topicIndex]?.has(partition) !== true) continue;
    records.push({ topic: topics[topicIndex], partition, offset, key, value, headers, timestamp, timestampType });
  }
  return records;
}

/** One object per record, read by the sink task as it is (no copy into another shape). */
function toConsumerRecord(m: RdKafka.Message): ConsumerRecord {
  let headers = NO_HEADERS;
  if (m.headers !== undefined && m.headers.length > 0) {
    const all: RecordHeader[] = [];
    for (const header of m.headers) {
      for (const [key, value] of Object.entries(header)) {
        all.push({ key, value: Buffer.isBuffer(value) ? value : Buffer.from(value) });
      }
    }
    headers = all;
  }
  const key = m.key === undefined || m.key === null ? null : Buffer.isBuffer(m.key) ? m.key : Buffer.from(m.key);
  const timestamp = m.timestamp ?? -1;
  return {
    topic: m.topic,
    partition: m.partition,
    offset: m.offset,
    key,
    value: m.value,
    headers,
    timestamp,
    timestampType: timestamp >= 0 ? 'CreateTime' : 'NoTimestampType',
  };
}
