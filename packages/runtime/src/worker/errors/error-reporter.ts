import type { OriginalRecord, ProcessingContext } from './processing-context.js';

/** Somewhere a failed record is reported to: the log or the dead letter queue. */
export interface ErrorReporter {
  /** Resolves once the report is stored (a DLQ write acknowledged); never rejects. */
  report(context: ProcessingContext<OriginalRecord>): Promise<void>;
  close(): Promise<void> | void;
}
