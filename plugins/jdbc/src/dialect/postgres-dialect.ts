/**
 * PostgreSQL. Unquoted names fold to lower case. Bulk paths, when the connection is the native
 * `pg` one: COPY ... FROM STDIN (text format) for inserts; one `INSERT ... SELECT * FROM UNNEST($1::t[],
 * ...) ON CONFLICT` statement per batch for upserts (one array parameter per column, so the SQL
 * text and its plan stay the same whatever the batch size); UPDATE ... FROM UNNEST and
 * DELETE ... WHERE (k) IN (SELECT * FROM UNNEST(...)) for updates and deletes. Through ODBC the
 * same SQL shapes are built with `?` and multi-row VALUES. Values bound to json, jsonb, uuid and
 * array columns get an explicit cast (`?::jsonb`), so drivers that type parameters as varchar work.
 */
import type { Schema } from '@tsconnect/api';
import type { DatabaseConnection } from '../connection/database-connection.js';
import { columnKind, decimalPrecision, decimalScale, isPrimitiveArray, type ColumnKind } from './column-kind.js';
import type { BoundRows, ColumnDefinition, IdentifierCase, JdbcType, TableDefinition } from './dialect.js';
import { GenericDatabaseDialect } from './generic-dialect.js';
import { numberedSql } from './numbered-sql.js';
import { arrayLiteral, columnArrayLiterals, copyTextChunks } from './postgres-copy-text.js';
import { rowChunks } from './row-chunks.js';
import type { TableId } from './table-id.js';

const JDBC_TYPES: Record<string, JdbcType> = {
  bool: 'BOOLEAN', int2: 'SMALLINT', int4: 'INTEGER', int8: 'BIGINT', float4: 'REAL', float8: 'DOUBLE',
  numeric: 'NUMERIC', money: 'DOUBLE', bpchar: 'CHAR', char: 'CHAR', varchar: 'VARCHAR', text: 'VARCHAR',
  name: 'VARCHAR', date: 'DATE', time: 'TIME', timetz: 'TIME_WITH_TIMEZONE', timestamp: 'TIMESTAMP',
  timestamptz: 'TIMESTAMP_WITH_TIMEZONE', bytea: 'BINARY', json: 'JSON', jsonb: 'JSON', uuid: 'UUID',
  oid: 'BIGINT', bit: 'BIT', xml: 'CLOB',
};

const CAST_TYPES = new Set(['json', 'jsonb', 'uuid']);

function truthy(v: unknown): boolean {
  return v === true || v === 't' || v === '1' || v === 1 || v === 'true';
}

/** Length, precision and fractional digits from a pg_attribute atttypmod. */
function typmodPrecision(typeName: string, typmod: number): { precision: number | null; scale: number | null } {
  if (typmod < 0) return { precision: null, scale: null };
  if (typeName === 'numeric') return { precision: ((typmod - 4) >> 16) & 0xffff, scale: (typmod - 4) & 0xffff };
  if (typeName === 'varchar' || typeName === 'bpchar') return { precision: typmod - 4, scale: null };
  if (/^(time|timetz|timestamp|timestamptz)$/.test(typeName)) return { precision: typmod, scale: null };
  return { precision: null, scale: null };
}

export class PostgreSqlDatabaseDialect extends GenericDatabaseDialect {
  static override readonly dialectName: string = 'PostgreSqlDatabaseDialect';
  override readonly identifierCase: IdentifierCase = 'lower';
  override readonly maxParameters: number = 65_535;
  protected override readonly multiRowValues: boolean = true;
  protected override readonly multiColumnAlter: boolean = true;

  /** Whether the connection takes UNNEST array parameters and COPY (the native driver). */
  protected usesNativeBulk(connection: DatabaseConnection): boolean {
    return connection.driver === 'postgresql' && this.options.paramStyle === 'dollar';
  }

  // ---- metadata

