/**
 * The SQL pieces the source needs that differ between databases: quoting, placeholders, the row
 * limit, how a timestamp parameter is compared, the database clock, and session settings.
 * Kept here rather than in ../dialect/ because they concern reading only; the database family is
 * the one the connection URL names (for ODBC, guessed from the driver name).
 */
import { ConfigException } from '@tsconnect/api';
import type { DatabaseConnection } from '../connection/database-connection.js';
import type { TransactionIsolationMode } from './source-config.js';
import type { TableId } from '../dialect/table-id.js';

type SourceFamily = 'postgresql' | 'mysql' | 'sqlite' | 'generic';

export interface SourceDialect {
  readonly family: SourceFamily;
  quote(identifier: string): string;
  /** The table as written in FROM. */
  table(id: TableId): string;
  /** The placeholder of the `index`-th parameter (1-based). */
  placeholder(index: number): string;
  /** A timestamp parameter as compared with a timestamp column (the parameter is wall-clock text). */
  timestampParam(placeholder: string): string;
  /** The expression compared and ordered by, for a timestamp column expression. */
  trackedTimestamp(expression: string): string;
  /** Digits of the fraction of a second kept in timestamp parameters. */
  readonly timestampFractionDigits: number;
  /** A statement returning one row with the database's current time as text, column `now`. */
  readonly currentTimestampSql: string;
  /** The row limit clause, after ORDER BY (with an offset for bulk pages). */
  limit(rows: number, offset?: number): string;
  /** Statements that set the session's time zone and isolation level. */
  sessionSetup(timeZone: string, isolation: TransactionIsolationMode): string[];
}

/** Confluent's dialect.name values (and ours for Vertica and Vector) → the product they stand for. */
const DIALECT_PRODUCTS: Record<string, string> = {
  PostgreSqlDatabaseDialect: 'postgresql',
  MySqlDatabaseDialect: 'mysql',
  SqliteDatabaseDialect: 'sqlite',
  VerticaDatabaseDialect: 'vertica',
  VectorDatabaseDialect: 'vector',
  GenericDatabaseDialect: 'generic',
};

/** The product behind the connection: `dialect.name` when set, else what the URL tells. */
function sourceProduct(connection: DatabaseConnection, dialectName = ''): string | null {
  if (dialectName === '') return connection.url.product;
  const product = DIALECT_PRODUCTS[dialectName];
  if (!product) {
    throw new ConfigException('dialect.name', dialectName, `expected one of ${Object.keys(DIALECT_PRODUCTS).join(', ')}`);
  }
  return product;
}

function sourceFamily(product: string | null): SourceFamily {
  switch (product) {
    case 'postgresql':
      return 'postgresql';
    case 'mysql':
    case 'mariadb':
      return 'mysql';
    case 'sqlite':
      return 'sqlite';
    default:
      return 'generic';
  }
}

const sqlString = (text: string): string => `'${text.replace(/'/g, "''")}'`;

function isolationSql(family: SourceFamily, isolation: TransactionIsolationMode): string[] {
  if (isolation === 'DEFAULT') return [];
  if (isolation === 'SQL_SERVER_SNAPSHOT') {
    throw new ConfigException('transaction.isolation.mode', isolation, 'SQL_SERVER_SNAPSHOT is only for SQL Server.');
  }
  const level = isolation.replace('_', ' ');
  switch (family) {
    case 'postgresql':
      return [`SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL ${level}`];
    case 'mysql':
      return [`SET SESSION TRANSACTION ISOLATION LEVEL ${level}`];
    case 'sqlite':
      // SQLite is serializable; only dirty reads between connections of one process can be asked for
      return isolation === 'READ_UNCOMMITTED' ? ['PRAGMA read_uncommitted = 1'] : [];
    case 'generic':
      return [`SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL ${level}`];
  }
}

export function createSourceDialect(connection: DatabaseConnection, quoteIdentifiers: boolean, dialectName = ''): SourceDialect {
  const product = sourceProduct(connection, dialectName);
  const family = sourceFamily(product);
  const dollar = connection.paramStyle === 'dollar';
  const quoteChar = family === 'mysql' ? '`' : '"';
  const quote = (identifier: string): string =>
    quoteIdentifiers ? `${quoteChar}${identifier.split(quoteChar).join(quoteChar + quoteChar)}${quoteChar}` : identifier;
  return {
    family,
    quote,
    table(id) {
      // a PostgreSQL catalog is the current database: it is part of the offset key, never of the SQL
      const parts = family === 'postgresql' ? [id.schema, id.table] : [id.catalog, id.schema, id.table];
      return parts.filter((p): p is string => p !== null).map(quote).join('.');
    },
    placeholder: (index) => (dollar ? `$${index}` : '?'),
    timestampParam: (placeholder) =>
      family === 'postgresql' || family === 'generic' ? `CAST(${placeholder} AS TIMESTAMP)` : placeholder,
    trackedTimestamp: (expression) =>
      // SQLite keeps timestamps as text in any ISO-8601 shape: compare one normalized form
      family === 'sqlite' ? `strftime('%Y-%m-%d %H:%M:%f', ${expression})` : expression,
    timestampFractionDigits: family === 'sqlite' ? 3 : 6,
    currentTimestampSql: {
      postgresql: 'SELECT CAST(CURRENT_TIMESTAMP AS TEXT) AS now',
      mysql: 'SELECT CAST(NOW(6) AS CHAR) AS now',
      sqlite: "SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now') AS now",
      generic: 'SELECT CAST(CURRENT_TIMESTAMP AS VARCHAR(40)) AS now',
    }[family],
    limit: (rows, offset = 0) =>
      // Actian Vector (Ingres) has the standard clause only
      product === 'vector'
        ? `${offset > 0 ? `OFFSET ${offset} ` : ''}FETCH FIRST ${rows} ROWS ONLY`
        : `LIMIT ${rows}${offset > 0 ? ` OFFSET ${offset}` : ''}`,
    sessionSetup(timeZone, isolation) {
      const statements: string[] = [];
      if (family === 'postgresql') statements.push(`SET TIME ZONE ${sqlString(timeZone)}`);
      if (family === 'mysql' && timeZone.toUpperCase() !== 'UTC') statements.push(`SET time_zone = ${sqlString(timeZone)}`);
      return [...statements, ...isolationSql(family, isolation)];
    },
  };
}
