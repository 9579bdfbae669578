/**
 * Rows as the file of a MySQL/MariaDB `LOAD DATA LOCAL INFILE` with the default FIELDS and LINES
 * clauses: tab-separated, one row per line, `\N` for null, backslash escapes. Values are the ones
 * the MySQL dialect bound for the columns; the text is what the server would have made of the same
 * values as literals of a multi-row INSERT.
 */
import { TabSeparatedWriter } from './tab-separated-text.js';

/**
 * Writes the field; false when a value has no text known to read as its literal does: bytes, NaN,
 * and numbers in exponent form (`1e+21` would stay that text in a character column, where the
 * literal becomes `1e21`).
 */
function writeField(writer: TabSeparatedWriter, value: unknown): boolean {
  if (value === null || value === undefined) {
    writer.plain('\\N');
  } else if (typeof value === 'string') {
    writer.text(value);
  } else if (typeof value === 'number') {
    const text = String(value);
    if (!Number.isFinite(value) || text.includes('e')) return false;
    writer.plain(text);
  } else if (typeof value === 'bigint') {
    writer.plain(String(value));
  } else if (typeof value === 'boolean') {
    writer.plain(value ? '1' : '0');
  } else {
    return false;
  }
  return true;
}

/** Whether each value is of a type the file's text carries (numbers may still be refused: NaN, exponents). */
export function loadDataTypes(row: readonly unknown[]): boolean {
  for (const value of row) {
    const type = typeof value;
    if (value !== null && value !== undefined && type !== 'string' && type !== 'number' && type !== 'bigint' && type !== 'boolean') return false;
  }
  return true;
}

/**
 * The rows as the file's UTF-8 bytes in chunks of about 64 KiB, or null when a value cannot be
 * written as text (the caller inserts those rows by statements).
 */
export function loadDataChunks(rows: readonly (readonly unknown[])[]): Buffer[] | null {
  const writer = new TabSeparatedWriter();
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) {
      if (!writeField(writer, row[i])) return null;
    }
    writer.endRow();
  }
  return writer.finish();
}
