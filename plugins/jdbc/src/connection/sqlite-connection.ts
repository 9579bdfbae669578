/**
 * SQLite through `better-sqlite3` (synchronous, in-process). Prepared statements are cached per
 * SQL text. Integers come back as bigint. URL query parameters set pragmas: journal_mode,
 * synchronous, foreign_keys, busy_timeout (default 5000 ms), cache_size.
 */
import Database from 'better-sqlite3';
import { BaseConnection } from './base-connection.js';
import type { ConnectionUrl } from './connection-url.js';
import type { QueryResult, Row } from './database-connection.js';
import { toDatabaseError } from './database-error.js';

const PRAGMAS = new Set(['journal_mode', 'synchronous', 'foreign_keys', 'busy_timeout', 'cache_size']);
const STATEMENT_CACHE_SIZE = 64;

/** better-sqlite3 binds no booleans or plain Uint8Arrays. */
function bindable(value: unknown): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Uint8Array && !Buffer.isBuffer(value)) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  return value ?? null;
}

export class SqliteConnection extends BaseConnection {
  readonly driver = 'sqlite' as const;
  readonly paramStyle = 'question' as const;
  readonly #db: Database.Database;
  readonly #statements = new Map<string, Database.Statement>();

  private constructor(url: ConnectionUrl, db: Database.Database) {
    super(url);
    this.#db = db;
  }

  static async open(url: ConnectionUrl): Promise<SqliteConnection> {
    let db: Database.Database;
    try {
      db = new Database(url.database ?? ':memory:');
      db.defaultSafeIntegers(true);
      db.pragma('busy_timeout = 5000');
      for (const [key, value] of Object.entries(url.properties)) {
        if (PRAGMAS.has(key) && /^[A-Za-z0-9_-]+$/.test(value)) db.pragma(`${key} = ${value}`);
      }
    } catch (err) {
      throw toDatabaseError(err, `Cannot open SQLite database ${url.database}`);
    }
    return new SqliteConnection(url, db);
  }

  #prepare(sql: string): Database.Statement {
    let statement = this.#statements.get(sql);
    if (statement) {
      this.#statements.delete(sql);
    } else {
      statement = this.#db.prepare(sql);
      if (this.#statements.size >= STATEMENT_CACHE_SIZE) {
        this.#statements.delete(this.#statements.keys().next().value!);
      }
    }
    this.#statements.set(sql, statement);
    return statement;
  }

  protected async rawQuery(sql: string, params: readonly unknown[]): Promise<QueryResult<Row>> {
    const statement = this.#prepare(sql);
    const values = params.map(bindable);
    if (statement.reader) {
      const rows = statement.all(...values) as Row[];
      return { rows, rowCount: rows.length, columns: statement.columns().map((c) => c.name) };
    }
    const info = statement.run(...values);
    return { rows: [], rowCount: info.changes, columns: [] };
  }

  protected async rawExecuteBatch(sql: string, paramSets: readonly (readonly unknown[])[]): Promise<number[]> {
    const statement = this.#prepare(sql);
    return paramSets.map((params) => statement.run(...params.map(bindable)).changes);
  }

  protected async *rawChunks(sql: string, params: readonly unknown[], fetchSize: number): AsyncIterable<Row[]> {
    // its own statement: an iterating statement cannot run anything else meanwhile
    const iterator = this.#db.prepare(sql).iterate(...params.map(bindable)) as IterableIterator<Row>;
    let chunk: Row[] = [];
    try {
      for (const row of iterator) {
        chunk.push(row);
        if (chunk.length >= fetchSize) {
          yield chunk;
          chunk = [];
        }
      }
      if (chunk.length > 0) yield chunk;
    } finally {
      iterator.return?.();
    }
  }

  protected async rawBegin(): Promise<void> {
    this.#db.exec('BEGIN');
  }

  protected async rawCommit(): Promise<void> {
    this.#db.exec('COMMIT');
  }

  protected async rawRollback(): Promise<void> {
    if (this.#db.inTransaction) this.#db.exec('ROLLBACK');
  }

  protected async rawClose(): Promise<void> {
    this.#statements.clear();
    this.#db.close();
  }

  async serverVersion(): Promise<string> {
    const r = await this.query<{ v: string }>('SELECT sqlite_version() AS v');
    return r.rows[0]!.v;
  }
}
