/**
 * SQLite. Names are case-insensitive and kept as written. With the in-process driver, rows are
 * written by one prepared single-row statement run for every row inside the batch's transaction
 * (no round trips, so this beats building big statements); upserts use `ON CONFLICT (k) DO UPDATE`
 * (SQLite 3.24+). Decimals are stored as TEXT so no digit is lost to REAL affinity; time values as
 * ISO-8601 text, which SQLite's date functions read.
 */
import type { Schema } from '@tsconnect/api';
import type { DatabaseConnection } from '../connection/database-connection.js';
import type { ColumnKind } from './column-kind.js';
import type { BoundRows, ColumnDefinition, IdentifierCase, JdbcType, TableDefinition } from './dialect.js';
import { GenericDatabaseDialect } from './generic-dialect.js';
import type { TableId } from './table-id.js';

/** A declared column type's JDBC type, by SQLite's affinity rules plus the usual type names. */
export function sqliteJdbcType(declared: string): JdbcType {
  const t = declared.toUpperCase();
  if (t === 'BOOLEAN' || t === 'BOOL') return 'BOOLEAN';
  if (t.includes('BIGINT')) return 'BIGINT';
  if (t.includes('INT')) return 'INTEGER';
  if (t.includes('CHAR') || t.includes('CLOB') || t.includes('TEXT')) return 'VARCHAR';
  if (t === '' || t.includes('BLOB')) return 'BLOB';
  if (t.includes('REAL') || t.includes('FLOA') || t.includes('DOUB')) return 'DOUBLE';
  if (t.includes('DATETIME') || t.includes('TIMESTAMP')) return 'TIMESTAMP';
  if (t.includes('DATE')) return 'DATE';
  if (t.includes('TIME')) return 'TIME';
  if (t.includes('JSON')) return 'JSON';
  return 'NUMERIC';
}

export class SqliteDatabaseDialect extends GenericDatabaseDialect {
  static override readonly dialectName: string = 'SqliteDatabaseDialect';
  override readonly identifierCase: IdentifierCase = 'preserve';
  override readonly maxParameters: number = 32_766;
  protected override readonly multiRowValues: boolean = true;

  override async describeTable(connection: DatabaseConnection, id: TableId): Promise<TableDefinition | null> {
    const master = id.schema ? `${this.quoteIdentifier(id.schema)}.sqlite_master` : 'sqlite_master';
    const found = (await connection.query<{ name: string; type: string }>(
      `SELECT name, type FROM ${master} WHERE type IN ('table', 'view') AND name = ? COLLATE NOCASE ORDER BY name = ? DESC LIMIT 1`,
      [id.table, id.table],
    )).rows[0];
    if (!found) return null;
    const info = (await connection.query<Record<string, unknown>>(
      'SELECT cid, name, type, "notnull" AS not_null, dflt_value, pk FROM pragma_table_info(?, ?)',
      [found.name, id.schema ?? 'main'],
    )).rows;
    const columns: ColumnDefinition[] = info.map((r) => {
      const declared = String(r.type ?? '');
      const m = /^([^(]*)(?:\((\d+)(?:\s*,\s*(\d+))?\))?/.exec(declared)!;
      return {
        name: String(r.name),
        ordinal: Number(r.cid) + 1,
        typeName: m[1]!.trim().toLowerCase(),
        fullType: declared.toLowerCase(),
        jdbcType: sqliteJdbcType(declared),
        precision: m[2] === undefined ? null : Number(m[2]),
        scale: m[3] === undefined ? null : Number(m[3]),
        nullable: Number(r.not_null) === 0 && Number(r.pk) === 0,
        isPrimaryKey: Number(r.pk) > 0,
        isAutoIncrement: false,
        defaultValue: r.dflt_value === null ? null : String(r.dflt_value),
      };
    });
    const primaryKey = info.filter((r) => Number(r.pk) > 0).sort((a, b) => Number(a.pk) - Number(b.pk)).map((r) => String(r.name));
    return {
      id: { catalog: null, schema: id.schema, table: found.name },
      columns,
      type: found.type === 'view' ? 'VIEW' : 'TABLE',
      primaryKey,
    };
  }

  override async listTables(connection: DatabaseConnection, types: readonly string[] = ['TABLE']): Promise<TableId[]> {
    const wanted = types.map((t) => t.toLowerCase());
    const r = await connection.query<{ name: string; type: string }>(
      "SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY name",
    );
    return r.rows.filter((row) => wanted.includes(row.type)).map((row) => ({ catalog: null, schema: null, table: row.name }));
  }

  override currentTimestampQuery(): string {
    return "SELECT strftime('%Y-%m-%d %H:%M:%f', 'now')";
  }

  protected override typeFor(kind: ColumnKind, schema: Schema, isKey: boolean): string {
    switch (kind) {
      case 'int8': case 'int16': case 'int32': case 'int64': case 'boolean': return 'INTEGER';
      case 'float32': case 'float64': return 'REAL';
      case 'string': case 'json': case 'uuid': case 'decimal': case 'array': case 'map': case 'struct': return 'TEXT';
      case 'bytes': return 'BLOB';
      case 'date': return 'DATE';
      case 'time': return 'TIME';
      case 'timestamp': case 'timestamptz': return 'DATETIME';
      default: return super.typeFor(kind, schema, isKey);
    }
  }

  protected override booleanLiteralAsNumber(): boolean {
    return true;
  }

  protected override bindBoolean(value: boolean): unknown {
    return value ? 1 : 0;
  }

  override buildUpsert(table: TableDefinition, keyColumns: readonly string[], valueColumns: readonly string[], rowCount: number): string {
    const insert = this.buildInsert(table, [...keyColumns, ...valueColumns], rowCount);
    const keys = this.columnList(keyColumns);
    if (valueColumns.length === 0) return `${insert} ON CONFLICT (${keys}) DO NOTHING`;
    const set = valueColumns.map((c) => `${this.identifier(c)}=excluded.${this.identifier(c)}`).join(',');
    return `${insert} ON CONFLICT (${keys}) DO UPDATE SET ${set}`;
  }

  override async insertRows(connection: DatabaseConnection, table: TableDefinition, columns: readonly string[], rows: BoundRows): Promise<number> {
    if (connection.driver !== 'sqlite') return super.insertRows(connection, table, columns, rows);
    const counts = await connection.executeBatch(this.buildInsert(table, columns, 1), rows);
    return counts.reduce((a, b) => a + b, 0);
  }

  override async upsertRows(connection: DatabaseConnection, table: TableDefinition, keyColumns: readonly string[],
    valueColumns: readonly string[], rows: BoundRows): Promise<number> {
    const counts = await connection.executeBatch(this.buildUpsert(table, keyColumns, valueColumns, 1), rows);
    return counts.reduce((a, b) => a + b, 0);
  }
}
