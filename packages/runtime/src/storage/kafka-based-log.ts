/**
 * A topic read as a log, as Kafka's KafkaBasedLog: a consumer without a group is assigned every
 * partition of the topic from the beginning, and a background loop hands each record to a
 * callback, in order per partition. `readToEnd()` resolves once everything up to the end offsets
 * of the moment it was called has been handed over, so a store built on the callback then
 * reflects every write acknowledged before. Writes go through the log's own producer.
 */
import { type ConnectError, ConnectException } from '@tsconnect/api';
import { type ClientLog, defaultClientLog } from '../kafka/client-log.js';
import { type ClientProperties, toLibrdkafkaConfig } from '../kafka/client-config.js';
import { type ConsumerRecord, KafkaConsumer, OFFSET_BEGINNING } from '../kafka/kafka-consumer.js';
import { KafkaProducer, type RecordMetadata } from '../kafka/kafka-producer.js';

export interface KafkaBasedLogOptions {
  topic: string;
  /** Java-style consumer properties; group settings are ignored, the log never joins a group. */
  consumerProps: ClientProperties;
  /** Java-style producer properties; null for a log that is only read. */
  producerProps: ClientProperties | null;
  /** Receives every record, in offset order per partition, on the log's read loop. */
  onRecord: (record: ConsumerRecord) => void;
  /** Runs first on start, e.g. to create the topic. */
  initialize?: () => Promise<void>;
  log?: ClientLog;
  /** How long start() waits for the topic's metadata to appear; Kafka waits up to 60 s. */
  metadataTimeoutMs?: number;
}

interface EndWaiter {
  ends: Map<number, number>;
  resolve(): void;
  reject(error: Error): void;
}

const POLL_MS = 200;
const WATERMARK_ATTEMPTS = 10;

export class KafkaBasedLog {
  readonly topic: string;
  readonly #options: KafkaBasedLogOptions;
  readonly #log: ClientLog;
  #consumer: KafkaConsumer | null = null;
  #producer: KafkaProducer | null = null;
  #partitions: number[] = [];
  /** Next offset to hand over, per partition. */
  readonly #positions = new Map<number, number>();
  #waiters: EndWaiter[] = [];
  #running = false;
  #loop: Promise<void> = Promise.resolve();

  constructor(options: KafkaBasedLogOptions) {
    this.#options = options;
    this.topic = options.topic;
    this.#log = options.log ?? defaultClientLog;
  }

  /** The topic's partition count, known after start. */
  get partitionCount(): number {
    return this.#partitions.length;
  }

  /** Initializes, reads the whole topic, then keeps reading in the background. */
  async start(): Promise<void> {
    this.#log.info(`Starting KafkaBasedLog with topic ${this.topic}`);
    await this.#options.initialize?.();
    const consumerConfig = toLibrdkafkaConfig(this.#options.consumerProps, 'consumer', this.#log);
    delete consumerConfig['group.id'];
    delete consumerConfig['group.instance.id'];
    consumerConfig['enable.auto.commit'] = false;
    this.#consumer = new KafkaConsumer(consumerConfig, { log: this.#log });
    await this.#consumer.connect();
    if (this.#options.producerProps !== null) {
      this.#producer = KafkaProducer.fromProperties(this.#options.producerProps, this.#log);
      await this.#producer.connect();
    }
    this.#partitions = await this.#waitForPartitions(this.#options.metadataTimeoutMs ?? 60_000);
    for (const partition of this.#partitions) this.#positions.set(partition, 0);
    this.#consumer.assign(this.#partitions.map((partition) => ({ topic: this.topic, partition, offset: OFFSET_BEGINNING })));
    this.#running = true;
    this.#loop = this.#readLoop(this.#consumer);
    await this.readToEnd();
    this.#log.info(`Finished reading KafkaBasedLog for topic ${this.topic}`);
  }

  /** Resolves once every record up to the current end offsets has been handed to the callback. */
  async readToEnd(): Promise<void> {
    if (!this.#running || this.#consumer === null) throw new ConnectException(`The log of ${this.topic} is not running`);
    const consumer = this.#consumer;
    const ends = new Map<number, number>();
    await Promise.all(
      this.#partitions.map(async (partition) => {
        const { low, high } = await this.#watermarks(consumer, partition);
        // A partition whose records were all deleted has nothing to read below its low watermark.
        if (high > low) ends.set(partition, high);
      }),
    );
    await new Promise<void>((resolve, reject) => {
      this.#waiters.push({ ends, resolve, reject });
      this.#releaseWaiters();
    });
  }

  /** Writes a record (null value: a tombstone); resolves when Kafka acknowledged it. */
  async send(key: Buffer | string | null, value: Buffer | null, partition?: number): Promise<RecordMetadata> {
    if (this.#producer === null) throw new ConnectException(`The log of ${this.topic} is read-only`);
    const keyBytes = typeof key === 'string' ? Buffer.from(key, 'utf8') : key;
    return await this.#producer.send({
      topic: this.topic,
      key: keyBytes,
      value,
      ...(partition === undefined ? {} : { partition }),
    });
  }

  /** Waits for every record sent so far to be acknowledged or failed. */
  async flush(): Promise<void> {
    await this.#producer?.flush();
  }

  async stop(): Promise<void> {
    this.#log.info(`Stopping KafkaBasedLog for topic ${this.topic}`);
    this.#running = false;
    await this.#loop;
    for (const waiter of this.#waiters) waiter.reject(new ConnectException(`The log of ${this.topic} was stopped`));
    this.#waiters = [];
    await this.#producer?.disconnect();
    await this.#consumer?.disconnect();
    this.#producer = null;
    this.#consumer = null;
  }

  async #readLoop(consumer: KafkaConsumer): Promise<void> {
    while (this.#running) {
      try {
        const records = await consumer.consume(POLL_MS);
        for (const record of records) {
          this.#positions.set(record.partition, record.offset + 1);
          try {
            this.#options.onRecord(record);
          } catch (error) {
            this.#log.error(`Failed to handle a record of ${this.topic}: ${describe(error)}`);
          }
        }
        // Transaction markers and aborted records move the position past the last record handed over.
        for (const { partition, offset } of consumer.position()) {
          if (offset > (this.#positions.get(partition) ?? 0)) this.#positions.set(partition, offset);
        }
        this.#releaseWaiters();
      } catch (error) {
        this.#log.warn(`Error reading ${this.topic}, retrying: ${describe(error)}`);
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    }
  }

  /** A partition's watermarks; retriable failures (e.g. a leader being elected) are retried a few times. */
  async #watermarks(consumer: KafkaConsumer, partition: number): Promise<{ low: number; high: number }> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await consumer.watermarks(this.topic, partition);
      } catch (error) {
        if (!(error as ConnectError).retriable || attempt >= WATERMARK_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    }
  }

  #releaseWaiters(): void {
    this.#waiters = this.#waiters.filter((waiter) => {
      const done = [...waiter.ends].every(([partition, end]) => (this.#positions.get(partition) ?? 0) >= end);
      if (done) waiter.resolve();
      return !done;
    });
  }

  async #waitForPartitions(timeoutMs: number): Promise<number[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const partitions = await this.#consumer!.partitionsFor(this.topic);
      if (partitions.length > 0) return partitions;
      if (Date.now() >= deadline) {
        throw new ConnectException(`Could not look up partition metadata for topic ${this.topic} in the allotted period.`);
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
