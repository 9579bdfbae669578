/**
 * A task that writes records from Kafka to an external system. The runtime calls `put` with each
 * batch and, every offset commit interval, `preCommit` with the offsets consumed so far; only
 * the offsets `preCommit` returns are committed, so a task commits nothing it has not made safe.
 */
import type { SinkRecord } from '../record/sink-record.js';
import type { OffsetAndMetadata } from './offset-and-metadata.js';
import type { SinkTaskContext } from './sink-task-context.js';
import { Task } from './task.js';
import type { TopicPartition } from './topic-partition.js';

export type PartitionOffsets = ReadonlyMap<TopicPartition, OffsetAndMetadata>;

export abstract class SinkTask extends Task {
  /** The key listing the topics to consume. */
  static readonly TOPICS_CONFIG = 'topics';
  /** The key holding a regular expression of topics to consume. */
  static readonly TOPICS_REGEX_CONFIG = 'topics.regex';

  /** Set by `initialize`, before `start`. */
  protected context!: SinkTaskContext;

  initialize(context: SinkTaskContext): void {
    this.context = context;
  }

  /**
   * Write (or buffer) a batch. Throw RetriableException to have the same batch redelivered after
   * `context.timeout(ms)`; any other error fails the task.
   */
  abstract put(records: SinkRecord[]): Promise<void> | void;

  /** Make everything `put` so far durable. Called by the default `preCommit`. */
  flush(_currentOffsets: PartitionOffsets): Promise<void> | void {}

  /**
   * The offsets that are safe to commit, given those consumed so far. By default flushes and
   * returns `currentOffsets`; return fewer (or an empty map) to hold commits back.
   */
  preCommit(currentOffsets: PartitionOffsets): Promise<PartitionOffsets> | PartitionOffsets {
    return Promise.resolve(this.flush(currentOffsets)).then(() => currentOffsets);
  }

  /** Partitions were assigned to this task (at start and on rebalance). */
  open(partitions: TopicPartition[]): Promise<void> | void {
    return this.onPartitionsAssigned(partitions);
  }

  /** Partitions are being taken away; release their writers. Records may still arrive later for others. */
  close(partitions: TopicPartition[]): Promise<void> | void {
    return this.onPartitionsRevoked(partitions);
  }

  /** @deprecated Override `open` instead. */
  onPartitionsAssigned(_partitions: TopicPartition[]): Promise<void> | void {}

  /** @deprecated Override `close` instead. */
  onPartitionsRevoked(_partitions: TopicPartition[]): Promise<void> | void {}
}
