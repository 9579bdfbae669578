/**
 * MySQL and MariaDB. Back-quoted identifiers; table-name case follows the server's
 * lower_case_table_names, so lookups match exactly first, then ignoring case. Inserts and upserts
 * are multi-row statements (`INSERT ... VALUES (...),(...) ON DUPLICATE KEY UPDATE`, with the
 * `AS new` row alias on MySQL 8.0.19+ and `VALUES(c)` on MariaDB and older MySQL), updates one
 * `UPDATE ... JOIN (SELECT ... UNION ALL ...)` per chunk, deletes `WHERE (k) IN ((...),(...))`.
 * Microseconds are kept: TIME(6), DATETIME(6).
 *
 * Inserts inside a transaction go through `LOAD DATA LOCAL INFILE` instead, which the server
 * takes about twice as fast as the same rows in INSERT statements. As LOCAL turns errors of the
 * data into warnings and skipped rows, a load with either is rolled back to a savepoint and the
 * rows are inserted by statements, which fail (or succeed) as they always did; so do rows with a
 * value the load's text cannot carry exactly, and servers that refuse LOCAL (MySQL 8's default).
 */
import { isRetriable, type Schema } from '@tsconnect/api';
import type { DatabaseConnection } from '../connection/database-connection.js';
import { DatabaseError } from '../connection/database-error.js';
import { decimalPrecision, decimalScale, type ColumnKind } from './column-kind.js';
import type { BoundRows, ColumnDefinition, IdentifierCase, JdbcType, TableDefinition } from './dialect.js';
import { GenericDatabaseDialect } from './generic-dialect.js';
import { loadDataChunks, loadDataTypes } from './mysql-load-data-text.js';
import { numberedSql } from './numbered-sql.js';
import { rowChunks } from './row-chunks.js';
import type { TableId } from './table-id.js';

const JDBC_TYPES: Record<string, JdbcType> = {
  bit: 'BIT', tinyint: 'TINYINT', smallint: 'SMALLINT', mediumint: 'INTEGER', int: 'INTEGER', integer: 'INTEGER',
  bigint: 'BIGINT', float: 'REAL', double: 'DOUBLE', decimal: 'DECIMAL', numeric: 'NUMERIC', char: 'CHAR',
  varchar: 'VARCHAR', tinytext: 'VARCHAR', text: 'LONGVARCHAR', mediumtext: 'LONGVARCHAR', longtext: 'LONGVARCHAR',
  enum: 'CHAR', set: 'CHAR', date: 'DATE', time: 'TIME', datetime: 'TIMESTAMP', timestamp: 'TIMESTAMP',
  year: 'DATE', binary: 'BINARY', varbinary: 'VARBINARY', tinyblob: 'VARBINARY', blob: 'LONGVARBINARY',
  mediumblob: 'LONGVARBINARY', longblob: 'LONGVARBINARY', json: 'JSON', boolean: 'BOOLEAN', bool: 'BOOLEAN',
};

const LOAD_SAVEPOINT = 'tsconnect_load';
type LoadOutcome = { loaded: { rows: number; warnings: number } } | { error: unknown };
/** local_infile off: MariaDB and MySQL 5.7 (1148), MySQL 8 (3948). */
const LOCAL_REFUSED_CODES = new Set(['ER_NOT_ALLOWED_COMMAND', 'ER_CLIENT_LOCAL_FILES_DISABLED']);

/** MySQL 8.0.19 added `INSERT ... AS alias`; MariaDB has no such form. */
export function supportsRowAlias(serverVersion: string | null | undefined): boolean {
  if (!serverVersion || /mariadb/i.test(serverVersion)) return false;
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(serverVersion);
  if (!m) return false;
  const [major, minor, patch] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return major > 8 || (major === 8 && (minor > 0 || patch >= 19));
}

export class MySqlDatabaseDialect extends GenericDatabaseDialect {
  static override readonly dialectName: string = 'MySqlDatabaseDialect';
  override readonly identifierCase: IdentifierCase = 'preserve';
  /** Client-side substitution has no parameter limit; this keeps statements well under max_allowed_packet. */
  override readonly maxParameters: number = 20_000;
  /** The server refused LOAD DATA LOCAL once: it will again. */
  #loadDataRefused = false;
  protected override readonly multiRowValues: boolean = true;
  protected override readonly multiColumnAlter: boolean = true;