  override async describeTable(connection: DatabaseConnection, id: TableId): Promise<TableDefinition | null> {
    const preferred = this.options.quoteIdentifiers ? id.table : id.table.toLowerCase();
    const relation = numberedSql(
      `SELECT n.nspname AS schema_name, c.relname AS table_name, c.relkind AS kind
         FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND lower(c.relname::text) = lower(CAST($1 AS text))
          AND (CAST($2 AS text) IS NULL AND n.nspname = ANY (current_schemas(false))
               OR lower(n.nspname::text) = lower(CAST($2 AS text)))
        ORDER BY c.relname::text = CAST($3 AS text) DESC, c.relname::text = CAST($1 AS text) DESC,
          array_position(current_schemas(false), n.nspname), n.nspname::text = CAST($2 AS text) DESC
        LIMIT 1`,
      [id.table, id.schema, preferred],
      this.options.paramStyle,
    );
    const found = (await connection.query<{ schema_name: string; table_name: string; kind: string }>(relation.sql, relation.params)).rows[0];
    if (!found) return null;
    const columnsQuery = numberedSql(
      `SELECT a.attname AS name, a.attnum AS ordinal, t.typname AS type_name,
              format_type(a.atttypid, a.atttypmod) AS full_type, a.atttypmod AS typmod,
              a.attnotnull AS not_null, pg_get_expr(ad.adbin, ad.adrelid) AS default_value,
              (a.attidentity <> '' OR COALESCE(pg_get_expr(ad.adbin, ad.adrelid) LIKE 'nextval(%', false)) AS auto_increment,
              COALESCE(array_position(pk.conkey, a.attnum), 0) AS key_position
         FROM pg_catalog.pg_attribute a
         JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
         JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
         LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
         LEFT JOIN pg_catalog.pg_constraint pk ON pk.conrelid = a.attrelid AND pk.contype = 'p'
        WHERE n.nspname = $1 AND c.relname = $2 AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attnum`,
      [found.schema_name, found.table_name],
      this.options.paramStyle,
    );
    const rows = (await connection.query<Record<string, unknown>>(columnsQuery.sql, columnsQuery.params)).rows;
    const columns: ColumnDefinition[] = rows.map((r) => {
      const typeName = String(r.type_name);
      const { precision, scale } = typmodPrecision(typeName, Number(r.typmod));
      return {
        name: String(r.name),
        ordinal: Number(r.ordinal),
        typeName,
        fullType: String(r.full_type),
        jdbcType: typeName.startsWith('_') ? 'ARRAY' : JDBC_TYPES[typeName] ?? 'OTHER',
        precision,
        scale,
        nullable: !truthy(r.not_null),
        isPrimaryKey: Number(r.key_position) > 0,
        isAutoIncrement: truthy(r.auto_increment),
        defaultValue: r.default_value === null ? null : String(r.default_value),
      };
    });
    const primaryKey = rows
      .filter((r) => Number(r.key_position) > 0)
      .sort((a, b) => Number(a.key_position) - Number(b.key_position))
      .map((r) => String(r.name));
    return {
      id: { catalog: null, schema: found.schema_name, table: found.table_name },
      columns,
      type: found.kind === 'v' || found.kind === 'm' ? 'VIEW' : 'TABLE',
      primaryKey,
    };
  }

  override async listTables(connection: DatabaseConnection, types: readonly string[] = ['TABLE']): Promise<TableId[]> {
    const kinds = types.flatMap((t) => (t.toUpperCase() === 'VIEW' ? ['v', 'm'] : t.toUpperCase().endsWith('TABLE') ? ['r', 'p', 'f'] : []));
    const r = await connection.query<{ schema_name: string; table_name: string; kind: string }>(
      `SELECT n.nspname AS schema_name, c.relname AS table_name, c.relkind AS kind
         FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
          AND n.nspname NOT LIKE 'pg_temp%' AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
        ORDER BY 1, 2`,
    );
    return r.rows.filter((row) => kinds.includes(row.kind)).map((row) => ({ catalog: null, schema: row.schema_name, table: row.table_name }));
  }

  // ---- types

