/**
 * The ANSI SQL dialect, for any database reached through ODBC that has no dialect of its own, and
 * the base the other dialects override: double-quoted identifiers, unquoted names folded to upper
 * case, metadata from ODBC's catalog functions, single-row prepared statements run as a batch,
 * and upsert as DELETE then INSERT of the same keys inside the batch's transaction (there is no
 * upsert statement every database accepts).
 */
import { BigDecimal, ConnectException, DataException, Decimal, Struct, bytesToBigInt, type Schema } from '@tsconnect/api';
import type { DatabaseConnection } from '../connection/database-connection.js';
import { columnKind, decimalPrecision, decimalScale, type ColumnKind } from './column-kind.js';
import type {
  BoundRows, ColumnDefinition, Dialect, DialectOptions, IdentifierCase, SinkColumn, TableDefinition,
} from './dialect.js';
import { toJsonText } from './json-text.js';
import { describeOdbcTable, listOdbcTables } from './odbc-metadata.js';
import { rowChunks } from './row-chunks.js';
import { sqlLiteral } from './sql-literal.js';
import type { TableId } from './table-id.js';
import { timeValueText } from './time-value.js';

export class GenericDatabaseDialect implements Dialect {
  static readonly dialectName: string = 'GenericDatabaseDialect';
  readonly options: Readonly<DialectOptions>;
  readonly identifierCase: IdentifierCase = 'upper';
  readonly maxParameters: number = 2000;
  /** Whether `INSERT ... VALUES (...), (...)` is accepted. */
  protected readonly multiRowValues: boolean = false;
  /** Whether ALTER TABLE takes several ADD clauses in one statement. */
  protected readonly multiColumnAlter: boolean = false;

  constructor(options: Partial<DialectOptions> = {}) {
    this.options = Object.freeze({
      quoteIdentifiers: options.quoteIdentifiers ?? true,
      timeZone: options.timeZone ?? 'UTC',
      paramStyle: options.paramStyle ?? 'question',
      serverVersion: options.serverVersion ?? null,
    });
  }

  get name(): string {
    return (this.constructor as typeof GenericDatabaseDialect).dialectName;
  }

  // ---- identifiers and placeholders

  quoteIdentifier(name: string): string {
    return `"${name.replaceAll('"', '""')}"`;
  }

  identifier(name: string): string {
    return this.options.quoteIdentifiers ? this.quoteIdentifier(name) : name;
  }

  tableName(id: TableId): string {
    return [id.catalog, id.schema, id.table].filter((p): p is string => p !== null).map((p) => this.identifier(p)).join('.');
  }

  placeholder(n: number): string {
    return this.options.paramStyle === 'dollar' ? `$${n}` : '?';
  }

  /** The placeholder for a value bound to this column; dialects add casts here where the driver's type would not convert. */
  protected valuePlaceholder(n: number, _column: ColumnDefinition | undefined): string {
    return this.placeholder(n);
  }

  protected columnOf(table: TableDefinition, name: string): ColumnDefinition | undefined {
    return table.columns.find((c) => c.name === name);
  }

  // ---- metadata

  describeTable(connection: DatabaseConnection, id: TableId): Promise<TableDefinition | null> {
    if (!connection.odbcCatalog) {
      throw new ConnectException(`${this.name} reads table metadata through ODBC; use the dialect for this database instead`);
    }
    return describeOdbcTable(connection, id, this.identifierCase);
  }

  listTables(connection: DatabaseConnection, types: readonly string[] = ['TABLE']): Promise<TableId[]> {
    if (!connection.odbcCatalog) {
      throw new ConnectException(`${this.name} lists tables through ODBC; use the dialect for this database instead`);
    }
    return listOdbcTables(connection, types);
  }

  currentTimestampQuery(): string {
    return 'SELECT CURRENT_TIMESTAMP';
  }

  // ---- types and DDL

