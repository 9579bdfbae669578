/**
 * What the connectors need to know about one kind of database: how identifiers are quoted and
 * folded, how Connect types map to column types, how to read a table's columns, and how to build
 * and run the DDL and the bulk DML statements. A dialect builds SQL for one placeholder style (`?`
 * or `$n`), the one of the connection it is created for, so the PostgreSQL dialect serves both `pg`
 * and the PostgreSQL ODBC driver.
 *
 * Dialects are named as Confluent names them (`dialect.name`): PostgreSqlDatabaseDialect,
 * MySqlDatabaseDialect, SqliteDatabaseDialect, GenericDatabaseDialect, plus our
 * VectorDatabaseDialect (Actian Vector) and VerticaDatabaseDialect.
 */
import type { Schema } from '@tsconnect/api';
import type { DatabaseConnection, ParamStyle } from '../connection/database-connection.js';
import type { TableId } from './table-id.js';

/** How a database folds identifiers written without quotes. */
export type IdentifierCase = 'lower' | 'upper' | 'preserve';

/**
 * The JDBC type (java.sql.Types name) a column's database type corresponds to, so code above the
 * dialect can reason about columns without knowing each database's type names.
 */
export type JdbcType =
  | 'BIT' | 'BOOLEAN' | 'TINYINT' | 'SMALLINT' | 'INTEGER' | 'BIGINT'
  | 'REAL' | 'FLOAT' | 'DOUBLE' | 'NUMERIC' | 'DECIMAL'
  | 'CHAR' | 'VARCHAR' | 'LONGVARCHAR' | 'NCHAR' | 'NVARCHAR' | 'LONGNVARCHAR' | 'CLOB'
  | 'DATE' | 'TIME' | 'TIME_WITH_TIMEZONE' | 'TIMESTAMP' | 'TIMESTAMP_WITH_TIMEZONE'
  | 'BINARY' | 'VARBINARY' | 'LONGVARBINARY' | 'BLOB'
  | 'ARRAY' | 'JSON' | 'UUID' | 'OTHER';

/** A column as the database describes it. */
export interface ColumnDefinition {
  readonly name: string;
  /** 1-based position in the table. */
  readonly ordinal: number;
  /** The database's own type name, lower case, without length (`int8`, `character varying`, `datetime`). */
  readonly typeName: string;
  /** The full type as DDL would spell it (`numeric(10,2)`, `varchar(255)`, `timestamp(6) without time zone`). */
  readonly fullType: string;
  readonly jdbcType: JdbcType;
  /** Length for character/binary types, precision for numbers and fractional-second digits; null when unknown. */
  readonly precision: number | null;
  readonly scale: number | null;
  readonly nullable: boolean;
  readonly isPrimaryKey: boolean;
  readonly isAutoIncrement: boolean;
  /** The default expression's text, or null. */
  readonly defaultValue: string | null;
}

export interface TableDefinition {
  readonly id: TableId;
  /** Columns in table order. */
  readonly columns: readonly ColumnDefinition[];
  /** 'TABLE' or 'VIEW' (or the database's word for it, upper case). */
  readonly type: string;
  /** The primary key's columns, in key order. */
  readonly primaryKey: readonly string[];
}

/** Finds a column by name: exactly, else ignoring case (databases fold unquoted names). */
export function findColumn(table: TableDefinition, name: string): ColumnDefinition | undefined {
  return table.columns.find((c) => c.name === name) ??
    table.columns.find((c) => c.name.toLowerCase() === name.toLowerCase());
}

/** A column the sink writes: a field of the record's key or value (or a Kafka coordinate). */
export interface SinkColumn {
  readonly name: string;
  readonly schema: Schema;
  readonly isPrimaryKey: boolean;
}

export interface DialectOptions {
  /** `quote.sql.identifiers`: true = always quote (Confluent's default), false = never. */
  quoteIdentifiers: boolean;
  /** `db.timezone`: the zone in which time values are written (an IANA name; default UTC). */
  timeZone: string;
  /** The placeholder style of the connection the SQL is for. */
  paramStyle: ParamStyle;
  /** The server's version text, when known; some dialects choose syntax by it. */
  serverVersion?: string | null;
}

