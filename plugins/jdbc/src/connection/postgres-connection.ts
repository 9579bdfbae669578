/**
 * PostgreSQL through `pg`, with COPY through `pg-copy-streams`. URL properties understood (pgjdbc's
 * names): user, password, ssl, sslmode, currentSchema, ApplicationName, connectTimeout (seconds),
 * options. Time values come back as the server's text so no local time zone is applied.
 */
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { BaseConnection } from './base-connection.js';
import type { ConnectionUrl } from './connection-url.js';
import type { QueryResult, Row } from './database-connection.js';

const INT8 = 20;
const TEXT_TIME_TYPES = new Set([1082, 1083, 1114, 1184, 1266]);

const typeParsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
    if (oid === INT8 && format !== 'binary') return (value: string) => BigInt(value);
    if (TEXT_TIME_TYPES.has(oid) && format !== 'binary') return (value: string) => value;
    return pg.types.getTypeParser(oid, format as 'text') as (value: string) => unknown;
  },
};

function sslOption(properties: Readonly<Record<string, string>>): pg.ClientConfig['ssl'] {
  const mode = properties.sslmode?.toLowerCase();
  if (mode === 'disable') return false;
  if (mode === 'verify-ca' || mode === 'verify-full') return { rejectUnauthorized: true };
  if (mode === 'require' || mode === 'prefer' || mode === 'allow') return { rejectUnauthorized: false };
  if (properties.ssl === 'true') return { rejectUnauthorized: properties.sslfactory === undefined };
  return undefined;
}

function postgresClientConfig(url: ConnectionUrl, user: string | null, password: string | null): pg.ClientConfig {
  const p = url.properties;
  const options = [p.options, p.currentSchema ? `-c search_path=${p.currentSchema}` : undefined].filter(Boolean).join(' ');
  return {
    host: url.host ?? 'localhost',
    port: url.port ?? 5432,
    database: url.database ?? undefined,
    user: user ?? undefined,
    password: password ?? undefined,
    ssl: sslOption(p),
    application_name: p.ApplicationName ?? 'tsconnect',
    connectionTimeoutMillis: p.connectTimeout ? Number(p.connectTimeout) * 1000 : 30_000,
    options: options || undefined,
    types: typeParsers,
  };
}

export class PostgresConnection extends BaseConnection {
  readonly driver = 'postgresql' as const;
  readonly paramStyle = 'dollar' as const;
  #client: pg.Client;
  #lostError: Error | null = null;
  #cursorCount = 0;

  private constructor(url: ConnectionUrl, client: pg.Client) {
    super(url);
    this.#client = client;
    // an idle client whose server goes away emits 'error'; remember it so the next call fails cleanly
    client.on('error', (err) => {
      this.#lostError = err;
    });
  }

  static async open(url: ConnectionUrl, user: string | null, password: string | null): Promise<PostgresConnection> {
    const client = new pg.Client(postgresClientConfig(url, user, password));
    const connection = new PostgresConnection(url, client);
    await connection.guard(() => client.connect());
    return connection;
  }

  #checkAlive(): void {
    if (this.#lostError) throw this.#lostError;
  }

  protected async rawQuery(sql: string, params: readonly unknown[]): Promise<QueryResult<Row>> {
    this.#checkAlive();
    const result = await this.#client.query({ text: sql, values: params as unknown[] });
    return {
      rows: result.rows as Row[],
      rowCount: result.rowCount ?? result.rows.length,
      columns: (result.fields ?? []).map((f) => f.name),
    };
  }

  protected async rawExecuteBatch(sql: string, paramSets: readonly (readonly unknown[])[]): Promise<number[]> {
    this.#checkAlive();
    // a named statement is parsed once and reused for every set
    const name = `tsconnect_${this.#cursorCount++}`;
    const counts: number[] = [];
    for (const params of paramSets) {
      const r = await this.#client.query({ name, text: sql, values: params as unknown[] });
      counts.push(r.rowCount ?? 0);
    }
    await this.#client.query(`DEALLOCATE ${name}`).catch(() => undefined);
    return counts;
  }

  protected async *rawChunks(sql: string, params: readonly unknown[], fetchSize: number): AsyncIterable<Row[]> {
    this.#checkAlive();
    const ownTransaction = !this.inTransaction;
    const cursor = `tsconnect_cursor_${this.#cursorCount++}`;
    if (ownTransaction) await this.#client.query('BEGIN');
    let failed = false;
    try {
      await this.#client.query({ text: `DECLARE ${cursor} NO SCROLL CURSOR FOR ${sql}`, values: params as unknown[] });
      for (;;) {
        const result = await this.#client.query(`FETCH FORWARD ${fetchSize} FROM ${cursor}`);
        if (result.rows.length === 0) break;
        yield result.rows as Row[];
        if (result.rows.length < fetchSize) break;
      }
    } catch (err) {
      failed = true;
      throw err;
    } finally {
      if (ownTransaction) {
        await this.#client.query(failed ? 'ROLLBACK' : 'COMMIT').catch(() => undefined);
      } else if (!failed) {
        await this.#client.query(`CLOSE ${cursor}`).catch(() => undefined);
      }
    }
  }

  protected async rawBegin(): Promise<void> {
    this.#checkAlive();
    await this.#client.query('BEGIN');
  }

  protected async rawCommit(): Promise<void> {
    this.#checkAlive();
    await this.#client.query('COMMIT');
  }

  protected async rawRollback(): Promise<void> {
    if (this.#lostError) return;
    await this.#client.query('ROLLBACK');
  }

  protected async rawClose(): Promise<void> {
    await this.#client.end();
  }

  async serverVersion(): Promise<string> {
    const r = await this.query<{ server_version: string }>('SHOW server_version');
    return r.rows[0]!.server_version;
  }

  async copyFrom(
    copySql: string,
    chunks: Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>,
  ): Promise<number> {
    return this.guard(async () => {
      this.#checkAlive();
      const stream = this.#client.query(copyFrom(copySql));
      await pipeline(Readable.from(chunks, { objectMode: false }), stream);
      return stream.rowCount;
    });
  }
}