  override quoteIdentifier(name: string): string {
    return `\`${name.replaceAll('`', '``')}\``;
  }

  override async describeTable(connection: DatabaseConnection, id: TableId): Promise<TableDefinition | null> {
    const schema = id.schema ?? id.catalog;
    const tableQuery = numberedSql(
      `SELECT TABLE_SCHEMA AS table_schema, TABLE_NAME AS table_name, TABLE_TYPE AS table_type
         FROM information_schema.TABLES
        WHERE TABLE_SCHEMA = COALESCE($1, DATABASE()) AND LOWER(TABLE_NAME) = LOWER($2)
        ORDER BY TABLE_NAME = $2 DESC LIMIT 1`,
      [schema, id.table],
      this.options.paramStyle,
    );
    const found = (await connection.query<{ table_schema: string; table_name: string; table_type: string }>(
      tableQuery.sql, tableQuery.params)).rows[0];
    if (!found) return null;
    const columnsQuery = numberedSql(
      `SELECT COLUMN_NAME AS name, ORDINAL_POSITION AS ordinal, DATA_TYPE AS type_name, COLUMN_TYPE AS full_type,
              IS_NULLABLE AS is_nullable, COLUMN_KEY AS column_key, EXTRA AS extra, COLUMN_DEFAULT AS default_value,
              CHARACTER_MAXIMUM_LENGTH AS char_length, NUMERIC_PRECISION AS num_precision, NUMERIC_SCALE AS num_scale,
              DATETIME_PRECISION AS dt_precision
         FROM information_schema.COLUMNS
        WHERE TABLE_SCHEMA = $1 AND TABLE_NAME = $2
        ORDER BY ORDINAL_POSITION`,
      [found.table_schema, found.table_name],
      this.options.paramStyle,
    );
    const keyQuery = numberedSql(
      `SELECT COLUMN_NAME AS name FROM information_schema.KEY_COLUMN_USAGE
        WHERE TABLE_SCHEMA = $1 AND TABLE_NAME = $2 AND CONSTRAINT_NAME = 'PRIMARY'
        ORDER BY ORDINAL_POSITION`,
      [found.table_schema, found.table_name],
      this.options.paramStyle,
    );
    const rows = (await connection.query<Record<string, unknown>>(columnsQuery.sql, columnsQuery.params)).rows;
    const primaryKey = (await connection.query<{ name: string }>(keyQuery.sql, keyQuery.params)).rows.map((r) => String(r.name));
    const nullableNumber = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
    const columns: ColumnDefinition[] = rows.map((r) => {
      const typeName = String(r.type_name).toLowerCase();
      const fullType = String(r.full_type).toLowerCase();
      return {
        name: String(r.name),
        ordinal: Number(r.ordinal),
        typeName,
        fullType,
        jdbcType: fullType === 'tinyint(1)' ? 'BOOLEAN' : JDBC_TYPES[typeName] ?? 'OTHER',
        precision: nullableNumber(r.char_length) ?? nullableNumber(r.num_precision) ?? nullableNumber(r.dt_precision),
        scale: nullableNumber(r.num_scale),
        nullable: String(r.is_nullable) === 'YES',
        isPrimaryKey: primaryKey.includes(String(r.name)),
        isAutoIncrement: String(r.extra ?? '').includes('auto_increment'),
        defaultValue: r.default_value === null || r.default_value === undefined ? null : String(r.default_value),
      };
    });
    return {
      id: { catalog: null, schema: found.table_schema, table: found.table_name },
      columns,
      type: found.table_type === 'VIEW' ? 'VIEW' : 'TABLE',
      primaryKey,
    };
  }

  override async listTables(connection: DatabaseConnection, types: readonly string[] = ['TABLE']): Promise<TableId[]> {
    const wanted = new Set(types.map((t) => (t.toUpperCase() === 'TABLE' ? 'BASE TABLE' : t.toUpperCase())));
    const r = await connection.query<{ table_schema: string; table_name: string; table_type: string }>(
      `SELECT TABLE_SCHEMA AS table_schema, TABLE_NAME AS table_name, TABLE_TYPE AS table_type
         FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME`,
    );
    return r.rows.filter((row) => wanted.has(String(row.table_type)))
      .map((row) => ({ catalog: null, schema: row.table_schema, table: row.table_name }));
  }

