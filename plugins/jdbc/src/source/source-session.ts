/**
 * Opens the source's database connection from the connector keys: connection.url, .user,
 * .password, any other `connection.*` key as a driver property (as Confluent passes them to the
 * JDBC driver), connection.attempts with connection.backoff.ms between them; then sets the
 * session's time zone (db.timezone) and isolation level.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { DatabaseConnection } from '../connection/database-connection.js';
import { openConnection } from '../connection/open-connection.js';
import type { JdbcSourceConfig, TransactionIsolationMode } from './source-config.js';
import { createSourceDialect, type SourceDialect } from './source-dialect.js';

const OWN_KEYS = new Set(['connection.url', 'connection.user', 'connection.password', 'connection.attempts', 'connection.backoff.ms']);

export interface SourceSession {
  readonly connection: DatabaseConnection;
  readonly dialect: SourceDialect;
}

export async function openSourceSession(config: JdbcSourceConfig, signal?: AbortSignal): Promise<SourceSession> {
  const properties: Record<string, string> = {};
  for (const [key, value] of Object.entries(config.connectionProps())) {
    if (!OWN_KEYS.has(key)) properties[key.slice('connection.'.length)] = value;
  }
  const attempts = config.getInt('connection.attempts');
  const backoff = config.getLong('connection.backoff.ms');
  for (let attempt = 1; ; attempt++) {
    try {
      const connection = await openConnection({
        url: config.requireString('connection.url'),
        user: config.getString('connection.user'),
        password: config.getPassword('connection.password')?.value() ?? null,
        properties,
      });
      const dialect = createSourceDialect(connection, config.quoteIdentifiers(), config.requireString('dialect.name'));
      try {
        const isolation = config.getString('transaction.isolation.mode') as TransactionIsolationMode;
        for (const sql of dialect.sessionSetup(config.timeZone(), isolation)) await connection.execute(sql);
      } catch (err) {
        await connection.close().catch(() => undefined);
        throw err;
      }
      return { connection, dialect };
    } catch (err) {
      const retriable = (err as { retriable?: boolean }).retriable === true;
      if (!retriable || attempt >= attempts || signal?.aborted) throw err;
      await sleep(backoff, undefined, { signal }).catch(() => undefined);
    }
  }
}
