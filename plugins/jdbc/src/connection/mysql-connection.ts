/**
 * MySQL and MariaDB through `mysql2`. The session time zone is UTC (`SET time_zone='+00:00'`) and
 * temporal values come back as text. URL properties understood (Connector/J's names): user,
 * password, useSSL / sslMode, connectTimeout (ms), characterEncoding is ignored (always utf8mb4).
 * Statements go through the text protocol (client-side parameter substitution), which is what
 * multi-row INSERTs need; `executeBatch` uses server-side prepared statements.
 */
import mysql from 'mysql2/promise';
import { Readable } from 'node:stream';
import { BaseConnection } from './base-connection.js';
import type { ConnectionUrl } from './connection-url.js';
import type { QueryResult, Row } from './database-connection.js';
import { toDatabaseError } from './database-error.js';

function sslOption(properties: Readonly<Record<string, string>>): mysql.ConnectionOptions['ssl'] {
  const mode = properties.sslMode?.toUpperCase();
  if (mode === 'DISABLED' || properties.useSSL === 'false') return undefined;
  if (mode === 'VERIFY_CA' || mode === 'VERIFY_IDENTITY') return { rejectUnauthorized: true };
  if (mode === 'REQUIRED' || mode === 'PREFERRED' || properties.useSSL === 'true') return { rejectUnauthorized: false };
  return undefined;
}

type ExecuteValues = Parameters<mysql.Connection['execute']>[1];

function affectedRows(result: unknown): number {
  if (Array.isArray(result)) return result.length;
  return (result as mysql.ResultSetHeader).affectedRows ?? 0;
}

export class MySqlConnection extends BaseConnection {
  readonly driver = 'mysql' as const;
  readonly paramStyle = 'question' as const;
  #connection: mysql.Connection;
  #lostError: Error | null = null;

  private constructor(url: ConnectionUrl, connection: mysql.Connection) {
    super(url);
    this.#connection = connection;
    connection.on('error', (err: Error) => {
      this.#lostError = err;
    });
  }

  static async open(url: ConnectionUrl, user: string | null, password: string | null): Promise<MySqlConnection> {
    const p = url.properties;
    const options: mysql.ConnectionOptions = {
      host: url.host ?? 'localhost',
      port: url.port ?? 3306,
      database: url.database ?? undefined,
      user: user ?? undefined,
      password: password ?? undefined,
      ssl: sslOption(p),
      connectTimeout: p.connectTimeout ? Number(p.connectTimeout) : 30_000,
      charset: 'utf8mb4',
      timezone: 'Z',
      dateStrings: true,
      supportBigNumbers: true,
      bigNumberStrings: false,
      decimalNumbers: false,
    };
    let connection: mysql.Connection;
    try {
      connection = await mysql.createConnection(options);
    } catch (err) {
      throw toDatabaseError(err);
    }
    const result = new MySqlConnection(url, connection);
    await result.execute("SET time_zone = '+00:00'");
    return result;
  }

  #checkAlive(): void {
    if (this.#lostError) throw this.#lostError;
  }

  protected async rawQuery(sql: string, params: readonly unknown[]): Promise<QueryResult<Row>> {
    this.#checkAlive();
    const [result, fields] = await this.#connection.query(sql, params as unknown[]);
    if (Array.isArray(result)) {
      return { rows: result as Row[], rowCount: result.length, columns: (fields ?? []).map((f) => f.name) };
    }
    return { rows: [], rowCount: affectedRows(result), columns: [] };
  }

  protected async rawExecuteBatch(sql: string, paramSets: readonly (readonly unknown[])[]): Promise<number[]> {
    this.#checkAlive();
    const counts: number[] = [];
    for (const params of paramSets) {
      const [result] = await this.#connection.execute(sql, params as unknown as ExecuteValues);
      counts.push(affectedRows(result));
    }
    await this.#connection.unprepare(sql);
    return counts;
  }

  protected async *rawChunks(sql: string, params: readonly unknown[], fetchSize: number): AsyncIterable<Row[]> {
    this.#checkAlive();
    const core = (this.#connection as unknown as { connection: { query(sql: string, values: unknown[]): { stream(o?: object): Readable } } })
      .connection;
    const stream = core.query(sql, params as unknown[]).stream({ highWaterMark: fetchSize });
    let chunk: Row[] = [];
    let finished = false;
    try {
      for await (const row of stream) {
        chunk.push(row as Row);
        if (chunk.length >= fetchSize) {
          yield chunk;
          chunk = [];
        }
      }
      finished = true;
      if (chunk.length > 0) yield chunk;
    } finally {
      // stopping early: the server still sends the rest, which must be read before the next query
      if (!finished && !stream.destroyed) {
        stream.resume();
        await new Promise<void>((resolve) => {
          stream.once('end', resolve);
          stream.once('error', () => resolve());
          stream.once('close', resolve);
        });
      }
    }
  }

  protected async rawBegin(): Promise<void> {
    this.#checkAlive();
    await this.#connection.beginTransaction();
  }

  protected async rawCommit(): Promise<void> {
    this.#checkAlive();
    await this.#connection.commit();
  }

  protected async rawRollback(): Promise<void> {
    if (this.#lostError) return;
    await this.#connection.rollback();
  }

  protected async rawClose(): Promise<void> {
    if (this.#lostError) {
      this.#connection.destroy();
      return;
    }
    await this.#connection.end();
  }

  async loadDataLocal(loadSql: string, chunks: Iterable<Uint8Array>, fileSent?: () => void): Promise<{ rows: number; warnings: number }> {
    return this.guard(async () => {
      this.#checkAlive();
      // whatever file name the server asks for, it gets these rows (and no file of ours)
      const file = (): Readable => {
        const stream = Readable.from(chunks, { objectMode: false });
        if (fileSent) stream.once('end', fileSent);
        return stream;
      };
      const [result] = await this.#connection.query({ sql: loadSql, infileStreamFactory: file });
      const header = result as mysql.ResultSetHeader;
      return { rows: header.affectedRows, warnings: header.warningStatus };
    });
  }

  async serverVersion(): Promise<string> {
    const r = await this.query<{ v: string }>('SELECT VERSION() AS v');
    return r.rows[0]!.v;
  }
}
