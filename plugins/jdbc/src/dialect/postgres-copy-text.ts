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
  return `"${String(value).replace(/[\\"]/g, (ch) => `\\${ch}`)}"`;
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
