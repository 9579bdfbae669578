/**
 * Drives a source task as the worker does, without Kafka: start, poll, acknowledge and commit,
 * stop. Produced records are kept for inspection; commit() acknowledges every record polled so
 * far (commitRecord with made-up metadata), stores their offsets in the offset store, as the
 * worker does once Kafka acknowledged them, then calls the task's commit().
 */
import type { RecordMetadata, SourceOffset, SourcePartition, SourceRecord, SourceTask, SourceTaskContext, TransactionContext } from '@tsconnect/api';
import { InMemoryOffsetStorageReader } from './in-memory-offset-storage-reader.js';

export interface SourceTaskHarnessOptions {
  /** The offsets the task reads on start, and where commits go; an empty store by default. */
  offsets?: InMemoryOffsetStorageReader;
  /** Given to the task as its transaction context (exactly-once with connector-defined boundaries). */
  transactionContext?: TransactionContext | null;
}

export class SourceTaskHarness<T extends SourceTask = SourceTask> {
  readonly offsets: InMemoryOffsetStorageReader;
  /** Every record the task produced, in order. */
  readonly produced: SourceRecord[] = [];
  #unacknowledged: SourceRecord[] = [];
  #props: Readonly<Record<string, string>> = {};
  readonly #topicOffsets = new Map<string, number>();

  constructor(
    readonly task: T,
    options: SourceTaskHarnessOptions = {},
  ) {
    this.offsets = options.offsets ?? new InMemoryOffsetStorageReader();
    const transactionContext = options.transactionContext ?? null;
    const context: SourceTaskContext = {
      configs: () => this.#props,
      offsetStorageReader: () => this.offsets,
      transactionContext: () => transactionContext,
    };
    task.initialize(context);
  }

  async start(props: Readonly<Record<string, string>>): Promise<void> {
    this.#props = { ...props };
    await this.task.start(props);
  }

  /** One poll; the records it returned (none for null). */
  async poll(): Promise<SourceRecord[]> {
    const records = (await this.task.poll()) ?? [];
    this.produced.push(...records);
    this.#unacknowledged.push(...records);
    return records;
  }

  /**
   * Polls until `count` records were produced by these polls, at most `maxPolls` times.
   * @throws Error when fewer came.
   */
  async pollRecords(count: number, maxPolls = 100): Promise<SourceRecord[]> {
    const out: SourceRecord[] = [];
    for (let i = 0; i < maxPolls && out.length < count; i++) out.push(...(await this.poll()));
    if (out.length < count) throw new Error(`Expected ${count} records in ${maxPolls} polls, got ${out.length}`);
    return out;
  }

  /** Acknowledges the records polled so far, stores their offsets and calls the task's commit(). */
  async commit(): Promise<void> {
    const records = this.#unacknowledged;
    this.#unacknowledged = [];
    for (const record of records) {
      await this.task.commitRecord(record, this.#metadata(record));
      if (record.sourcePartition !== null) this.offsets.set(record.sourcePartition, record.sourceOffset);
    }
    await this.task.commit();
  }

  /** The committed offset of a source partition, or null. */
  committedOffset(partition: SourcePartition): Promise<SourceOffset | null> {
    return this.offsets.offset(partition);
  }

  async stop(): Promise<void> {
    await this.task.stop();
  }

  #metadata(record: SourceRecord): RecordMetadata {
    const partition = record.kafkaPartition ?? 0;
    const key = `${record.topic}-${partition}`;
    const offset = this.#topicOffsets.get(key) ?? 0;
    this.#topicOffsets.set(key, offset + 1);
    return { topic: record.topic, partition, offset, timestamp: record.timestamp ?? Date.now(), serializedKeySize: -1, serializedValueSize: -1 };
  }
}
