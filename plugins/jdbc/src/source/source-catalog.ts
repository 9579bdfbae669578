/**
 * What the source reads from the database catalog: the tables it may copy and the columns of a
 * table or of a custom query. PostgreSQL, MySQL/MariaDB and SQLite are asked in SQL (this works
 * over ODBC too), any other ODBC database through the driver's SQLTables/SQLColumns.
 */
import { randomBytes } from 'node:crypto';
import { ConnectException } from '@tsconnect/api';
import type { DatabaseConnection, Row } from '../connection/database-connection.js';
import { parseDeclaredType, type ColumnDefinition } from './column-definition.js';
import type { SourceDialect } from './source-dialect.js';
import type { TableId } from '../dialect/table-id.js';

export interface CatalogTable extends TableId {
  /** The JDBC table type: TABLE, VIEW, PARTITIONED TABLE, ... */
  readonly type: string;
}

const PG_KINDS: Record<string, string> = {
  r: 'TABLE', p: 'PARTITIONED TABLE', v: 'VIEW', m: 'MATERIALIZED VIEW', f: 'FOREIGN TABLE',
};
const MYSQL_TYPES: Record<string, string> = { 'BASE TABLE': 'TABLE', VIEW: 'VIEW', 'SYSTEM VIEW': 'SYSTEM VIEW' };

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const truthy = (v: unknown): boolean => v === true || v === 1 || v === 1n || v === '1' || v === 't' || v === 'YES';

/** ODBC SQL data type codes → our type names. */
const ODBC_TYPES: Record<number, string> = {
  [-7]: 'BIT', [-6]: 'TINYINT', 5: 'SMALLINT', 4: 'INTEGER', [-5]: 'BIGINT', 7: 'REAL', 6: 'DOUBLE', 8: 'DOUBLE',
  2: 'NUMERIC', 3: 'DECIMAL', 1: 'CHAR', 12: 'VARCHAR', [-1]: 'TEXT', [-8]: 'CHAR', [-9]: 'VARCHAR', [-10]: 'TEXT',
  [-2]: 'BINARY', [-3]: 'VARBINARY', [-4]: 'BLOB', 16: 'BOOLEAN', 9: 'DATE', 91: 'DATE', 10: 'TIME', 92: 'TIME',
  11: 'TIMESTAMP', 93: 'TIMESTAMP', [-11]: 'UUID',
};

/** MySQL's FLOAT is single precision (Connector/J reports it as REAL). */
function mysqlType(declared: string): ReturnType<typeof parseDeclaredType> {
  const type = parseDeclaredType(declared);
  return type.typeName === 'FLOAT' ? { ...type, typeName: 'REAL' } : type;
}

/**
 * SQLite accepts any declared type name and stores by affinity: names it does not know are read
 * by the affinity rules (INT → integer, CHAR/CLOB/TEXT → text, BLOB or none → blob, REAL/FLOA/DOUB
 * → real); known names (NUMERIC(p,s), DATE, TIMESTAMP, BOOLEAN, ...) keep their meaning.
 */
function sqliteType(declared: string): ReturnType<typeof parseDeclaredType> {
  const type = parseDeclaredType(declared || 'BLOB');
  const known = ['INTEGER', 'INT', 'BIGINT', 'SMALLINT', 'TINYINT', 'MEDIUMINT', 'NUMERIC', 'DECIMAL', 'BOOLEAN', 'DATE',
    'DATETIME', 'TIMESTAMP', 'TIME', 'REAL', 'DOUBLE', 'FLOAT', 'TEXT', 'VARCHAR', 'CHAR', 'BLOB'];
  if (known.includes(type.typeName)) return type;
  const name = type.typeName;
  const affinity = name.includes('INT') ? 'BIGINT'
    : /CHAR|CLOB|TEXT/.test(name) ? 'TEXT'
      : /REAL|FLOA|DOUB/.test(name) ? 'DOUBLE'
        : name.includes('BLOB') ? 'BLOB' : 'NUMERIC';
  return { ...type, typeName: affinity, precision: affinity === 'NUMERIC' ? null : type.precision };
}

