/**
 * A failed database call, whatever the driver: the SQLSTATE and vendor code when the driver gave
 * them, and whether retrying can help. Connection-class (SQLSTATE 08xxx, socket errors), server
 * shutdown (57P0x), deadlock and serialization failures (40001, 40P01, MySQL 1213/1205) and a busy
 * SQLite file are retriable; everything else (constraint violations, bad data, bad SQL) is not.
 * It is a ConnectError, so the runtime's one retry mechanism reads the flag.
 */
import { ConnectError } from '@tsconnect/api';

export class DatabaseError extends ConnectError {
  /** The five-character SQLSTATE, or null when the driver gave none. */
  readonly sqlState: string | null;
  /** The driver's or server's own code (`ER_DUP_ENTRY`, `23505`, `SQLITE_CONSTRAINT_NOTNULL`, 1062). */
  readonly vendorCode: string | null;

  constructor(message: string, sqlState: string | null, vendorCode: string | null, retriable: boolean, cause?: unknown) {
    super(
      retriable ? 'RETRIABLE' : 'CONNECT',
      retriable ? 'java.sql.SQLTransientConnectionException' : 'java.sql.SQLException',
      message,
      retriable,
      { cause },
    );
    this.sqlState = sqlState;
    this.vendorCode = vendorCode;
  }
}

const RETRIABLE_SOCKET_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND',
  'EAI_AGAIN', 'PROTOCOL_CONNECTION_LOST', 'PROTOCOL_SEQUENCE_TIMEOUT', 'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN', 'ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT', 'SQLITE_BUSY', 'SQLITE_LOCKED',
  'SQLITE_BUSY_SNAPSHOT', 'SQLITE_BUSY_RECOVERY',
]);

/** MySQL/MariaDB server error numbers that mean "try again": deadlock, lock wait, shutdown, gone away. */
const RETRIABLE_MYSQL_ERRNOS = new Set([1213, 1205, 1053, 2006, 2013, 1927, 1040]);

export function isRetriableSqlState(sqlState: string | null): boolean {
  if (!sqlState) return false;
  return sqlState.startsWith('08') || sqlState === '40001' || sqlState === '40P01' || sqlState.startsWith('57P') ||
    sqlState === '53300' || sqlState === 'HYT00' || sqlState === 'HYT01';
}

interface DriverErrorShape {
  message?: string;
  code?: unknown;
  errno?: unknown;
  sqlState?: unknown;
  odbcErrors?: { state?: string; code?: number; message?: string }[];
}

/** Wraps a driver error (pg, mysql2, better-sqlite3, odbc or a socket error) as a DatabaseError. */
export function toDatabaseError(err: unknown, context?: string): DatabaseError {
  if (err instanceof DatabaseError && context === undefined) return err;
  const e = (err ?? {}) as DriverErrorShape;
  let sqlState: string | null = null;
  let vendorCode: string | null = null;
  let message = err instanceof Error ? err.message : String(err);
  let retriable = false;
  if (err instanceof DatabaseError) {
    sqlState = err.sqlState;
    vendorCode = err.vendorCode;
    retriable = err.retriable;
  } else if (Array.isArray(e.odbcErrors) && e.odbcErrors.length > 0) {
    const first = e.odbcErrors[0]!;
    sqlState = first.state ?? null;
    vendorCode = first.code === undefined ? null : String(first.code);
    message = e.odbcErrors.map((o) => `[${o.state}] ${o.message}`).join('; ');
    // some drivers report a dropped connection, or a server not up (yet or any more), as a general
    // error (HY000) with words to that effect: MariaDB's "Can't connect to server", "shutdown in progress"
    retriable = isRetriableSqlState(sqlState) ||
      ((sqlState ?? '').startsWith('HY') && /connection|can't connect|server closed|gone away|lost|shutdown/i.test(message));
  } else if (typeof e.sqlState === 'string') {
    // mysql2: code is the ER_ name, errno the number, sqlState the SQLSTATE
    sqlState = e.sqlState;
    vendorCode = typeof e.code === 'string' ? e.code : e.errno === undefined ? null : String(e.errno);
    retriable = isRetriableSqlState(sqlState) || RETRIABLE_MYSQL_ERRNOS.has(Number(e.errno)) ||
      RETRIABLE_SOCKET_CODES.has(String(e.code));
  } else if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) && !e.code.startsWith('E')) {
    // pg: code is the SQLSTATE
    sqlState = e.code;
    vendorCode = e.code;
    retriable = isRetriableSqlState(sqlState);
  } else if (typeof e.code === 'string') {
    vendorCode = e.code;
    retriable = RETRIABLE_SOCKET_CODES.has(e.code) ||
      (e.code.startsWith('SQLITE_') ? false : e.code.startsWith('E'));
  } else if (/Connection terminated|not queryable|Client was closed|connection is closed|Cannot enqueue/i.test(message)) {
    retriable = true;
  }
  return new DatabaseError(context ? `${context}: ${message}` : message, sqlState, vendorCode, retriable, err);
}
