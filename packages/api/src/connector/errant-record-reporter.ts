import type { SinkRecord } from '../record/sink-record.js';

/**
 * Reports a record the sink task could not process to the dead letter queue and/or the log,
 * as `errors.*` configure. The promise settles once the report is stored; await it (at the latest
 * before returning from preCommit) so no offset is committed past a record whose report may be lost.
 */
export interface ErrantRecordReporter {
  report(record: SinkRecord, error: Error): Promise<void>;
}
