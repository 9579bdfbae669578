/**
 * Rows as the file of a MySQL/MariaDB `LOAD DATA LOCAL INFILE` with the default FIELDS and LINES
 * clauses: tab-separated, one row per line, `\N` for null, backslash escapes. Values are the ones
 * the MySQL dialect bound for the columns; the text is what the server would have made of the same
 * values as literals of a multi-row INSERT.
 */
import { escapeTabSeparated } from './tab-separated-text.js';

/**
 * The field's text, or null when a value has no text known to read as its literal does: bytes,
 * NaN, and numbers in exponent form (`1e+21` would stay that text in a character column, where
 * the literal becomes `1e21`).
 */
function loadDataField(value: unknown): string | null {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'string') return escapeTabSeparated(value);
  if (typeof value === 'number') {
    const text = String(value);
    return Number.isFinite(value) && !text.includes('e') ? text : null;
  }
  if (typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? '1' : '0';
  return null;
}

/**
 * The rows as the file's text in chunks of about 64 KiB, or null when a value cannot be written
 * as text (the caller inserts those rows by statements).
 */
export function loadDataChunks(rows: readonly (readonly unknown[])[]): string[] | null {
  const chunks: string[] = [];
  let chunk = '';
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) {
      const field = loadDataField(row[i]);
      if (field === null) return null;
      chunk += i === 0 ? field : `\t${field}`;
    }
    chunk += '\n';
    if (chunk.length >= 65_536) {
      chunks.push(chunk);
      chunk = '';
    }
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}