  protected override typeFor(kind: ColumnKind, schema: Schema, isKey: boolean): string {
    switch (kind) {
      case 'string': return 'TEXT';
      case 'bytes': return 'BYTEA';
      case 'boolean': return 'BOOLEAN';
      case 'decimal':
        return decimalScale(schema) !== null && decimalPrecision(schema) !== null ? this.decimalType(schema, 1000, 'NUMERIC') : 'NUMERIC';
      case 'uuid': return 'UUID';
      case 'json': case 'map': case 'struct': return 'JSONB';
      case 'time': return 'TIME';
      case 'timestamp': return 'TIMESTAMP';
      case 'timestamptz': return 'TIMESTAMPTZ';
      case 'array':
        return isPrimitiveArray(schema) ? `${this.typeFor(columnKind(schema.valueSchema!), schema.valueSchema!, false)}[]` : 'JSONB';
      default: return super.typeFor(kind, schema, isKey);
    }
  }

  // ---- values

  protected override valuePlaceholder(n: number, column: ColumnDefinition | undefined): string {
    const mark = this.placeholder(n);
    if (!column) return mark;
    if (CAST_TYPES.has(column.typeName) || column.jdbcType === 'ARRAY') return `${mark}::${column.fullType}`;
    return mark;
  }

  protected override bindArray(value: unknown[], schema: Schema, column: ColumnDefinition | undefined): unknown {
    if (column?.jdbcType === 'ARRAY' && schema.valueSchema && isPrimitiveArray(schema)) {
      const element = schema.valueSchema;
      const elements = value.map((v) => this.bindValue(v, element, undefined));
      // pg binds JS arrays itself; ODBC drivers take the array literal as text (cast by the placeholder)
      return this.options.paramStyle === 'dollar' ? elements : arrayLiteral(elements);
    }
    return super.bindArray(value, schema, column);
  }

  // ---- statements

  /** `ON CONFLICT (keys) DO UPDATE SET v = EXCLUDED.v`, or DO NOTHING when every column is a key. */
  protected onConflict(keyColumns: readonly string[], valueColumns: readonly string[]): string {
    const keys = this.columnList(keyColumns);
    if (valueColumns.length === 0) return `ON CONFLICT (${keys}) DO NOTHING`;
    const set = valueColumns.map((c) => `${this.identifier(c)}=EXCLUDED.${this.identifier(c)}`).join(',');
    return `ON CONFLICT (${keys}) DO UPDATE SET ${set}`;
  }

  override buildUpsert(table: TableDefinition, keyColumns: readonly string[], valueColumns: readonly string[], rowCount: number): string {
    return `${this.buildInsert(table, [...keyColumns, ...valueColumns], rowCount)} ${this.onConflict(keyColumns, valueColumns)}`;
  }

  /** `UNNEST($1::type[], ...)` over these columns, typed as the table declares them. */
  protected unnest(table: TableDefinition, columns: readonly string[], start = 1): string {
    return `UNNEST(${columns.map((c, i) => `${this.placeholder(start + i)}::${this.arrayTypeOf(table, c)}`).join(',')})`;
  }

  protected arrayTypeOf(table: TableDefinition, column: string): string {
    const def = this.columnOf(table, column);
    return `${def?.fullType ?? 'text'}[]`;
  }

  buildUnnestInsert(table: TableDefinition, keyColumns: readonly string[], valueColumns: readonly string[], upsert: boolean): string {
    const columns = [...keyColumns, ...valueColumns];
    const insert = `INSERT INTO ${this.tableName(table.id)}(${this.columnList(columns)}) SELECT * FROM ${this.unnest(table, columns)}`;
    return upsert ? `${insert} ${this.onConflict(keyColumns, valueColumns)}` : insert;
  }

  buildUnnestUpdate(table: TableDefinition, keyColumns: readonly string[], valueColumns: readonly string[]): string {
    const columns = [...keyColumns, ...valueColumns];
    const aliases = columns.map((_c, i) => `c${i}`);
    const set = valueColumns.map((c, i) => `${this.identifier(c)}=d.c${keyColumns.length + i}`).join(',');
    const where = keyColumns.map((c, i) => `t.${this.identifier(c)}=d.c${i}`).join(' AND ');
    return `UPDATE ${this.tableName(table.id)} AS t SET ${set} FROM ${this.unnest(table, columns)} AS d(${aliases.join(',')}) WHERE ${where}`;
  }

