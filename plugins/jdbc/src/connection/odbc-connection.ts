/**
 * Any database with an ODBC driver, through `odbc` (unixODBC). `connection.user` and
 * `connection.password` become the UID and PWD attributes unless the connection string already
 * has them. Binary values come back as Buffers; the rest is what the driver returns (timestamps as
 * text, DECIMAL as numbers by most drivers, so read exact decimals with a CAST to text).
 *
 * With parameter arrays (the sink's default) a second driver connection, our addon's, takes every
 * statement run by `execute`/`executeBatch` and the transactions: a batch is one prepared statement
 * executed over the whole array, on the addon's own thread. The odbc package queues each of its
 * calls on libuv's thread pool, where the Kafka consumers' waiting consume calls hold the threads,
 * so a write issuing a few calls per row there crawls or stalls (docs/jdbc-sink.md). Queries, the
 * catalog functions and the source stay on the odbc package's connection; they do not see a write
 * transaction's uncommitted rows. With a driver that runs arrays row by row (psqlODBC; see
 * `bulkModeFor`) `multiRowWrites` is true and the dialects insert through `executeMultiRow`.
 */
import odbc from 'odbc';
import { BaseConnection } from './base-connection.js';
import type { ConnectionUrl } from './connection-url.js';
import type { OdbcCatalog, OdbcCatalogRow, QueryResult, Row } from './database-connection.js';
import { DatabaseError, toDatabaseError } from './database-error.js';
import { bulkModeFor, OdbcBulkConnection, type OdbcBulkMode } from './odbc-bulk-connection.js';
import type { ParameterHint } from './odbc-parameter-arrays.js';
import { formatOdbcConnectionString, odbcAttribute, withOdbcAttributes } from './odbc-connection-string.js';

/** The connection string handed to the driver manager, with the user and password applied. */
export function odbcConnectionString(url: ConnectionUrl, user: string | null, password: string | null): string {
  let attributes = url.odbcAttributes ?? [];
  const changes: Record<string, string> = {};
  if (user !== null && odbcAttribute(attributes, 'UID') === undefined) changes.UID = user;
  if (password !== null && odbcAttribute(attributes, 'PWD') === undefined) changes.PWD = password;
  attributes = withOdbcAttributes(attributes, changes);
  return formatOdbcConnectionString(attributes);
}

function plainRow(row: Record<string, unknown>): Row {
  for (const [key, value] of Object.entries(row)) {
    if (value instanceof ArrayBuffer) row[key] = Buffer.from(value);
  }
  return row;
}

function bindable(value: unknown): unknown {
  if (value instanceof Uint8Array && !Buffer.isBuffer(value)) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  return value ?? null;
}

type OdbcParams = (number | string)[];

export class OdbcConnection extends BaseConnection implements OdbcCatalog {
  readonly driver = 'odbc' as const;
  readonly paramStyle = 'question' as const;
  readonly #connection: odbc.Connection;
  readonly #writer: OdbcBulkConnection | null;
  readonly #multiRow: boolean;

  private constructor(url: ConnectionUrl, connection: odbc.Connection, writer: OdbcBulkConnection | null, multiRow: boolean) {
    super(url);
    this.#connection = connection;
    this.#writer = writer;
    this.#multiRow = multiRow;
  }

  get parameterArrays(): boolean {
    return this.#writer !== null;
  }

  get multiRowWrites(): boolean {
    return this.#multiRow;
  }

