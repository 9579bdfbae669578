/**
 * Opens a DatabaseConnection for `connection.url` (+ user and password), picking the Node driver
 * from the URL: pg, mysql2, better-sqlite3 or odbc.
 */
import { parseConnectionUrl, type ConnectionUrl } from './connection-url.js';
import type { ConnectionConfig, DatabaseConnection } from './database-connection.js';
import { MySqlConnection } from './mysql-connection.js';
import { OdbcConnection } from './odbc-connection.js';
import { PostgresConnection } from './postgres-connection.js';
import { SqliteConnection } from './sqlite-connection.js';

/** The URL with `config.properties` merged over its own, and the configured user and password applied. */
export function resolveConnectionUrl(config: ConnectionConfig): ConnectionUrl {
  const parsed = parseConnectionUrl(config.url);
  return {
    ...parsed,
    properties: { ...parsed.properties, ...(config.properties ?? {}) },
    user: config.user ?? parsed.user,
    password: config.password ?? parsed.password,
  };
}

export async function openConnection(config: ConnectionConfig): Promise<DatabaseConnection> {
  const url = resolveConnectionUrl(config);
  switch (url.driver) {
    case 'postgresql':
      return PostgresConnection.open(url, url.user, url.password);
    case 'mysql':
      return MySqlConnection.open(url, url.user, url.password);
    case 'sqlite':
      return SqliteConnection.open(url);
    case 'odbc':
      return OdbcConnection.open(url, config.user ?? null, config.password ?? null, config.odbcParameterArrays ?? false, config.odbcBulkMode);
  }
}