  /** The column type for a kind; `isKey` asks for a type an index or primary key accepts. */
  protected typeFor(kind: ColumnKind, schema: Schema, isKey: boolean): string {
    switch (kind) {
      case 'int8': case 'int16': return 'SMALLINT';
      case 'int32': return 'INTEGER';
      case 'int64': return 'BIGINT';
      case 'float32': return 'REAL';
      case 'float64': return 'DOUBLE PRECISION';
      case 'boolean': return 'BOOLEAN';
      case 'string': case 'json': return isKey ? 'VARCHAR(255)' : 'VARCHAR(4000)';
      case 'uuid': return 'CHAR(36)';
      case 'bytes': return isKey ? 'VARBINARY(255)' : 'VARBINARY(4000)';
      case 'decimal': return this.decimalType(schema, 38);
      case 'date': return 'DATE';
      case 'time': return 'TIME';
      case 'timestamp': return 'TIMESTAMP';
      case 'timestamptz': return 'TIMESTAMP WITH TIME ZONE';
      case 'array': case 'map': case 'struct': return 'VARCHAR(4000)';
    }
  }

  /** DECIMAL(p, s): the declared precision when the schema has one, else `maxPrecision`. */
  protected decimalType(schema: Schema, maxPrecision: number, name = 'DECIMAL'): string {
    const scale = decimalScale(schema);
    if (scale === null) return name;
    const precision = Math.min(maxPrecision, Math.max(decimalPrecision(schema) ?? maxPrecision, scale));
    return `${name}(${precision},${Math.max(0, scale)})`;
  }

  sqlType(column: SinkColumn): string {
    return this.typeFor(columnKind(column.schema), column.schema, column.isPrimaryKey);
  }

  protected booleanLiteralAsNumber(): boolean {
    return false;
  }

  /** `name TYPE [DEFAULT x] [NOT] NULL`; for ALTER, required fields without a default are added as NULL. */
  protected columnDefinition(column: SinkColumn, forAlter: boolean): string {
    const { schema } = column;
    const literal = schema.defaultValue === null ? null : sqlLiteral(schema.defaultValue, schema, this.booleanLiteralAsNumber());
    const type = this.sqlType(column);
    const parts = [this.identifier(column.name), type];
    if (literal !== null && !column.isPrimaryKey) parts.push(this.defaultClause(literal, type));
    const notNull = column.isPrimaryKey || (!schema.isOptional && (!forAlter || literal !== null));
    parts.push(this.nullClause(!notNull));
    return parts.join(' ');
  }

  protected defaultClause(literal: string, _sqlType: string): string {
    return `DEFAULT ${literal}`;
  }

  protected nullClause(nullable: boolean): string {
    return nullable ? 'NULL' : 'NOT NULL';
  }

  buildCreateTable(id: TableId, columns: readonly SinkColumn[]): string {
    const lines = columns.map((c) => this.columnDefinition(c, false));
    const keys = columns.filter((c) => c.isPrimaryKey).map((c) => this.identifier(c.name));
    if (keys.length > 0) lines.push(`PRIMARY KEY(${keys.join(',')})`);
    return `CREATE TABLE ${this.tableName(id)} (\n${lines.join(',\n')})`;
  }

  buildAddColumns(id: TableId, columns: readonly SinkColumn[]): string[] {
    if (columns.length === 0) return [];
    const table = this.tableName(id);
    if (this.multiColumnAlter) {
      return [`ALTER TABLE ${table} ${columns.map((c) => `ADD ${this.addColumnKeyword()}${this.columnDefinition(c, true)}`).join(', ')}`];
    }
    return columns.map((c) => `ALTER TABLE ${table} ADD ${this.addColumnKeyword()}${this.columnDefinition(c, true)}`);
  }

  protected addColumnKeyword(): string {
    return 'COLUMN ';
  }

  // ---- DML

  protected columnList(columns: readonly string[]): string {
    return columns.map((c) => this.identifier(c)).join(',');
  }

