/**
 * Which catalog tables the connector copies: table.types, catalog.pattern and schema.pattern
 * (JDBC LIKE patterns, "" = no such level), then table.whitelist/blacklist (names: the full name,
 * schema.table or the bare table name) or table.include.list/exclude.list (regular expressions
 * matched against the whole full name).
 */
import type { CatalogTable } from './source-catalog.js';
import type { JdbcSourceConfig } from './source-config.js';
import type { TableId } from '../dialect/table-id.js';
import { tableFullName } from './table-full-name.js';

function likeToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && i + 1 < pattern.length) source += pattern[++i]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (c === '%') source += '.*';
    else if (c === '_') source += '.';
    else source += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 's');
}

function levelMatches(pattern: string | null, value: string | null): boolean {
  if (pattern === null) return true;
  if (pattern === '') return value === null || value === '';
  return value !== null && likeToRegExp(pattern).test(value);
}

function names(table: TableId): string[] {
  const out = [tableFullName(table), table.table];
  if (table.schema !== null) out.push(`${table.schema}.${table.table}`);
  return out;
}

interface TableFilter {
  (table: CatalogTable): boolean;
}

export function tableFilter(config: JdbcSourceConfig): TableFilter {
  const types = new Set(config.requireList('table.types').map((t) => t.trim().toUpperCase()));
  const catalogPattern = config.getString('catalog.pattern');
  const schemaPattern = config.getString('schema.pattern');
  const whitelist = new Set(config.requireList('table.whitelist').map((t) => t.trim()));
  const blacklist = new Set(config.requireList('table.blacklist').map((t) => t.trim()));
  const include = (config.getList('table.include.list') ?? []).map((r) => new RegExp(`^(?:${r.trim()})$`));
  const exclude = (config.getList('table.exclude.list') ?? []).map((r) => new RegExp(`^(?:${r.trim()})$`));
  return (table) => {
    if (!types.has(table.type.toUpperCase())) return false;
    if (!levelMatches(catalogPattern, table.catalog) || !levelMatches(schemaPattern, table.schema)) return false;
    const candidates = names(table);
    if (whitelist.size > 0 && !candidates.some((n) => whitelist.has(n))) return false;
    if (candidates.some((n) => blacklist.has(n))) return false;
    const full = tableFullName(table);
    if (include.length > 0 && !include.some((r) => r.test(full))) return false;
    if (exclude.some((r) => r.test(full))) return false;
    return true;
  };
}
