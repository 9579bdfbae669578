/**
 * A promise-based producer over librdkafka: `send` resolves with the record's topic, partition
 * and offset once the broker acknowledged it (the delivery report), or rejects with the delivery
 * error. Keys and values are Buffers (null for none / a tombstone); headers keep their order.
 *
 * librdkafka cannot carry a null header value: a null header value is sent as empty bytes.
 *
 * With `transactional.id` set, `initTransactions` (which fences an earlier producer with the same
 * id and aborts its open transaction) comes first, then records go out between
 * `beginTransaction` and `commitTransaction` / `abortTransaction`.
 */
import { RdKafka } from '@confluentinc/kafka-javascript';
import { ConnectException } from '@tsconnect/api';
import { type ClientLog, defaultClientLog } from './client-log.js';
import { type ClientProperties, type LibrdkafkaConfig, toLibrdkafkaConfig } from './client-config.js';
import { toConnectError } from './kafka-error.js';

export interface RecordHeader {
  key: string;
  value: Buffer | null;
}

export interface ProducerRecord {
  topic: string;
  /** Omitted: the default partitioner (murmur2 of the key, as the Java client). */
  partition?: number;
  key: Buffer | null;
  value: Buffer | null;
  headers?: readonly RecordHeader[];
  /** Milliseconds since the epoch; omitted: the current time. */
  timestamp?: number;
}

export interface RecordMetadata {
  topic: string;
  partition: number;
  offset: number;
}

interface PendingDelivery {
  resolve(metadata: RecordMetadata): void;
  reject(error: Error): void;
}

interface QueuedRecord {
  record: ProducerRecord;
  headers: { [key: string]: Buffer }[] | undefined;
  pending: PendingDelivery;
}

const QUEUE_FULL = -184;
const BACKLOG_RETRY_MS = 10;

export class KafkaProducer {
  readonly #producer: RdKafka.Producer;
  readonly #log: ClientLog;
  /** Records waiting, in order, for room in librdkafka's full queue. */
  readonly #backlog: QueuedRecord[] = [];
  #backlogWaiters: (() => void)[] = [];
  #drainTimer: NodeJS.Timeout | null = null;

  /** `config` is librdkafka configuration; use `KafkaProducer.fromProperties` for Java-style properties. */
  constructor(config: LibrdkafkaConfig, log: ClientLog = defaultClientLog) {
    this.#log = log;
    this.#producer = new RdKafka.Producer({
      // The Java client partitions keyed records by murmur2, and so must we to reach the same partitions.
      partitioner: 'murmur2_random',
      ...config,
      dr_cb: true,
    });
    this.#producer.on('delivery-report', (error, report) => {
      const pending = report.opaque as PendingDelivery;
      if (error) pending.reject(toConnectError(`Failed to send a record to ${report.topic}`, error));
      else pending.resolve({ topic: report.topic, partition: report.partition, offset: report.offset });
    });
    this.#producer.on('event.error', (error) => this.#log.warn(`Producer error: ${error.message}`));
  }

  static fromProperties(props: ClientProperties, log: ClientLog = defaultClientLog): KafkaProducer {
    return new KafkaProducer(toLibrdkafkaConfig(props, 'producer', log), log);
  }

  async connect(timeoutMs = 30_000): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.#producer.connect({ timeout: timeoutMs }, (error) =>
        error ? reject(toConnectError('Failed to connect the producer', error)) : resolve(),
      );
    });
    this.#producer.setPollInBackground(true);
  }

  /**
   * Sends one record; resolves when it is acknowledged. One promise per record: this is the
   * source tasks' hot path. When librdkafka's local queue is full, the record waits in a backlog
   * with every record sent after it, and they are queued in order as deliveries make room (the
   * Java producer blocks instead; either way the order of sends is kept).
   */
  send(record: ProducerRecord): Promise<RecordMetadata> {
    const headers = record.headers?.map((h) => ({ [h.key]: h.value ?? Buffer.alloc(0) }));
    return new Promise<RecordMetadata>((resolve, reject) => {
      const queued: QueuedRecord = { record, headers, pending: { resolve, reject } };
      if (this.#backlog.length > 0 || !this.#produce(queued)) {
        this.#backlog.push(queued);
        this.#drainLater();
      }
    });
  }

  /** Hands the record to librdkafka; false when its queue is full (the record is not taken). */
  #produce({ record, headers, pending }: QueuedRecord): boolean {
    try {
      this.#producer.produce(record.topic, record.partition ?? -1, record.value, record.key, record.timestamp ?? null, pending, headers);
    } catch (error) {
      if ((error as { code?: number }).code === QUEUE_FULL) return false;
      pending.reject(error instanceof Error && 'retriable' in error ? error : toConnectError('Failed to send', error));
    }
    return true;
  }

  #drainLater(): void {
    this.#drainTimer ??= setTimeout(() => {
      this.#drainTimer = null;
      while (this.#backlog.length > 0 && this.#produce(this.#backlog[0]!)) this.#backlog.shift();
      if (this.#backlog.length > 0) this.#drainLater();
      else for (const wake of this.#backlogWaiters.splice(0)) wake();
    }, BACKLOG_RETRY_MS);
  }

  /** Waits (up to `timeoutMs`) until the backlog has gone into librdkafka's queue. */
  async #awaitBacklog(timeoutMs: number): Promise<void> {
    if (this.#backlog.length === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((resolve) => this.#backlogWaiters.push(resolve)),
      new Promise<void>((resolve) => { timer = setTimeout(resolve, timeoutMs); }),
    ]);
    clearTimeout(timer);
  }

  /** Registers the transactional id with its coordinator, fencing older producers that used it. */
  async initTransactions(timeoutMs = 60_000): Promise<void> {
    await this.#transactionCall('initialize transactions', (cb) => this.#producer.initTransactions(timeoutMs, cb));
  }

  async beginTransaction(): Promise<void> {
    await this.#transactionCall('begin a transaction', (cb) => this.#producer.beginTransaction(cb));
  }

  /** Flushes the transaction's records and commits it. */
  async commitTransaction(timeoutMs = 60_000): Promise<void> {
    await this.#transactionCall('commit the transaction', (cb) => this.#producer.commitTransaction(timeoutMs, cb));
  }

  async abortTransaction(timeoutMs = 60_000): Promise<void> {
    await this.#transactionCall('abort the transaction', (cb) => this.#producer.abortTransaction(timeoutMs, cb));
  }

  #transactionCall(what: string, call: (cb: (error: unknown) => void) => void): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      call((error) => (error ? reject(toConnectError(`Failed to ${what}`, error)) : resolve()));
    });
  }

  /** Waits until every queued record has been delivered or failed. */
  async flush(timeoutMs = 30_000): Promise<void> {
    await this.#awaitBacklog(timeoutMs);
    await new Promise<void>((resolve, reject) => {
      this.#producer.flush(timeoutMs, (error) =>
        error ? reject(toConnectError('Failed to flush the producer', error)) : resolve(),
      );
    });
  }

  /** Flushes (up to `timeoutMs`) and closes the producer. */
  async disconnect(timeoutMs = 30_000): Promise<void> {
    await this.#awaitBacklog(timeoutMs);
    if (this.#drainTimer) clearTimeout(this.#drainTimer);
    this.#drainTimer = null;
    for (const { pending } of this.#backlog.splice(0)) {
      pending.reject(new ConnectException('The producer was closed before the record could be sent'));
    }
    if (!this.#producer.isConnected()) return;
    await new Promise<void>((resolve) => this.#producer.disconnect(timeoutMs, () => resolve()));
  }
}