  /** `(?,?,?),(?,?,?)` for `rowCount` rows, numbering from `start`. */
  protected valuesRows(table: TableDefinition, columns: readonly string[], rowCount: number, start = 1): string {
    const defs = columns.map((c) => this.columnOf(table, c));
    const rows: string[] = [];
    let n = start;
    for (let r = 0; r < rowCount; r++) {
      rows.push(`(${defs.map((d) => this.valuePlaceholder(n++, d)).join(',')})`);
    }
    return rows.join(',');
  }

  protected checkRowCount(rowCount: number): void {
    if (rowCount !== 1 && !this.multiRowValues) {
      throw new ConnectException(`${this.name} writes one row per statement`);
    }
  }

  buildInsert(table: TableDefinition, columns: readonly string[], rowCount: number): string {
    this.checkRowCount(rowCount);
    return `INSERT INTO ${this.tableName(table.id)}(${this.columnList(columns)}) VALUES ${this.valuesRows(table, columns, rowCount)}`;
  }

  buildUpsert(_table: TableDefinition, _keyColumns: readonly string[], _valueColumns: readonly string[], _rowCount: number): string {
    throw new ConnectException(`${this.name} has no upsert statement; it upserts by DELETE then INSERT`);
  }

  buildUpdate(table: TableDefinition, keyColumns: readonly string[], valueColumns: readonly string[]): string {
    let n = 1;
    const set = valueColumns.map((c) => `${this.identifier(c)} = ${this.valuePlaceholder(n++, this.columnOf(table, c))}`);
    const where = keyColumns.map((c) => `${this.identifier(c)} = ${this.valuePlaceholder(n++, this.columnOf(table, c))}`);
    return `UPDATE ${this.tableName(table.id)} SET ${set.join(', ')} WHERE ${where.join(' AND ')}`;
  }

  buildDelete(table: TableDefinition, keyColumns: readonly string[], rowCount: number): string {
    const defs = keyColumns.map((c) => this.columnOf(table, c));
    let n = 1;
    if (keyColumns.length === 1) {
      const marks: string[] = [];
      for (let r = 0; r < rowCount; r++) marks.push(this.valuePlaceholder(n++, defs[0]));
      return `DELETE FROM ${this.tableName(table.id)} WHERE ${this.identifier(keyColumns[0]!)} IN (${marks.join(',')})`;
    }
    const terms: string[] = [];
    for (let r = 0; r < rowCount; r++) {
      terms.push(`(${keyColumns.map((c, i) => `${this.identifier(c)} = ${this.valuePlaceholder(n++, defs[i])}`).join(' AND ')})`);
    }
    return `DELETE FROM ${this.tableName(table.id)} WHERE ${terms.join(' OR ')}`;
  }

  // ---- values

  protected bindBoolean(value: boolean, _column: ColumnDefinition | undefined): unknown {
    return value;
  }

  /** ARRAY values: JSON text unless a dialect has array columns. */
  protected bindArray(value: unknown[], schema: Schema, _column: ColumnDefinition | undefined): unknown {
    return toJsonText(value, schema);
  }

  protected bindTimestamp(value: unknown, schema: Schema, column: ColumnDefinition | undefined): unknown {
    const withOffset = column?.jdbcType === 'TIMESTAMP_WITH_TIMEZONE';
    return timeValueText(value, schema, withOffset ? 'UTC' : this.options.timeZone, withOffset);
  }

  bindValue(value: unknown, schema: Schema, column: ColumnDefinition | undefined): unknown {
    if (value === null || value === undefined) return null;
    const kind = columnKind(schema);
    switch (kind) {
      case 'int8': case 'int16': case 'int32': case 'float32': case 'float64': case 'int64':
        return value;
      case 'boolean':
        return this.bindBoolean(Boolean(value), column);
      case 'string': case 'json': case 'uuid':
        return String(value);
      case 'bytes':
        if (!(value instanceof Uint8Array)) throw new DataException(`Expected bytes, got ${typeof value}`);
        return Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      case 'decimal':
        return decimalText(value, schema);
      case 'date': case 'time':
        return timeValueText(value, schema, this.options.timeZone);
      case 'timestamp': case 'timestamptz':
        return this.bindTimestamp(value, schema, column);
      case 'array':
        return this.bindArray(value as unknown[], schema, column);
      case 'map': case 'struct':
        return toJsonText(value, schema);
    }
  }

