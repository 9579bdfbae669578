/**
 * Table metadata through ODBC's catalog functions (SQLTables, SQLColumns, SQLPrimaryKeys), for
 * databases we reach only through ODBC. Names are matched as given, then as the database folds
 * unquoted names, then ignoring case.
 */
import type { DatabaseConnection, OdbcCatalog, OdbcCatalogRow } from '../connection/database-connection.js';
import type { ColumnDefinition, IdentifierCase, JdbcType, TableDefinition } from './dialect.js';
import type { TableId } from './table-id.js';

/** ODBC SQL data type codes (sql.h / sqlext.h) as JDBC types; the codes are JDBC's too. */
const ODBC_TYPES: Record<number, JdbcType> = {
  [-7]: 'BIT', [-6]: 'TINYINT', 5: 'SMALLINT', 4: 'INTEGER', [-5]: 'BIGINT', 7: 'REAL', 6: 'FLOAT', 8: 'DOUBLE',
  2: 'NUMERIC', 3: 'DECIMAL', 1: 'CHAR', 12: 'VARCHAR', [-1]: 'LONGVARCHAR', [-8]: 'NCHAR', [-9]: 'NVARCHAR',
  [-10]: 'LONGNVARCHAR', 9: 'DATE', 10: 'TIME', 11: 'TIMESTAMP', 91: 'DATE', 92: 'TIME', 93: 'TIMESTAMP',
  [-2]: 'BINARY', [-3]: 'VARBINARY', [-4]: 'LONGVARBINARY', 16: 'BOOLEAN', [-11]: 'UUID', 2003: 'ARRAY',
  2004: 'BLOB', 2005: 'CLOB', 2013: 'TIME_WITH_TIMEZONE', 2014: 'TIMESTAMP_WITH_TIMEZONE',
};

function jdbcTypeOfOdbcCode(code: number, typeName: string): JdbcType {
  const t = typeName.toLowerCase();
  if (t.includes('json')) return 'JSON';
  if (t === 'uuid') return 'UUID';
  if (t.includes('timestamptz') || t.includes('with time zone')) return code === 92 ? 'TIME_WITH_TIMEZONE' : 'TIMESTAMP_WITH_TIMEZONE';
  if (t === 'bool' || t === 'boolean') return 'BOOLEAN';
  return ODBC_TYPES[code] ?? 'OTHER';
}

function text(row: OdbcCatalogRow, key: string): string | null {
  const v = row[key];
  return v === null || v === undefined ? null : String(v);
}

function num(row: OdbcCatalogRow, key: string): number | null {
  const v = row[key];
  return v === null || v === undefined || v === '' ? null : Number(v);
}

function fold(name: string, identifierCase: IdentifierCase): string {
  return identifierCase === 'lower' ? name.toLowerCase() : identifierCase === 'upper' ? name.toUpperCase() : name;
}

async function findTableRow(catalog: OdbcCatalog, id: TableId, identifierCase: IdentifierCase): Promise<OdbcCatalogRow | null> {
  for (const name of new Set([id.table, fold(id.table, identifierCase)])) {
    const schema = id.schema === null ? null : name === id.table ? id.schema : fold(id.schema, identifierCase);
    const rows = await catalog.tables(id.catalog, schema, name, null);
    const exact = rows.find((r) => text(r, 'TABLE_NAME') === name);
    if (exact) return exact;
  }
  const all = await catalog.tables(id.catalog, null, null, null);
  const wanted = id.table.toLowerCase();
  const wantedSchema = id.schema?.toLowerCase();
  return all.find((r) => text(r, 'TABLE_NAME')?.toLowerCase() === wanted &&
    (wantedSchema === undefined || text(r, 'TABLE_SCHEM')?.toLowerCase() === wantedSchema)) ?? null;
}

export async function describeOdbcTable(
  connection: DatabaseConnection,
  id: TableId,
  identifierCase: IdentifierCase,
): Promise<TableDefinition | null> {
  const catalog = connection.odbcCatalog;
  if (!catalog) throw new Error('describeOdbcTable needs an ODBC connection');
  const tableRow = await findTableRow(catalog, id, identifierCase);
  if (!tableRow) return null;
  const found: TableId = {
    catalog: text(tableRow, 'TABLE_CAT'),
    schema: text(tableRow, 'TABLE_SCHEM'),
    table: text(tableRow, 'TABLE_NAME')!,
  };
  const [columnRows, keyRows] = await Promise.all([
    catalog.columns(found.catalog, found.schema, found.table),
    catalog.primaryKeys(found.catalog, found.schema, found.table),
  ]);
  const keys = keyRows
    .filter((r) => text(r, 'TABLE_NAME') === found.table)
    .sort((a, b) => (num(a, 'KEY_SEQ') ?? 0) - (num(b, 'KEY_SEQ') ?? 0))
    .map((r) => text(r, 'COLUMN_NAME')!);
  const columns: ColumnDefinition[] = columnRows
    .filter((r) => text(r, 'TABLE_NAME') === found.table)
    .map((r, i) => {
      const typeName = (text(r, 'TYPE_NAME') ?? '').toLowerCase();
      const size = num(r, 'COLUMN_SIZE');
      const digits = num(r, 'DECIMAL_DIGITS');
      const name = text(r, 'COLUMN_NAME')!;
      return {
        name,
        ordinal: num(r, 'ORDINAL_POSITION') ?? i + 1,
        typeName,
        fullType: size !== null && /char|binary|numeric|decimal/.test(typeName)
          ? `${typeName}(${size}${digits && /numeric|decimal/.test(typeName) ? `,${digits}` : ''})` : typeName,
        jdbcType: jdbcTypeOfOdbcCode(num(r, 'DATA_TYPE') ?? 0, typeName),
        precision: size,
        scale: digits,
        nullable: num(r, 'NULLABLE') !== 0,
        isPrimaryKey: keys.includes(name),
        isAutoIncrement: text(r, 'IS_AUTOINCREMENT') === 'YES' || num(r, 'AUTO_INCREMENT') === 1,
        defaultValue: text(r, 'COLUMN_DEF'),
      };
    })
    .sort((a, b) => a.ordinal - b.ordinal);
  return {
    id: found,
    columns,
    type: (text(tableRow, 'TABLE_TYPE') ?? 'TABLE').toUpperCase(),
    primaryKey: keys,
  };
}

export async function listOdbcTables(connection: DatabaseConnection, types: readonly string[]): Promise<TableId[]> {
  const catalog = connection.odbcCatalog;
  if (!catalog) throw new Error('listOdbcTables needs an ODBC connection');
  const wanted = new Set(types.map((t) => t.toUpperCase()));
  const rows = await catalog.tables(null, null, null, null);
  return rows
    .filter((r) => wanted.has((text(r, 'TABLE_TYPE') ?? '').toUpperCase()))
    .map((r) => ({ catalog: text(r, 'TABLE_CAT'), schema: text(r, 'TABLE_SCHEM'), table: text(r, 'TABLE_NAME')! }));
}