  buildUnnestDelete(table: TableDefinition, keyColumns: readonly string[]): string {
    return `DELETE FROM ${this.tableName(table.id)} WHERE (${this.columnList(keyColumns)}) IN (SELECT * FROM ${this.unnest(table, keyColumns)})`;
  }

  buildCopy(table: TableDefinition, columns: readonly string[]): string {
    return `COPY ${this.tableName(table.id)}(${this.columnList(columns)}) FROM STDIN`;
  }

  /** UNNEST cannot carry array-of-array values (PostgreSQL has no arrays of arrays), so such tables use VALUES. */
  protected canUnnest(table: TableDefinition, columns: readonly string[]): boolean {
    return columns.every((c) => this.columnOf(table, c)?.jdbcType !== 'ARRAY' && this.columnOf(table, c) !== undefined);
  }

  // ---- writing

  override async insertRows(connection: DatabaseConnection, table: TableDefinition, columns: readonly string[], rows: BoundRows): Promise<number> {
    if (rows.length === 0) return 0;
    if (connection.copyFrom && connection.driver === 'postgresql') {
      return connection.copyFrom(this.buildCopy(table, columns), copyTextChunks(rows));
    }
    return super.insertRows(connection, table, columns, rows);
  }

  override async upsertRows(connection: DatabaseConnection, table: TableDefinition, keyColumns: readonly string[],
    valueColumns: readonly string[], rows: BoundRows): Promise<number> {
    if (rows.length === 0) return 0;
    const columns = [...keyColumns, ...valueColumns];
    if (this.usesNativeBulk(connection) && this.canUnnest(table, columns)) {
      return connection.execute(this.buildUnnestInsert(table, keyColumns, valueColumns, true), unnestParameters(rows, columns.length));
    }
    let written = 0;
    for (const chunk of rowChunks(rows, columns.length, this.maxParameters)) {
      written += await connection.execute(this.buildUpsert(table, keyColumns, valueColumns, chunk.length), chunk.flat());
    }
    return written;
  }

  override async updateRows(connection: DatabaseConnection, table: TableDefinition, keyColumns: readonly string[],
    valueColumns: readonly string[], rows: BoundRows): Promise<number> {
    if (rows.length === 0 || valueColumns.length === 0) return 0;
    const columns = [...keyColumns, ...valueColumns];
    if (this.usesNativeBulk(connection) && this.canUnnest(table, columns)) {
      return connection.execute(this.buildUnnestUpdate(table, keyColumns, valueColumns), unnestParameters(rows, columns.length));
    }
    return super.updateRows(connection, table, keyColumns, valueColumns, rows);
  }

  override async deleteRows(connection: DatabaseConnection, table: TableDefinition, keyColumns: readonly string[], keys: BoundRows): Promise<number> {
    if (keys.length === 0) return 0;
    if (this.usesNativeBulk(connection) && this.canUnnest(table, keyColumns)) {
      return connection.execute(this.buildUnnestDelete(table, keyColumns), unnestParameters(keys, keyColumns.length));
    }
    return super.deleteRows(connection, table, keyColumns, keys);
  }
}

/** One array literal per column for UNNEST parameters, or one array per column when pg must prepare the values. */
function unnestParameters(rows: BoundRows, width: number): unknown[] {
  return columnArrayLiterals(rows, width) ?? transpose(rows, width);
}

/** Rows to one array per column, for pg to make array literals of. */
function transpose(rows: BoundRows, width: number): unknown[][] {
  const columns: unknown[][] = Array.from({ length: width }, () => new Array<unknown>(rows.length));
  rows.forEach((row, r) => {
    for (let c = 0; c < width; c++) columns[c]![r] = row[c];
  });
  return columns;
}
