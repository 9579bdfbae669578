/**
 * Drives a sink task as the worker does, without Kafka: start and open its partitions, put
 * records, commit (preCommit with the offsets consumed so far, keeping what it returns as the
 * committed offsets), close and stop. What the task asks of its context is recorded.
 */
import { OffsetAndMetadata, TopicPartition, type ErrantRecordReporter, type SinkRecord, type SinkTask, type SinkTaskContext } from '@tsconnect/api';
import { sinkRecords, type SinkRecordsOptions } from './sink-records.js';

export interface ReportedRecord {
  readonly record: SinkRecord;
  readonly error: Error;
}

export interface SinkTaskHarnessOptions {
  /** The partitions opened on start; those of the records put are opened as they come otherwise. */
  assignment?: readonly TopicPartition[];
  /** Whether the task gets an errant record reporter (errors.tolerance=all with a DLQ); true by default. */
  errantRecordReporter?: boolean;
}

export class SinkTaskHarness<T extends SinkTask = SinkTask> {
  /** Records the task reported as errant, in order. */
  readonly reported: ReportedRecord[] = [];
  /** Offsets the task asked the consumer to rewind to, per partition. */
  readonly offsetResets = new Map<TopicPartition, number>();
  readonly paused = new Set<TopicPartition>();
  /** The last timeout the task asked for before a retry, or null. */
  timeoutMs: number | null = null;
  commitRequests = 0;
  readonly #assignment = new Set<TopicPartition>();
  readonly #consumed = new Map<TopicPartition, OffsetAndMetadata>();
  #committed = new Map<TopicPartition, OffsetAndMetadata>();
  #props: Readonly<Record<string, string>> = {};

  readonly #options: SinkTaskHarnessOptions;

  constructor(
    readonly task: T,
    options: SinkTaskHarnessOptions = {},
  ) {
    this.#options = options;
    const reporter: ErrantRecordReporter = {
      report: async (record, error) => {
        this.reported.push({ record, error });
      },
    };
    const withReporter = options.errantRecordReporter ?? true;
    const offset = ((partitionOrOffsets: TopicPartition | ReadonlyMap<TopicPartition, number>, value?: number) => {
      const entries = partitionOrOffsets instanceof TopicPartition ? [[partitionOrOffsets, value!] as const] : [...partitionOrOffsets];
      for (const [tp, o] of entries) this.offsetResets.set(tp, o);
    }) as SinkTaskContext['offset'];
    const context: SinkTaskContext = {
      configs: () => this.#props,
      offset,
      timeout: (ms) => {
        this.timeoutMs = ms;
      },
      assignment: () => new Set(this.#assignment),
      pause: (...partitions) => partitions.forEach((p) => this.paused.add(p)),
      resume: (...partitions) => partitions.forEach((p) => this.paused.delete(p)),
      requestCommit: () => {
        this.commitRequests++;
      },
      errantRecordReporter: () => (withReporter ? reporter : null),
    };
    task.initialize(context);
  }

  /** Starts the task, then opens the assignment given in the options. */
  async start(props: Readonly<Record<string, string>>): Promise<void> {
    this.#props = { ...props };
    await this.task.start(props);
    await this.open(this.#options.assignment ?? []);
  }

  async open(partitions: readonly TopicPartition[]): Promise<void> {
    const added = partitions.filter((p) => !this.#assignment.has(p));
    if (added.length === 0) return;
    added.forEach((p) => this.#assignment.add(p));
    await this.task.open(added);
  }

  /** Hands records to put(), opening their partitions first when they are not assigned yet. */
  async put(records: readonly SinkRecord[]): Promise<void> {
    await this.open([...new Set(records.map((r) => TopicPartition.of(r.topic, r.kafkaPartition ?? 0)))]);
    await this.task.put([...records]);
    for (const r of records) this.#consumed.set(TopicPartition.of(r.topic, r.kafkaPartition ?? 0), new OffsetAndMetadata(r.kafkaOffset + 1));
  }

  /** Builds records for `values` at the next offsets of the partition, and puts them. */
  async putValues(topic: string, values: readonly unknown[], options: SinkRecordsOptions = {}): Promise<SinkRecord[]> {
    const tp = TopicPartition.of(topic, options.partition ?? 0);
    const records = sinkRecords(topic, values, { firstOffset: this.#consumed.get(tp)?.offset ?? 0, ...options });
    await this.put(records);
    return records;
  }

  /** preCommit with the offsets consumed so far; what it returns becomes the committed offsets. */
  async commit(): Promise<ReadonlyMap<TopicPartition, OffsetAndMetadata>> {
    const committable = await this.task.preCommit(new Map(this.#consumed));
    this.#committed = new Map([...this.#committed, ...committable]);
    return committable;
  }

  /** The committed offset (the next offset to consume) of a partition, or null. */
  committedOffset(topic: string, partition = 0): number | null {
    return this.#committed.get(TopicPartition.of(topic, partition))?.offset ?? null;
  }

  get committedOffsets(): ReadonlyMap<TopicPartition, OffsetAndMetadata> {
    return this.#committed;
  }

  /** Closes the assigned partitions and stops the task. */
  async stop(): Promise<void> {
    const assigned = [...this.#assignment];
    this.#assignment.clear();
    if (assigned.length > 0) await this.task.close(assigned);
    await this.task.stop();
  }
}
