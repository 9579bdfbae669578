/**
 * A batch, or part of one, that the database refused for its data: names the table, the records
 * and the database's own error, and keeps its SQLSTATE and vendor code for the dead letter queue.
 * `failedRecords` are the records the driver said failed, when it says so per row (ODBC parameter
 * arrays); empty when only the batch as a whole is known to have failed.
 */
import { ConnectException, type SinkRecord } from '@tsconnect/api';
import { DatabaseError } from '../connection/database-error.js';
import { recordCoordinates } from './sink-operation.js';

export class SinkWriteException extends ConnectException {
  readonly sqlState: string | null;
  readonly vendorCode: string | null;

  constructor(table: string, records: readonly SinkRecord[], cause: unknown, readonly failedRecords: readonly SinkRecord[] = []) {
    const db = cause instanceof DatabaseError ? cause : null;
    const span = records.length === 0 ? ''
      : records.length === 1 ? ` (record ${recordCoordinates(records[0]!)})`
        : ` (${records.length} records, ${recordCoordinates(records[0]!)} .. ${recordCoordinates(records[records.length - 1]!)})`;
    const state = db?.sqlState ? ` [SQLSTATE ${db.sqlState}]` : db?.vendorCode ? ` [${db.vendorCode}]` : '';
    super(`Failed to write to table ${table}${span}: ${(cause as Error)?.message ?? String(cause)}${state}`, { cause });
    this.sqlState = db?.sqlState ?? null;
    this.vendorCode = db?.vendorCode ?? null;
  }
}