  executeMultiRow(statementFor: (rowCount: number) => string, rows: readonly (readonly unknown[])[],
    columns: readonly (ParameterHint | undefined)[] = []): Promise<number> {
    if (rows.length === 0) return Promise.resolve(0);
    if (!this.#writer || !this.#multiRow) {
      return Promise.reject(new DatabaseError('This ODBC connection does not write multi-row statements (odbc.bulk.mode)', null, null, false));
    }
    return this.guard(() => this.#writer!.executeRows(statementFor, rows, columns));
  }

  get odbcCatalog(): OdbcCatalog {
    return this;
  }

  static async open(url: ConnectionUrl, user: string | null, password: string | null, parameterArrays = false,
    bulkMode: OdbcBulkMode = 'auto'): Promise<OdbcConnection> {
    const connectionString = odbcConnectionString(url, user, password);
    let connection: odbc.Connection;
    try {
      connection = await odbc.connect({ connectionString, connectionTimeout: 30, loginTimeout: 30 });
    } catch (err) {
      throw toDatabaseError(err, 'Cannot open the ODBC connection');
    }
    let writer: OdbcBulkConnection | null = null;
    if (parameterArrays) {
      try {
        writer = await OdbcBulkConnection.open(connectionString);
      } catch (err) {
        await connection.close().catch(() => undefined);
        throw err;
      }
    }
    return new OdbcConnection(url, connection, writer, writer !== null && bulkModeFor(bulkMode, writer.driver) === 'multirow');
  }

  override async execute(sql: string, params: readonly unknown[] = []): Promise<number> {
    if (!this.#writer) return super.execute(sql, params);
    const counts = await this.guard(() => this.#writer!.executeArray(sql, [params]));
    return counts.reduce((a, b) => a + b, 0);
  }

  protected async rawQuery(sql: string, params: readonly unknown[]): Promise<QueryResult<Row>> {
    const result = params.length === 0
      ? await this.#connection.query<Row>(sql)
      : await this.#connection.query<Row>(sql, params.map(bindable) as OdbcParams);
    const rows = Array.from(result, plainRow);
    const isSelect = (result.columns ?? []).length > 0;
    return {
      rows,
      rowCount: isSelect ? rows.length : Math.max(0, Number(result.count ?? 0)),
      columns: (result.columns ?? []).map((c) => c.name),
    };
  }

  /** Whether the driver still considers the connection open. The typings declare a method; the library defines a getter. */
  #connected(): boolean {
    return (this.#connection as unknown as { connected: boolean }).connected;
  }

  /**
   * Errors some drivers raise without diagnostics (psqlODBC after the server went away: "Error
   * getting information about parameters") are connection failures when the connection is gone.
   */
  protected override async guard<T>(call: () => Promise<T> | T): Promise<T> {
    try {
      return await call();
    } catch (err) {
      const diagnostics = (err as { odbcErrors?: unknown[] }).odbcErrors;
      if ((!diagnostics || diagnostics.length === 0) && !this.#connected()) {
        throw new DatabaseError(`The ODBC connection was lost: ${(err as Error).message}`, '08S01', null, true, err);
      }
      throw toDatabaseError(err);
    }
  }

  protected async rawExecuteBatch(sql: string, paramSets: readonly (readonly unknown[])[],
    columns: readonly (ParameterHint | undefined)[]): Promise<number[]> {
    if (this.#writer) return this.#writer.executeArray(sql, paramSets, columns);
    const statement = await this.#connection.createStatement();
    try {
      await statement.prepare(sql);
      const counts: number[] = [];
      for (const params of paramSets) {
        const values = params.map(bindable) as OdbcParams;
        await statement.bind(values);
        try {
          const result = await statement.execute<Row>();
          counts.push(Math.max(0, Number(result.count ?? 0)));
        } catch (err) {
          // node-odbc's Statement.execute fails without diagnostics on SQL_NO_DATA (an UPDATE or
          // DELETE that matched no row); run that set as a plain query, which reports either 0 rows or the real error
          if ((err as { odbcErrors?: unknown[] }).odbcErrors?.length !== 0 || !this.#connected()) throw err;
          const result = await this.#connection.query<Row>(sql, values);
          counts.push(Math.max(0, Number(result.count ?? 0)));
        }
      }
      return counts;
    } finally {
      await statement.close().catch(() => undefined);
    }
  }

  protected async *rawChunks(sql: string, params: readonly unknown[], fetchSize: number): AsyncIterable<Row[]> {
    // MariaDB Connector/ODBC 3.1 loses rows when node-odbc fetches a partial row array (7 rows
    // fetched 3 at a time come back as 3 + 1), so with it we fetch row by row and chunk ourselves.
    const rowArrays = this.url.product !== 'mariadb' && this.url.product !== 'mysql';
    const cursor = await this.#connection.query(sql, params.map(bindable) as OdbcParams,
      { cursor: true, fetchSize: rowArrays ? fetchSize : 1 });
    try {
      let chunk: Row[] = [];
      while (!cursor.noData) {
        const rows = await cursor.fetch<Row>();
        for (const row of rows) chunk.push(plainRow(row));
        if (chunk.length >= fetchSize) {
          yield chunk;
          chunk = [];
        }
      }
      if (chunk.length > 0) yield chunk;
    } finally {
      await cursor.close().catch(() => undefined);
    }
  }

  protected async rawBegin(): Promise<void> {
    if (this.#writer) await this.#writer.setAutoCommit(false);
    else await this.#connection.beginTransaction();
  }

  protected async rawCommit(): Promise<void> {
    if (!this.#writer) return this.#connection.commit();
    await this.#writer.commit();
    await this.#writer.setAutoCommit(true);
  }

  protected async rawRollback(): Promise<void> {
    if (!this.#writer) return this.#connection.rollback();
    try {
      await this.#writer.rollback();
    } finally {
      await this.#writer.setAutoCommit(true).catch(() => undefined);
    }
  }

  protected async rawClose(): Promise<void> {
    await this.#writer?.close().catch(() => undefined);
    await this.#connection.close();
  }

  override async isValid(): Promise<boolean> {
    return this.#connected() && (await super.isValid());
  }

  /** ODBC has no portable version call: the first of `SELECT VERSION()` (PostgreSQL, MySQL, Vertica) and Ingres/Vector's `dbmsinfo` that answers. */
  async serverVersion(): Promise<string> {
    for (const sql of ['SELECT VERSION() AS v', "SELECT dbmsinfo('_version') AS v"]) {
      try {
        const r = await this.rawQuery(sql, []);
        const v = r.rows[0] ? Object.values(r.rows[0])[0] : undefined;
        if (v !== undefined && v !== null) return String(v).trim();
      } catch {
        // try the next form
      }
    }
    return 'unknown';
  }

  tables(catalog: string | null, schema: string | null, table: string | null, type: string | null): Promise<OdbcCatalogRow[]> {
    return this.guard(async () => Array.from(await this.#connection.tables<OdbcCatalogRow>(catalog, schema, table, type)));
  }

  columns(catalog: string | null, schema: string | null, table: string | null): Promise<OdbcCatalogRow[]> {
    return this.guard(async () => Array.from(await this.#connection.columns<OdbcCatalogRow>(catalog, schema, table, null)));
  }

  primaryKeys(catalog: string | null, schema: string | null, table: string): Promise<OdbcCatalogRow[]> {
    return this.guard(async () => Array.from(await this.#connection.primaryKeys<OdbcCatalogRow>(catalog, schema, table)));
  }
}