  // ---- writing

  async insertRows(connection: DatabaseConnection, table: TableDefinition, columns: readonly string[], rows: BoundRows): Promise<number> {
    if (rows.length === 0) return 0;
    if (connection.multiRowWrites && connection.executeMultiRow) {
      // the driver would run an array as one INSERT per row (psqlODBC): one multi-row VALUES per chunk instead
      const insert = `INSERT INTO ${this.tableName(table.id)}(${this.columnList(columns)}) VALUES `;
      return connection.executeMultiRow((k) => insert + this.valuesRows(table, columns, k), rows, columns.map((c) => this.columnOf(table, c)));
    }
    if (!this.multiRowValues) {
      const counts = await connection.executeBatch(this.buildInsert(table, columns, 1), rows, columns.map((c) => this.columnOf(table, c)));
      return counts.reduce((a, b) => a + b, 0);
    }
    let written = 0;
    for (const chunk of rowChunks(rows, columns.length, this.maxParameters)) {
      written += await connection.execute(this.buildInsert(table, columns, chunk.length), chunk.flat());
    }
    return written;
  }

  async insertChunks(connection: DatabaseConnection, table: TableDefinition, columns: readonly string[], chunks: readonly BoundRows[]): Promise<number> {
    let written = 0;
    for (const rows of chunks) written += await this.insertRows(connection, table, columns, rows);
    return written;
  }

  async upsertRows(connection: DatabaseConnection, table: TableDefinition, keyColumns: readonly string[],
    valueColumns: readonly string[], rows: BoundRows): Promise<number> {
    if (rows.length === 0) return 0;
    await this.deleteRows(connection, table, keyColumns, rows.map((r) => r.slice(0, keyColumns.length)));
    return this.insertRows(connection, table, [...keyColumns, ...valueColumns], rows);
  }

  async updateRows(connection: DatabaseConnection, table: TableDefinition, keyColumns: readonly string[],
    valueColumns: readonly string[], rows: BoundRows): Promise<number> {
    if (rows.length === 0 || valueColumns.length === 0) return 0;
    const k = keyColumns.length;
    const counts = await connection.executeBatch(
      this.buildUpdate(table, keyColumns, valueColumns),
      rows.map((r) => [...r.slice(k), ...r.slice(0, k)]),
      [...valueColumns, ...keyColumns].map((c) => this.columnOf(table, c)),
    );
    return counts.reduce((a, b) => a + b, 0);
  }

  async deleteRows(connection: DatabaseConnection, table: TableDefinition, keyColumns: readonly string[], keys: BoundRows): Promise<number> {
    let deleted = 0;
    for (const chunk of rowChunks(keys, keyColumns.length, this.maxParameters)) {
      deleted += await connection.execute(this.buildDelete(table, keyColumns, chunk.length), chunk.flat());
    }
    return deleted;
  }
}

/** A Decimal (BigDecimal, its encoded bytes, or Debezium's VariableScaleDecimal struct) as plain digits. */
export function decimalText(value: unknown, schema: Schema): string {
  if (value instanceof BigDecimal) return value.toPlainString();
  if (value instanceof Uint8Array) return Decimal.toLogical(schema, value).toPlainString();
  if (value instanceof Struct) {
    const bytes = value.get('value');
    const scale = Number(value.get('scale'));
    if (bytes instanceof Uint8Array) return new BigDecimal(bytesToBigInt(bytes), scale).toPlainString();
  }
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'string') return String(value);
  throw new DataException(`Cannot write ${typeof value} as a decimal`);
}
