/**
 * The ODBC write path: our addon (native/odbc-bulk.cc) over its own driver connection, which
 * prepares a statement once and executes it over arrays of parameter sets, with the driver's
 * status for every set. Its calls run on a thread of the connection's own, never on libuv's pool.
 *
 * A failed set becomes a ParameterSetError: the database's SQLSTATE and message, and the parameter
 * sets (the very arrays passed in) the driver marked as failed, so the caller can tell its rows.
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

interface NativeConnection {
  connect(connectionString: string): Promise<void>;
  execute(sql: string, rows: number, columns: ParameterColumn[]): Promise<ExecuteResult>;
  setAutoCommit(on: boolean): Promise<void>;
  endTransaction(commit: boolean): Promise<void>;
  close(): Promise<void>;
}

const SQL_PARAM_ERROR = 5;
/** The most memory one array's parameter buffers may take; larger batches are sent in several arrays. */
const ARRAY_BYTES = 32 * 1024 * 1024;

const addon = createRequire(import.meta.url)('../../../build/Release/odbc_bulk.node') as {
  OdbcBulkConnection: new () => NativeConnection;
};

/** A failed parameter set (or several) of an array execution. */
export class ParameterSetError extends DatabaseError {
  constructor(message: string, sqlState: string | null, vendorCode: string | null, retriable: boolean,
    readonly failedSets: readonly (readonly unknown[])[], cause: unknown) {
    super(message, sqlState, vendorCode, retriable, cause);
  }
}

export class OdbcBulkConnection {
  readonly #native: NativeConnection;

  private constructor(native: NativeConnection) {
    this.#native = native;
  }

  static async open(connectionString: string): Promise<OdbcBulkConnection> {
    const native = new addon.OdbcBulkConnection();
    try {
      await native.connect(connectionString);
    } catch (err) {
      await native.close().catch(() => undefined);
      throw toDatabaseError(err, 'Cannot open the ODBC connection');
    }
    return new OdbcBulkConnection(native);
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

  #setError(result: ExecuteResult, failed: (readonly unknown[])[]): ParameterSetError {
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
