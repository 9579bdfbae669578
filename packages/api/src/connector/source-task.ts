/**
 * A task that reads from an external system: the runtime calls `poll` in a loop, converts and
 * sends the records, and commits their source offsets once Kafka acknowledged them.
 */
import type { SourceRecord } from '../record/source-record.js';
import type { RecordMetadata } from './record-metadata.js';
import type { SourceTaskContext } from './source-task-context.js';
import { Task } from './task.js';

/** Values of `transaction.boundary`: when the runtime commits exactly-once transactions. */
export const TransactionBoundary = { POLL: 'poll', INTERVAL: 'interval', CONNECTOR: 'connector' } as const;
export type TransactionBoundary = (typeof TransactionBoundary)[keyof typeof TransactionBoundary];

export abstract class SourceTask extends Task {
  static readonly TRANSACTION_BOUNDARY_CONFIG = 'transaction.boundary';

  /** Set by `initialize`, before `start`. */
  protected context!: SourceTaskContext;

  initialize(context: SourceTaskContext): void {
    this.context = context;
  }

  /**
   * The next records, or null (or []) when there are none yet. May wait for data, but should
   * settle within a short while so pauses and `stop` take effect.
   */
  abstract poll(): Promise<SourceRecord[] | null> | SourceRecord[] | null;

  /** Called after the offsets of polled records were committed. Optional. */
  commit(): Promise<void> | void {}

  /**
   * Called for each record once Kafka acknowledged it, or with null metadata when a transform
   * dropped it or it was skipped after an error. Optional.
   */
  commitRecord(_record: SourceRecord, _metadata: RecordMetadata | null): Promise<void> | void {}
}
