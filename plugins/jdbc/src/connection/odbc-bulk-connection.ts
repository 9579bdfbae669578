/**
 * The ODBC write path: our addon (native/odbc-bulk.cc) over its own driver connection, which
 * prepares a statement once and executes it over arrays of parameter sets, with the driver's
 * status for every set. Its calls run on a thread of the connection's own, never on libuv's pool.
 *
 * A failed set becomes a ParameterSetError: the database's SQLSTATE and message, and the parameter
 * sets (the very arrays passed in) the driver marked as failed, so the caller can tell its rows.
 *
 * Some drivers run a parameter array as one statement per row: psqlODBC sends each row as its own
 * single-row INSERT with the values written into the text, which the server parses and plans row by
 * row. For them `executeRows` binds the same column-wise buffers as the cells of one multi-row
 * statement, executed once (`bulkModeFor` says which drivers).
 */
import { createRequire } from 'node:module';
import { DatabaseError, toDatabaseError } from './database-error.js';
import { parameterColumns, rowWidth, type ParameterColumn, type ParameterHint } from './odbc-parameter-arrays.js';

interface OdbcDiagnostic {
  state: string;
  code: number;
  message: string;
  /** 1-based parameter set, or -1. */
  row: number;
}

interface ExecuteResult {
  ok: boolean;
  status: Uint8Array;
  counts: number[];
  diagnostics: OdbcDiagnostic[];
}

interface DriverInfo {
  /** SQLGetInfo(SQL_DRIVER_NAME): the driver's file name, e.g. psqlodbcw.so, libmaodbc.so. */
  driverName: string;
  /** SQLGetInfo(SQL_DBMS_NAME), e.g. PostgreSQL, MariaDB. */
  dbmsName: string;
}

interface NativeConnection {
  connect(connectionString: string): Promise<DriverInfo>;
  execute(sql: string, rows: number, columns: ParameterColumn[], cellsAsParameters?: boolean): Promise<ExecuteResult>;
  setAutoCommit(on: boolean): Promise<void>;
  endTransaction(commit: boolean): Promise<void>;
  close(): Promise<void>;
}

const SQL_PARAM_ERROR = 5;
/** The most memory one array's parameter buffers may take; larger batches are sent in several arrays. */
const ARRAY_BYTES = 32 * 1024 * 1024;
/**
 * Rows per multi-row statement: past a few hundred rows a longer statement saves nothing per row,
 * and a failed one costs a longer halving to find its bad row.
 */
const MULTI_ROW_ROWS = 1000;

const addon = createRequire(import.meta.url)('../../../build/Release/odbc_bulk.node') as {
  OdbcBulkConnection: new () => NativeConnection;
};

/**
 * How a batch reaches the driver: `arrays`, one statement over an array of parameter sets;
 * `multirow`, multi-row INSERT statements executed once each; `auto`, multirow for drivers that
 * run arrays row by row (psqlODBC), arrays for the others.
 */
export type OdbcBulkMode = 'arrays' | 'multirow' | 'auto';

/** The mode `auto` means for this driver. */
export function bulkModeFor(mode: OdbcBulkMode, driver: DriverInfo): 'arrays' | 'multirow' {
  if (mode !== 'auto') return mode;
  return /^psqlodbc/i.test(driver.driverName) ? 'multirow' : 'arrays';
}

/**
 * The most parameters one statement may take: PostgreSQL's and MariaDB's protocols count them in
 * 16 bits; for others we assume SQL Server's 2,100 less a margin.
 */
export function statementParameterLimit(dbmsName: string): number {
  return /postgres|mariadb|mysql/i.test(dbmsName) ? 65_535 : 2_000;
}

/** A failed parameter set (or several) of an array execution. */
export class ParameterSetError extends DatabaseError {
  constructor(message: string, sqlState: string | null, vendorCode: string | null, retriable: boolean,
    readonly failedSets: readonly (readonly unknown[])[], cause: unknown) {
    super(message, sqlState, vendorCode, retriable, cause);
  }
}

export class OdbcBulkConnection {
  readonly #native: NativeConnection;
  readonly driver: Readonly<DriverInfo>;

  private constructor(native: NativeConnection, driver: DriverInfo) {
    this.#native = native;
    this.driver = driver;
  }

