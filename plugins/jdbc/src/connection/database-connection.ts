/**
 * One open connection to a database, whichever Node driver serves it. Statements take `?`
 * placeholders or `$1` ones as `paramStyle` says (the dialects build SQL for the style of the
 * connection they are given). Every driver error comes out as a DatabaseError.
 *
 * Values bound as parameters: null, string, number, bigint, boolean, Uint8Array/Buffer. Values
 * read back are the driver's, normalized where drivers disagree on time:
 * - PostgreSQL (pg): int2/int4/float → number, int8 → bigint, numeric → string, date/time/
 *   timestamp/timestamptz → the server's text (no local-time conversion), bytea → Buffer,
 *   json/jsonb → parsed value, uuid → string, bool → boolean.
 * - MySQL/MariaDB (mysql2, session time zone UTC): integers → number, or string beyond 2^53;
 *   DECIMAL → string; DATE/DATETIME/TIMESTAMP → text; BLOB/BINARY → Buffer.
 * - SQLite (better-sqlite3): INTEGER → bigint, REAL → number, TEXT → string, BLOB → Buffer.
 * - ODBC (odbc): what the driver returns (numbers, strings; timestamps as text).
 */
import type { ConnectionUrl, DriverKind } from './connection-url.js';
import type { OdbcBulkMode } from './odbc-bulk-connection.js';
import type { ParameterHint } from './odbc-parameter-arrays.js';

export type ParamStyle = 'question' | 'dollar';

export type Row = Record<string, unknown>;

export interface QueryResult<R = Row> {
  readonly rows: R[];
  /** Rows returned, or rows affected for a statement that returns none. */
  readonly rowCount: number;
  /** Result column names, in order. */
  readonly columns: string[];
}

/** A row of ODBC's SQLColumns / SQLPrimaryKeys / SQLTables result, keyed by the ODBC column names. */
export type OdbcCatalogRow = Record<string, unknown>;

/** ODBC's catalog functions, for databases we know no metadata SQL for. */
export interface OdbcCatalog {
  tables(catalog: string | null, schema: string | null, table: string | null, type: string | null): Promise<OdbcCatalogRow[]>;
  columns(catalog: string | null, schema: string | null, table: string | null): Promise<OdbcCatalogRow[]>;
  primaryKeys(catalog: string | null, schema: string | null, table: string): Promise<OdbcCatalogRow[]>;
}

export interface ConnectionConfig {
  /** `connection.url`: a JDBC URL or an ODBC connection string (see connection-url.ts). */
  url: string;
  /** `connection.user`; overrides a user named in the URL. */
  user?: string | null;
  /** `connection.password`; overrides a password in the URL. */
  password?: string | null;
  /**
   * Extra driver properties (Confluent passes unknown `connection.*` keys to the JDBC driver with
   * the prefix removed); merged over the URL's query parameters.
   */
  properties?: Readonly<Record<string, string>>;
  /**
   * ODBC only: also open a connection of our addon for writes, which executes a statement over
   * arrays of parameter sets on its own thread (statements, executeBatch and transactions go there;
   * queries stay on the odbc package's connection).
   */
  odbcParameterArrays?: boolean;
  /** ODBC with parameter arrays: how batches reach the driver (see OdbcBulkMode); `auto` by default. */
  odbcBulkMode?: OdbcBulkMode;
}

export interface DatabaseConnection {
  readonly driver: DriverKind;
  readonly url: ConnectionUrl;
  readonly paramStyle: ParamStyle;
  /** True between `begin()` and `commit()`/`rollback()`. */
  readonly inTransaction: boolean;

  query<R = Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
  /** Runs a statement; returns the rows affected. */
  execute(sql: string, params?: readonly unknown[]): Promise<number>;
  /**
   * Runs one statement once per parameter set (prepared once where the driver can); rows affected
   * per set, or one entry with the total where the driver reports only that (ODBC parameter arrays).
   * `columns` describe the parameters' target columns, for drivers that bind by type.
   */
  executeBatch(sql: string, paramSets: readonly (readonly unknown[])[], columns?: readonly (ParameterHint | undefined)[]): Promise<number[]>;
  /**
   * Streams a query's rows in chunks of about `fetchSize` without holding the whole result
   * (a server-side cursor on PostgreSQL, a row stream on MySQL, an ODBC cursor, a SQLite iterator).
   * Stop iterating early to close the cursor.
   */
  queryInChunks<R = Row>(sql: string, params: readonly unknown[], fetchSize: number): AsyncIterable<R[]>;

  begin(): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  /**
   * Runs `work` in a transaction: commit when it resolves, roll back and rethrow when it rejects.
   * `whileBeginning` runs as soon as the transaction's start is sent, before the server answers,
   * so the client's own work (binding rows) overlaps that round trip; a throw rolls back too.
   */
  transaction<T>(work: () => Promise<T>, whileBeginning?: () => void): Promise<T>;

  /** The server's version text, e.g. `15.4 (Debian ...)`, `10.11.6-MariaDB`, `3.45.1`. */
  serverVersion(): Promise<string>;
  /** True when a trivial round trip succeeds. */
  isValid(): Promise<boolean>;
  close(): Promise<void>;

  /** PostgreSQL only: `COPY ... FROM STDIN` fed with these chunks; returns the rows copied. */
  copyFrom?(copySql: string, chunks: Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>): Promise<number>;
  /**
   * MySQL and MariaDB only: `LOAD DATA LOCAL INFILE` with these chunks as the file. The server
   * cannot stop an upload under way, so it reports errors of the data (a duplicate key, a value
   * that does not fit) as warnings and skipped rows instead of failing: callers check both.
   * `fileSent` is called once the driver has taken the whole file, while the server loads it.
   */
  loadDataLocal?(loadSql: string, chunks: Iterable<Uint8Array>, fileSent?: () => void): Promise<{ rows: number; warnings: number }>;
  /** True when `executeBatch` runs the statement once over an array of parameter sets (ODBC with our addon). */
  readonly parameterArrays?: boolean;
  /**
   * True when the driver runs a parameter array as one statement per row (psqlODBC, or as
   * `odbc.bulk.mode` says): inserts should go through `executeMultiRow` instead of `executeBatch`.
   */
  readonly multiRowWrites?: boolean;
  /**
   * Writes rows as multi-row statements executed once each, `statementFor(k)` giving the text for
   * k rows, as many rows per statement as the database's parameter limit allows (at most 1,000);
   * returns the rows affected. A failed statement names its rows (a ParameterSetError).
   */
  executeMultiRow?(statementFor: (rowCount: number) => string, rows: readonly (readonly unknown[])[],
    columns?: readonly (ParameterHint | undefined)[]): Promise<number>;
  /** ODBC only: the driver's catalog functions. */
  readonly odbcCatalog?: OdbcCatalog;
}
