/**
 * With a dead letter queue (errors.tolerance=all), a batch the database refuses is split in halves
 * until the records it refuses are alone; those go to the errant record reporter with the
 * database's SQLSTATE and vendor code as headers, the rest are written. Bisecting needs about
 * 2·log2(n) extra writes per bad record instead of Confluent's one write per record. When the
 * driver names failed rows (ODBC parameter arrays), the records before the first of them are
 * written and the named run is halved: psqlODBC names every row of the chunk it sent, up to
 * its BatchSize (MariaDB's driver names none), so a named row is a suspect, never reported
 * without its own failure, and a chunk of n costs about 2·log2(n) writes, not n.
 * Records keep their order either way. Retriable failures (connection lost, deadlock) are never
 * reported: they propagate so the batch is retried.
 */
import { isRetriable, type ErrantRecordReporter, type SinkRecord } from '@tsconnect/api';
import { DatabaseError } from '../connection/database-error.js';
import { SinkWriteException } from './sink-write-exception.js';

export const SQL_STATE_HEADER = 'jdbc.sql.state';
export const VENDOR_CODE_HEADER = 'jdbc.vendor.code';

function errorCodes(error: unknown): { sqlState: string | null; vendorCode: string | null } {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if (e instanceof SinkWriteException || e instanceof DatabaseError) return { sqlState: e.sqlState, vendorCode: e.vendorCode };
  }
  return { sqlState: null, vendorCode: null };
}

/** The record as reported: with the database's error codes as headers when there are any. */
export function reportedRecord(record: SinkRecord, error: unknown): SinkRecord {
  const { sqlState, vendorCode } = errorCodes(error);
  if (sqlState === null && vendorCode === null) return record;
  const headers = record.headers.duplicate();
  if (sqlState !== null) headers.addString(SQL_STATE_HEADER, sqlState);
  if (vendorCode !== null) headers.addString(VENDOR_CODE_HEADER, vendorCode);
  return record.newRecord({ headers });
}

export async function writeIsolatingFailures(
  records: readonly SinkRecord[],
  write: (records: readonly SinkRecord[]) => Promise<void>,
  reporter: ErrantRecordReporter,
): Promise<void> {
  try {
    await write(records);
  } catch (err) {
    if (isRetriable(err)) throw err;
    if (records.length === 1) {
      await reporter.report(reportedRecord(records[0]!, err), err instanceof Error ? err : new Error(String(err)));
      return;
    }
    const named = new Set(err instanceof SinkWriteException ? err.failedRecords : []);
    const first = records.findIndex((r) => named.has(r));
    let run = 0;
    if (first === 0) while (run < records.length && named.has(records[run]!)) run++;
    const middle = first > 0 ? first : first === 0 ? Math.ceil(run / 2) : Math.ceil(records.length / 2);
    await writeIsolatingFailures(records.slice(0, middle), write, reporter);
    await writeIsolatingFailures(records.slice(middle), write, reporter);
  }
}