  override currentTimestampQuery(): string {
    return 'SELECT CURRENT_TIMESTAMP(6)';
  }

  protected override typeFor(kind: ColumnKind, schema: Schema, isKey: boolean): string {
    switch (kind) {
      case 'int8': return 'TINYINT';
      case 'int16': return 'SMALLINT';
      case 'int32': return 'INT';
      case 'float32': return 'FLOAT';
      case 'float64': return 'DOUBLE';
      case 'boolean': return 'BOOLEAN';
      case 'string': return isKey ? 'VARCHAR(255)' : 'LONGTEXT';
      case 'bytes': return isKey ? 'VARBINARY(255)' : 'LONGBLOB';
      case 'decimal': {
        const scale = Math.min(30, Math.max(0, decimalScale(schema) ?? 10));
        const precision = Math.min(65, Math.max(decimalPrecision(schema) ?? 65, scale));
        return `DECIMAL(${precision},${scale})`;
      }
      case 'time': return 'TIME(6)';
      case 'timestamp': case 'timestamptz': return 'DATETIME(6)';
      case 'json': case 'array': case 'map': case 'struct': return isKey ? 'VARCHAR(255)' : 'JSON';
      default: return super.typeFor(kind, schema, isKey);
    }
  }

  /** MySQL 8 takes defaults of TEXT, BLOB and JSON columns only as expressions: `DEFAULT ('x')`. */
  protected override defaultClause(literal: string, sqlType: string): string {
    return /TEXT|BLOB|JSON/.test(sqlType) ? `DEFAULT (${literal})` : `DEFAULT ${literal}`;
  }

  protected override booleanLiteralAsNumber(): boolean {
    return true;
  }

  protected override bindBoolean(value: boolean): unknown {
    return value ? 1 : 0;
  }

  protected override bindTimestamp(value: unknown, schema: Schema, column: ColumnDefinition | undefined): unknown {
    // DATETIME and TIMESTAMP take no offset: both are written as wall-clock time in db.timezone
    return super.bindTimestamp(value, schema, column?.jdbcType === 'TIMESTAMP_WITH_TIMEZONE' ? undefined : column);
  }

  override buildUpsert(table: TableDefinition, keyColumns: readonly string[], valueColumns: readonly string[], rowCount: number): string {
    const insert = this.buildInsert(table, [...keyColumns, ...valueColumns], rowCount);
    const updated = valueColumns.length > 0 ? valueColumns : keyColumns;
    if (supportsRowAlias(this.options.serverVersion)) {
      const set = updated.map((c) => `${this.identifier(c)}=new.${this.identifier(c)}`).join(',');
      return `${insert} AS new ON DUPLICATE KEY UPDATE ${set}`;
    }
    const set = updated.map((c) => `${this.identifier(c)}=VALUES(${this.identifier(c)})`).join(',');
    return `${insert} ON DUPLICATE KEY UPDATE ${set}`;
  }

  /** One UPDATE for many rows: a join with the rows as a derived table (parameters: keys then values per row). */
  buildMultiRowUpdate(table: TableDefinition, keyColumns: readonly string[], valueColumns: readonly string[], rowCount: number): string {
    const columns = [...keyColumns, ...valueColumns];
    const selects: string[] = [];
    for (let r = 0; r < rowCount; r++) {
      const cells = columns.map((_c, i) => `${this.placeholder(r * columns.length + i + 1)}${r === 0 ? ` AS c${i}` : ''}`);
      selects.push(`SELECT ${cells.join(',')}`);
    }
    const on = keyColumns.map((c, i) => `t.${this.identifier(c)}=d.c${i}`).join(' AND ');
    const set = valueColumns.map((c, i) => `t.${this.identifier(c)}=d.c${keyColumns.length + i}`).join(',');
    return `UPDATE ${this.tableName(table.id)} AS t JOIN (${selects.join(' UNION ALL ')}) AS d ON ${on} SET ${set}`;
  }

  override buildDelete(table: TableDefinition, keyColumns: readonly string[], rowCount: number): string {
    if (keyColumns.length === 1) return super.buildDelete(table, keyColumns, rowCount);
    const rows: string[] = [];
    let n = 1;
    for (let r = 0; r < rowCount; r++) rows.push(`(${keyColumns.map(() => this.placeholder(n++)).join(',')})`);
    return `DELETE FROM ${this.tableName(table.id)} WHERE (${this.columnList(keyColumns)}) IN (${rows.join(',')})`;
  }

