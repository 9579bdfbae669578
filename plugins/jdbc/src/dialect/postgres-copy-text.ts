/**
 * Rows in PostgreSQL's COPY text format: tab-separated, `\N` for null, backslash escapes, bytea
 * as `\\x<hex>`, arrays as array literals. Values are the ones a dialect bound for the columns.
 */
import { escapeTabSeparated as escapeCopy } from './tab-separated-text.js';

function arrayElement(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (Array.isArray(value)) return arrayLiteral(value);
  if (value instanceof Uint8Array) return `"\\\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}"`;
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return quotedElement(String(value));
}

/** A PostgreSQL array literal: `{1,NULL,"a \"b\""}`. */
export function arrayLiteral(values: readonly unknown[]): string {
  return `{${values.map(arrayElement).join(',')}}`;
}

function copyTextField(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'string') return escapeCopy(value);
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (value instanceof Uint8Array) return `\\\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`;
  if (Array.isArray(value)) return escapeCopy(arrayLiteral(value));
  return escapeCopy(String(value));
}

export function copyTextRow(values: readonly unknown[]): string {
  return `${values.map(copyTextField).join('\t')}\n`;
}

/** The rows as COPY text, in chunks of about 64 KiB, for streaming into `COPY ... FROM STDIN`. */
export function* copyTextChunks(rows: readonly (readonly unknown[])[]): Generator<string> {
  let chunk = '';
  for (const row of rows) {
    chunk += copyTextRow(row);
    if (chunk.length >= 65_536) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk.length > 0) yield chunk;
}

/** `"text"` with backslash and double quote escaped, as pg quotes an array element; one pass of charCodeAt. */
function quotedElement(text: string): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x5c && c !== 0x22) continue;
    out += `${text.slice(start, i)}\\${text[i]}`;
    start = i + 1;
  }
  return `${out}${start === 0 ? text : text.slice(start)}"`;
}

/**
 * Each column of the rows as the array literal pg would send for it as a JS array parameter
 * (elements quoted, `NULL`, bytea as `\\x<hex>`), built in one pass with no array per column
 * and no regular expression per element: the UNNEST parameters of upserts, updates and deletes.
 * Null when a value is of a kind pg prepares in its own way (a Date, an object, an array): the
 * caller then passes arrays for pg to prepare.
 */
export function columnArrayLiterals(rows: readonly (readonly unknown[])[], width: number): string[] | null {
  const columns: string[] = [];
  for (let c = 0; c < width; c++) {
    let literal = '{';
    for (let r = 0; r < rows.length; r++) {
      const value = rows[r]![c];
      let element: string;
      if (value === null || value === undefined) element = 'NULL';
      else if (typeof value === 'string') element = quotedElement(value);
      else if (typeof value === 'number' || typeof value === 'bigint') element = `"${value}"`;
      else if (typeof value === 'boolean') element = value ? '"true"' : '"false"';
      else if (value instanceof Uint8Array) element = `\\\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`;
      else return null;
      literal += r === 0 ? element : `,${element}`;
    }
    columns.push(`${literal}}`);
  }
  return columns;
}