export class SourceCatalog {
  readonly #connection: DatabaseConnection;
  readonly #dialect: SourceDialect;

  constructor(
    connection: DatabaseConnection,
    dialect: SourceDialect,
  ) {
    this.#connection = connection;
    this.#dialect = dialect;
  }

  /**
   * The tables and views of the database. MySQL/MariaDB list the connection's database only,
   * unless `allCatalogs` (catalog.pattern is set: it then selects among all databases).
   */
  async listTables(allCatalogs = false): Promise<CatalogTable[]> {
    switch (this.#dialect.family) {
      case 'postgresql': {
        const r = await this.#connection.query(
          `SELECT current_database() AS cat, n.nspname AS sch, c.relname AS name, c.relkind AS kind
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
             AND n.nspname NOT LIKE 'pg\\_%'
           ORDER BY 2, 3`);
        return r.rows.map((row) => ({
          catalog: String(row.cat), schema: String(row.sch), table: String(row.name), type: PG_KINDS[String(row.kind)]!,
        }));
      }
      case 'mysql': {
        const r = await this.#connection.query(
          `SELECT TABLE_SCHEMA AS cat, TABLE_NAME AS name, TABLE_TYPE AS kind FROM information_schema.TABLES
           WHERE TABLE_SCHEMA NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys')
             ${allCatalogs ? '' : 'AND TABLE_SCHEMA = COALESCE(DATABASE(), TABLE_SCHEMA)'}
           ORDER BY 1, 2`);
        return r.rows.map((row) => ({
          catalog: String(row.cat), schema: null, table: String(row.name), type: MYSQL_TYPES[String(row.kind)] ?? String(row.kind),
        }));
      }
      case 'sqlite': {
        const r = await this.#connection.query(
          `SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name`);
        return r.rows.map((row) => ({ catalog: null, schema: null, table: String(row.name), type: String(row.type).toUpperCase() }));
      }
      case 'generic': {
        const rows = await this.#odbc().tables(null, null, null, null);
        return rows.map((row) => ({
          catalog: str(row.TABLE_CAT), schema: str(row.TABLE_SCHEM), table: String(row.TABLE_NAME), type: String(row.TABLE_TYPE),
        }));
      }
    }
  }

  #odbc() {
    const catalog = this.#connection.odbcCatalog;
    if (!catalog) throw new ConnectException('No catalog access for this database');
    return catalog;
  }

  async describeTable(table: TableId): Promise<ColumnDefinition[]> {
    const p = (i: number): string => this.#dialect.placeholder(i);
    switch (this.#dialect.family) {
      case 'postgresql':
        return this.#postgresColumns(`c.oid = CAST(${p(1)} AS regclass)`, [this.#dialect.table(table)]);
      case 'mysql':
        return this.#mysqlColumns(this.#dialect.table(table));
      case 'sqlite':
        return this.#sqliteColumns(table.table);
      case 'generic': {
        const rows = await this.#odbc().columns(table.catalog, table.schema, table.table);
        const keys = new Set((await this.#odbc().primaryKeys(table.catalog, table.schema, table.table).catch(() => []))
          .map((k) => String(k.COLUMN_NAME)));
        return rows.map((row) => ({
          name: String(row.COLUMN_NAME),
          typeName: ODBC_TYPES[Number(row.DATA_TYPE)] ?? String(row.TYPE_NAME).toUpperCase(),
          precision: row.COLUMN_SIZE === null ? null : Number(row.COLUMN_SIZE),
          scale: row.DECIMAL_DIGITS === null ? null : Number(row.DECIMAL_DIGITS),
          nullable: Number(row.NULLABLE) !== 0,
          unsigned: false,
          autoIncrement: false,
          primaryKey: keys.has(String(row.COLUMN_NAME)),
        }));
      }
    }
  }

  /** The columns a custom query returns, read from a temporary view (or table) over it. */
  async describeQuery(query: string): Promise<ColumnDefinition[]> {
    const name = `tsconnect_describe_${randomBytes(4).toString('hex')}`;
    switch (this.#dialect.family) {
      case 'postgresql':
        await this.#connection.execute(`CREATE TEMPORARY VIEW ${name} AS ${query}`);
        try {
          return await this.#postgresColumns(`c.relname = '${name}' AND n.oid = pg_my_temp_schema()`, []);
        } finally {
          await this.#connection.execute(`DROP VIEW IF EXISTS ${name}`);
        }
      case 'mysql':
        await this.#connection.execute(`CREATE TEMPORARY TABLE ${name} AS SELECT * FROM (${query}) q LIMIT 0`);
        try {
          return await this.#mysqlColumns(name);
        } finally {
          await this.#connection.execute(`DROP TEMPORARY TABLE IF EXISTS ${name}`);
        }
      case 'sqlite':
        await this.#connection.execute(`CREATE TEMP VIEW ${name} AS ${query}`);
        try {
          return await this.#sqliteColumns(name);
        } finally {
          await this.#connection.execute(`DROP VIEW IF EXISTS ${name}`);
        }
      case 'generic':
        throw new ConnectException(
          'query mode needs the result columns\' types, which this source reads for PostgreSQL, MySQL/MariaDB and SQLite only');
    }
  }

  async #postgresColumns(where: string, params: unknown[]): Promise<ColumnDefinition[]> {
    const r = await this.#connection.query(
      `SELECT a.attname AS name, t.typname AS typname, format_type(a.atttypid, a.atttypmod) AS formatted,
              NOT a.attnotnull AS nullable,
              (a.attidentity <> '' OR COALESCE(pg_get_expr(d.adbin, d.adrelid), '') LIKE 'nextval(%') AS auto,
              EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisprimary AND a.attnum = ANY (i.indkey)) AS pk
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_type t ON t.oid = a.atttypid LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
       WHERE ${where} AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`, params);
    return r.rows.map((row) => {
      const typname = String(row.typname);
      const args = /\((\d+)(?:,(\d+))?\)/.exec(String(row.formatted));
      const numeric = typname === 'numeric';
      return {
        name: String(row.name),
        typeName: typname.startsWith('_') ? 'ARRAY' : typname.toUpperCase(),
        precision: numeric && args ? Number(args[1]) : null,
        scale: numeric && args ? Number(args[2] ?? 0) : null,
        nullable: truthy(row.nullable),
        unsigned: false,
        autoIncrement: truthy(row.auto),
        primaryKey: truthy(row.pk),
      };
    });
  }

  async #mysqlColumns(table: string): Promise<ColumnDefinition[]> {
    const r = await this.#connection.query(`SHOW COLUMNS FROM ${table}`);
    return r.rows.map((row: Row) => ({
      name: String(row.Field),
      ...mysqlType(String(row.Type)),
      nullable: String(row.Null) === 'YES',
      autoIncrement: String(row.Extra ?? '').toLowerCase().includes('auto_increment'),
      primaryKey: String(row.Key) === 'PRI',
    }));
  }

  async #sqliteColumns(table: string): Promise<ColumnDefinition[]> {
    const r = await this.#connection.query(`SELECT name, type, "notnull" AS nn, pk FROM pragma_table_info(?)`, [table]);
    const keyCount = r.rows.filter((row) => Number(row.pk) > 0).length;
    return r.rows.map((row) => {
      const declared = sqliteType(String(row.type));
      const pk = Number(row.pk) > 0;
      return {
        name: String(row.name),
        ...declared,
        // pragma_table_info does not report a view's NOT NULL; only a rowid alias is known to be set
        nullable: !(truthy(row.nn) || (pk && declared.typeName === 'INTEGER')),
        autoIncrement: pk && keyCount === 1 && declared.typeName === 'INTEGER',
        primaryKey: pk,
      };
    });
  }
}