/** Rows of bound values, one array per row, in the column order the call names. */
export type BoundRows = readonly (readonly unknown[])[];

export interface Dialect {
  /** Confluent's name for the dialect, e.g. `PostgreSqlDatabaseDialect`. */
  readonly name: string;
  readonly options: Readonly<DialectOptions>;
  readonly identifierCase: IdentifierCase;
  /** The most bind parameters one statement may carry here. */
  readonly maxParameters: number;

  /** The identifier in quotes, with embedded quotes doubled. */
  quoteIdentifier(name: string): string;
  /** The identifier as statements spell it: quoted, or as given with quote.sql.identifiers=never. */
  identifier(name: string): string;
  /** The qualified table name as statements spell it. */
  tableName(id: TableId): string;
  /** The placeholder for the n-th parameter (1-based). */
  placeholder(n: number): string;

  /** The table's columns and key, or null when it does not exist (name matching as the database folds it). */
  describeTable(connection: DatabaseConnection, id: TableId): Promise<TableDefinition | null>;
  /** The tables (and views, with the type) visible on the connection, optionally limited to a schema. */
  listTables(connection: DatabaseConnection, types?: readonly string[]): Promise<TableId[]>;
  /** A query returning the database's current timestamp in one column. */
  currentTimestampQuery(): string;

  /** The column type `auto.create` / `auto.evolve` give this Connect schema. */
  sqlType(column: SinkColumn): string;
  buildCreateTable(id: TableId, columns: readonly SinkColumn[]): string;
  /** The statements adding these columns (one statement, or one per column where the database wants that). */
  buildAddColumns(id: TableId, columns: readonly SinkColumn[]): string[];

  /** `INSERT` of `rowCount` rows (as one statement where the dialect allows, else `rowCount` must be 1). */
  buildInsert(table: TableDefinition, columns: readonly string[], rowCount: number): string;
  /** Insert-or-update keyed by `keyColumns`; parameters per row are keys then values. */
  buildUpsert(table: TableDefinition, keyColumns: readonly string[], valueColumns: readonly string[], rowCount: number): string;
  /** `UPDATE ... SET values WHERE keys`; parameters are values then keys. */
  buildUpdate(table: TableDefinition, keyColumns: readonly string[], valueColumns: readonly string[]): string;
  /** `DELETE` of `rowCount` keys. */
  buildDelete(table: TableDefinition, keyColumns: readonly string[], rowCount: number): string;

  /** A Connect value as the driver should bind it for this column (the column may not exist yet). */
  bindValue(value: unknown, schema: Schema, column: ColumnDefinition | undefined): unknown;

  /** Inserts rows by the fastest path the dialect has; returns rows written. */
  insertRows(connection: DatabaseConnection, table: TableDefinition, columns: readonly string[], rows: BoundRows): Promise<number>;
  /**
   * Inserts the chunks in order (the writer's `batch.size` rows each), as `insertRows` would one
   * after the other; a dialect may prepare one chunk while the database writes the one before.
   */
  insertChunks(connection: DatabaseConnection, table: TableDefinition, columns: readonly string[], chunks: readonly BoundRows[]): Promise<number>;
  /** Upserts rows whose keys are distinct; each row holds keys then values. */
  upsertRows(connection: DatabaseConnection, table: TableDefinition, keyColumns: readonly string[],
    valueColumns: readonly string[], rows: BoundRows): Promise<number>;
  /** Updates rows by key; each row holds keys then values. Returns rows changed. */
  updateRows(connection: DatabaseConnection, table: TableDefinition, keyColumns: readonly string[],
    valueColumns: readonly string[], rows: BoundRows): Promise<number>;
  /** Deletes rows by key; returns rows deleted. */
  deleteRows(connection: DatabaseConnection, table: TableDefinition, keyColumns: readonly string[], keys: BoundRows): Promise<number>;
}
