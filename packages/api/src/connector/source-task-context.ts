import type { OffsetStorageReader } from './offset-storage-reader.js';
import type { TransactionContext } from './transaction-context.js';

/** What the runtime offers a source task. */
export interface SourceTaskContext {
  /** The task's configuration, as given to `start`. */
  configs(): Readonly<Record<string, string>>;
  offsetStorageReader(): OffsetStorageReader;
  /** Only when exactly-once support is on and `transaction.boundary=connector`; else null. */
  transactionContext(): TransactionContext | null;
}
