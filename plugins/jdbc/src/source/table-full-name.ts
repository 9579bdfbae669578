/**
 * Confluent's name for a table in source offsets: `catalog.schema.table`, unquoted, with the
 * levels the database does not have (null) left out. The levels are those JDBC's
 * DatabaseMetaData reports: MySQL/MariaDB have catalogs (databases) and no schemas, SQLite
 * neither, so our offsets match the ones Confluent's connector stored.
 */
import type { TableId } from '../dialect/table-id.js';

export function tableFullName(id: TableId): string {
  return [id.catalog, id.schema, id.table].filter((part): part is string => part !== null).join('.');
}