  override insertRows(connection: DatabaseConnection, table: TableDefinition, columns: readonly string[], rows: BoundRows): Promise<number> {
    return this.insertChunks(connection, table, columns, [rows]);
  }

  /**
   * In a transaction, every chunk is loaded behind one savepoint, and each chunk's file is written
   * while the server loads the one before: the savepoint's round trip runs while the first file is
   * written, and the driver sends each load queued behind the statement before it as soon as the
   * server answers. A load that fails or warns rolls them all back, and every chunk is inserted by
   * statements instead.
   */
  override async insertChunks(connection: DatabaseConnection, table: TableDefinition, columns: readonly string[],
    chunks: readonly BoundRows[]): Promise<number> {
    const filled = chunks.filter((rows) => rows.length > 0);
    if (filled.length === 0) return 0;
    if (!connection.loadDataLocal || !connection.inTransaction || this.#loadDataRefused || !filled.every((rows) => loadDataTypes(rows[0]!))) {
      return this.#insertByStatements(connection, table, columns, filled);
    }
    const savepoint = connection.execute(`SAVEPOINT ${LOAD_SAVEPOINT}`);
    // its error is the one thrown below, once the loads queued behind it are on their way
    savepoint.catch(() => undefined);
    const sql = `LOAD DATA LOCAL INFILE 'rows' INTO TABLE ${this.tableName(table.id)} CHARACTER SET utf8mb4 (${this.columnList(columns)})`;
    const loads: Promise<LoadOutcome>[] = [];
    let carried = true;
    for (let i = 0; i < filled.length; i++) {
      const file = loadDataChunks(filled[i]!);
      if (file === null) {
        carried = false;
        break;
      }
      let fileSent: () => void = () => undefined;
      const sent = new Promise<void>((resolve) => { fileSent = resolve; });
      // settled either way, so a failed savepoint is the error thrown and no load's is left unhandled
      const load = connection.loadDataLocal(sql, file, fileSent).then((loaded) => ({ loaded }), (error: unknown) => ({ error }));
      loads.push(load);
      if (i + 1 < filled.length) await Promise.race([sent, load]);
    }
    await savepoint;
    const outcomes = await Promise.all(loads);
    let clean = carried;
    for (let i = 0; i < outcomes.length; i++) {
      const outcome = outcomes[i]!;
      if ('loaded' in outcome) {
        if (outcome.loaded.rows !== filled[i]!.length || outcome.loaded.warnings !== 0) clean = false;
        continue;
      }
      const err = outcome.error;
      if (isRetriable(err)) throw err;
      if (err instanceof DatabaseError && LOCAL_REFUSED_CODES.has(err.vendorCode ?? '')) this.#loadDataRefused = true;
      clean = false;
    }
    if (clean) return filled.reduce((n, rows) => n + rows.length, 0);
    if (loads.length > 0) await connection.execute(`ROLLBACK TO SAVEPOINT ${LOAD_SAVEPOINT}`);
    return this.#insertByStatements(connection, table, columns, filled);
  }

  async #insertByStatements(connection: DatabaseConnection, table: TableDefinition, columns: readonly string[],
    chunks: readonly BoundRows[]): Promise<number> {
    let written = 0;
    for (const rows of chunks) written += await super.insertRows(connection, table, columns, rows);
    return written;
  }

  override async upsertRows(connection: DatabaseConnection, table: TableDefinition, keyColumns: readonly string[],
    valueColumns: readonly string[], rows: BoundRows): Promise<number> {
    const columns = keyColumns.length + valueColumns.length;
    for (const chunk of rowChunks(rows, columns, this.maxParameters)) {
      await connection.execute(this.buildUpsert(table, keyColumns, valueColumns, chunk.length), chunk.flat());
    }
    return rows.length;
  }

  override async updateRows(connection: DatabaseConnection, table: TableDefinition, keyColumns: readonly string[],
    valueColumns: readonly string[], rows: BoundRows): Promise<number> {
    if (rows.length === 0 || valueColumns.length === 0) return 0;
    let changed = 0;
    for (const chunk of rowChunks(rows, keyColumns.length + valueColumns.length, this.maxParameters)) {
      changed += await connection.execute(this.buildMultiRowUpdate(table, keyColumns, valueColumns, chunk.length), chunk.flat());
    }
    return changed;
  }
}
