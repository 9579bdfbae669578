import type { ErrantRecordReporter } from './errant-record-reporter.js';
import type { TopicPartition } from './topic-partition.js';

/** What the runtime offers a sink task. Partitions are interned TopicPartition objects. */
export interface SinkTaskContext {
  /** The task's configuration, as given to `start`. */
  configs(): Readonly<Record<string, string>>;
  /** Rewind or skip: consume these partitions from the given offsets next. */
  offset(offsets: ReadonlyMap<TopicPartition, number>): void;
  offset(partition: TopicPartition, offset: number): void;
  /** After a RetriableException from `put`, redeliver the batch after this many milliseconds. */
  timeout(timeoutMs: number): void;
  /** The partitions currently assigned to this task. */
  assignment(): ReadonlySet<TopicPartition>;
  pause(...partitions: TopicPartition[]): void;
  resume(...partitions: TopicPartition[]): void;
  /** Ask for offsets to be committed (preCommit called) soon rather than at the next interval. */
  requestCommit(): void;
  /** null unless the connector has a dead letter queue topic or `errors.log.enable=true`. */
  errantRecordReporter(): ErrantRecordReporter | null;
}
