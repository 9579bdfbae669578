/**
 * Picks a dialect by `dialect.name` (Confluent's names) or, when that is empty, from the
 * connection URL's database product.
 */
import { ConfigException } from '@tsconnect/api';
import type { ConnectionUrl, DatabaseProduct } from '../connection/connection-url.js';
import type { DatabaseConnection } from '../connection/database-connection.js';
import type { Dialect, DialectOptions } from './dialect.js';
import { GenericDatabaseDialect } from './generic-dialect.js';
import { MySqlDatabaseDialect } from './mysql-dialect.js';
import { PostgreSqlDatabaseDialect } from './postgres-dialect.js';
import { SqliteDatabaseDialect } from './sqlite-dialect.js';
import { VectorDatabaseDialect } from './vector-dialect.js';
import { VerticaDatabaseDialect } from './vertica-dialect.js';

const DIALECTS: ReadonlyMap<string, new (options: Partial<DialectOptions>) => Dialect> = new Map<string, new (options: Partial<DialectOptions>) => Dialect>([
  [PostgreSqlDatabaseDialect.dialectName, PostgreSqlDatabaseDialect],
  [MySqlDatabaseDialect.dialectName, MySqlDatabaseDialect],
  [SqliteDatabaseDialect.dialectName, SqliteDatabaseDialect],
  [GenericDatabaseDialect.dialectName, GenericDatabaseDialect],
  [VectorDatabaseDialect.dialectName, VectorDatabaseDialect],
  [VerticaDatabaseDialect.dialectName, VerticaDatabaseDialect],
]);

/** The names `dialect.name` accepts. */
export const DIALECT_NAMES: readonly string[] = [...DIALECTS.keys()];

const BY_PRODUCT: Record<DatabaseProduct, string> = {
  postgresql: PostgreSqlDatabaseDialect.dialectName,
  mysql: MySqlDatabaseDialect.dialectName,
  mariadb: MySqlDatabaseDialect.dialectName,
  sqlite: SqliteDatabaseDialect.dialectName,
  vertica: VerticaDatabaseDialect.dialectName,
  vector: VectorDatabaseDialect.dialectName,
};

/** The dialect name for a URL: its product's dialect, else the generic one. */
export function dialectNameForUrl(url: ConnectionUrl): string {
  return url.product ? BY_PRODUCT[url.product] : GenericDatabaseDialect.dialectName;
}

export function createDialect(name: string, options: Partial<DialectOptions> = {}): Dialect {
  const Dialect = DIALECTS.get(name);
  if (!Dialect) {
    throw new ConfigException('dialect.name', name, `Unknown dialect; expected one of ${DIALECT_NAMES.join(', ')}`);
  }
  return new Dialect(options);
}

export interface DialectSettings {
  /** `dialect.name`; empty or null derives it from the URL. */
  dialectName?: string | null;
  quoteIdentifiers?: boolean;
  timeZone?: string;
}

/** The dialect for an open connection: its placeholder style, and the server version for version-dependent syntax. */
export async function dialectForConnection(connection: DatabaseConnection, settings: DialectSettings = {}): Promise<Dialect> {
  const name = settings.dialectName ? settings.dialectName : dialectNameForUrl(connection.url);
  return createDialect(name, {
    quoteIdentifiers: settings.quoteIdentifiers ?? true,
    timeZone: settings.timeZone ?? 'UTC',
    paramStyle: connection.paramStyle,
    serverVersion: await connection.serverVersion().catch(() => null),
  });
}
