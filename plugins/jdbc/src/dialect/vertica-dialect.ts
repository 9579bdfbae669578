/**
 * Vertica, reached through its ODBC driver. Identifiers are case-insensitive and kept as written.
 * Vertica's INSERT takes one VALUES row. With parameter arrays a batch is that INSERT executed over
 * the array, which Vertica's driver loads as one COPY while autocommit is off (the batch's
 * transaction); without them, one `INSERT ... SELECT ... UNION ALL SELECT ...` per chunk. Upserts
 * are one `MERGE ... USING (SELECT ... UNION ALL ...)` per chunk and updates a MERGE with only
 * WHEN MATCHED. Parameters in a SELECT list have no type to infer, so
 * each is cast to the target column's type. ALTER TABLE adds one column per statement.
 *
 * Not yet run against a live Vertica server: only the SQL it generates is tested.
 */
import type { Schema } from '@tsconnect/api';
import type { DatabaseConnection } from '../connection/database-connection.js';
import { decimalPrecision, decimalScale, type ColumnKind } from './column-kind.js';
import type { BoundRows, IdentifierCase, TableDefinition } from './dialect.js';
import { GenericDatabaseDialect } from './generic-dialect.js';
import { rowChunks } from './row-chunks.js';

export class VerticaDatabaseDialect extends GenericDatabaseDialect {
  static override readonly dialectName: string = 'VerticaDatabaseDialect';
  override readonly identifierCase: IdentifierCase = 'preserve';
  override readonly maxParameters: number = 16_000;

  protected override typeFor(kind: ColumnKind, schema: Schema, isKey: boolean): string {
    switch (kind) {
      case 'int8': case 'int16': case 'int32': case 'int64': return 'INTEGER';
      case 'float32': case 'float64': return 'FLOAT';
      case 'string': case 'json': case 'array': case 'map': case 'struct': return isKey ? 'VARCHAR(1024)' : 'VARCHAR(65000)';
      case 'bytes': return isKey ? 'VARBINARY(1024)' : 'VARBINARY(65000)';
      case 'uuid': return 'UUID';
      case 'decimal': {
        const scale = Math.max(0, decimalScale(schema) ?? 15);
        const precision = Math.min(1024, Math.max(decimalPrecision(schema) ?? 37, scale));
        return `NUMERIC(${precision},${scale})`;
      }
      case 'timestamptz': return 'TIMESTAMPTZ';
      default: return super.typeFor(kind, schema, isKey);
    }
  }

  /** `CAST(? AS type)`, the column's declared type (or VARCHAR when the table does not say). */
  protected castPlaceholder(table: TableDefinition, column: string, n: number): string {
    const type = this.columnOf(table, column)?.fullType ?? 'VARCHAR';
    return `CAST(${this.placeholder(n)} AS ${type})`;
  }

  /** `SELECT CAST(? AS t) AS "a", ... UNION ALL SELECT ...` for `rowCount` rows. */
  protected selectRows(table: TableDefinition, columns: readonly string[], rowCount: number): string {
    const selects: string[] = [];
    let n = 1;
    for (let r = 0; r < rowCount; r++) {
      const cells = columns.map((c) => `${this.castPlaceholder(table, c, n++)}${r === 0 ? ` AS ${this.identifier(c)}` : ''}`);
      selects.push(`SELECT ${cells.join(',')}`);
    }
    return selects.join(' UNION ALL ');
  }

  override buildInsert(table: TableDefinition, columns: readonly string[], rowCount: number): string {
    return `INSERT INTO ${this.tableName(table.id)}(${this.columnList(columns)}) ${this.selectRows(table, columns, rowCount)}`;
  }

  protected merge(table: TableDefinition, keyColumns: readonly string[], valueColumns: readonly string[], rowCount: number,
    insertMissing: boolean): string {
    const columns = [...keyColumns, ...valueColumns];
    const on = keyColumns.map((c) => `target.${this.identifier(c)}=incoming.${this.identifier(c)}`).join(' AND ');
    let sql = `MERGE INTO ${this.tableName(table.id)} AS target USING (${this.selectRows(table, columns, rowCount)}) AS incoming ON (${on})`;
    if (valueColumns.length > 0) {
      sql += ` WHEN MATCHED THEN UPDATE SET ${valueColumns.map((c) => `${this.identifier(c)}=incoming.${this.identifier(c)}`).join(',')}`;
    }
    if (insertMissing) {
      sql += ` WHEN NOT MATCHED THEN INSERT (${this.columnList(columns)}) VALUES (${columns.map((c) => `incoming.${this.identifier(c)}`).join(',')})`;
    }
    return sql;
  }

  override buildUpsert(table: TableDefinition, keyColumns: readonly string[], valueColumns: readonly string[], rowCount: number): string {
    return this.merge(table, keyColumns, valueColumns, rowCount, true);
  }

  /** A MERGE that only updates: many rows in one statement. */
  buildMergeUpdate(table: TableDefinition, keyColumns: readonly string[], valueColumns: readonly string[], rowCount: number): string {
    return this.merge(table, keyColumns, valueColumns, rowCount, false);
  }

  override async insertRows(connection: DatabaseConnection, table: TableDefinition, columns: readonly string[], rows: BoundRows): Promise<number> {
    if (connection.parameterArrays) {
      const sql = `INSERT INTO ${this.tableName(table.id)}(${this.columnList(columns)}) VALUES ${this.valuesRows(table, columns, 1)}`;
      const counts = await connection.executeBatch(sql, rows, columns.map((c) => this.columnOf(table, c)));
      return counts.reduce((a, b) => a + b, 0);
    }
    let written = 0;
    for (const chunk of rowChunks(rows, columns.length, this.maxParameters)) {
      written += await connection.execute(this.buildInsert(table, columns, chunk.length), chunk.flat());
    }
    return written;
  }

  override async upsertRows(connection: DatabaseConnection, table: TableDefinition, keyColumns: readonly string[],
    valueColumns: readonly string[], rows: BoundRows): Promise<number> {
    let written = 0;
    for (const chunk of rowChunks(rows, keyColumns.length + valueColumns.length, this.maxParameters)) {
      written += await connection.execute(this.buildUpsert(table, keyColumns, valueColumns, chunk.length), chunk.flat());
    }
    return written;
  }

  override async updateRows(connection: DatabaseConnection, table: TableDefinition, keyColumns: readonly string[],
    valueColumns: readonly string[], rows: BoundRows): Promise<number> {
    if (valueColumns.length === 0) return 0;
    let changed = 0;
    for (const chunk of rowChunks(rows, keyColumns.length + valueColumns.length, this.maxParameters)) {
      changed += await connection.execute(this.buildMergeUpdate(table, keyColumns, valueColumns, chunk.length), chunk.flat());
    }
    return changed;
  }
}