  static async open(connectionString: string): Promise<OdbcBulkConnection> {
    const native = new addon.OdbcBulkConnection();
    let driver: DriverInfo;
    try {
      driver = await native.connect(connectionString);
    } catch (err) {
      await native.close().catch(() => undefined);
      throw toDatabaseError(err, 'Cannot open the ODBC connection');
    }
    return new OdbcBulkConnection(native, driver);
  }

  /**
   * Executes `sql` once per parameter set, as few arrays as memory allows. Returns rows affected per
   * set where the driver reports them per set, else one entry with the total.
   */
  async executeArray(sql: string, paramSets: readonly (readonly unknown[])[],
    hints: readonly (ParameterHint | undefined)[] = []): Promise<number[]> {
    const perRow = paramSets[0]!.reduce<number>((sum, _v, i) => sum + rowWidth(paramSets, i), 0);
    const size = Math.max(1, Math.floor(ARRAY_BYTES / Math.max(1, perRow)));
    const counts: number[] = [];
    for (let start = 0; start < paramSets.length; start += size) {
      const sets = paramSets.slice(start, start + size);
      const result = await this.#call(() => this.#native.execute(sql, sets.length, parameterColumns(sets, hints)));
      const failed: number[] = [];
      result.status.forEach((s, i) => { if (s === SQL_PARAM_ERROR) failed.push(start + i); });
      if (!result.ok || failed.length > 0) throw this.#setError(result, failed.map((i) => paramSets[i]!));
      counts.push(...result.counts);
    }
    return counts;
  }

  /**
   * Writes `rows` as multi-row statements, `statementFor(k)` giving the text for k rows (a VALUES
   * with k groups), each executed once with the rows' values one row after another as its
   * parameters: at most MULTI_ROW_ROWS rows, the DBMS's parameter limit and ARRAY_BYTES of buffers
   * per statement. Returns the rows affected. A failed statement names all its rows in the
   * ParameterSetError: it went in or failed whole.
   */
  async executeRows(statementFor: (rowCount: number) => string, rows: readonly (readonly unknown[])[],
    hints: readonly (ParameterHint | undefined)[] = []): Promise<number> {
    const width = rows[0]!.length;
    const perRow = rows[0]!.reduce<number>((sum, _v, i) => sum + rowWidth(rows, i), 0);
    const size = Math.max(1, Math.min(MULTI_ROW_ROWS, Math.floor(statementParameterLimit(this.driver.dbmsName) / Math.max(1, width)),
      Math.floor(ARRAY_BYTES / Math.max(1, perRow))));
    let written = 0;
    let full: string | undefined;
    for (let start = 0; start < rows.length; start += size) {
      const chunk = rows.slice(start, start + size);
      const sql = chunk.length === size ? (full ??= statementFor(size)) : statementFor(chunk.length);
      const result = await this.#call(() => this.#native.execute(sql, chunk.length, parameterColumns(chunk, hints), true));
      if (!result.ok || result.status[0] === SQL_PARAM_ERROR) throw this.#setError(result, chunk);
      written += result.counts.reduce((a, b) => a + b, 0);
    }
    return written;
  }

  #setError(result: ExecuteResult, failed: readonly (readonly unknown[])[]): ParameterSetError {
    // warnings (SQLSTATE class 01) are not what failed
    const errors = result.diagnostics.filter((d) => !d.state.startsWith('01'));
    const shown = errors.length > 0 ? errors : result.diagnostics;
    const wrapped = toDatabaseError({ message: 'ODBC array execution failed', odbcErrors: shown });
    return new ParameterSetError(wrapped.message, wrapped.sqlState, wrapped.vendorCode, wrapped.retriable, failed, wrapped);
  }

  setAutoCommit(on: boolean): Promise<void> {
    return this.#call(() => this.#native.setAutoCommit(on));
  }

  commit(): Promise<void> {
    return this.#call(() => this.#native.endTransaction(true));
  }

  rollback(): Promise<void> {
    return this.#call(() => this.#native.endTransaction(false));
  }

  close(): Promise<void> {
    return this.#call(() => this.#native.close());
  }

  async #call<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      throw toDatabaseError(err);
    }
  }
}
