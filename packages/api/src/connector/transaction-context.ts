import type { SourceRecord } from '../record/source-record.js';

/**
 * Lets a source task decide where transactions end, when exactly-once support is on and
 * `transaction.boundary=connector`. Each request applies once the named record (or, without one,
 * the last record of the current batch) has been dispatched.
 */
export interface TransactionContext {
  commitTransaction(record?: SourceRecord): void;
  abortTransaction(record?: SourceRecord): void;
}
