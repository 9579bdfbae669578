/**
 * Rows in PostgreSQL's COPY text format: tab-separated, `\N` for null, backslash escapes, bytea
 * as `\\x<hex>`, arrays as array literals. Values are the ones a dialect bound for the columns.
 */

const COPY_ESCAPES: Record<number, string> = { 0x5c: '\\\\', 0x0a: '\\n', 0x0d: '\\r', 0x09: '\\t' };

/**
 * Backslash, newline, carriage return and tab escaped. One pass of charCodeAt, no regular
 * expression: this runs on every text field of every row, and most fields have nothing to escape.
 */
function escapeCopy(text: string): string {
  let out = '';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x5c || (c !== 0x5c && c !== 0x0a && c !== 0x0d && c !== 0x09)) continue;
    out += text.slice(start, i) + COPY_ESCAPES[c]!;
    start = i + 1;
  }
  return start === 0 ? text : out + text.slice(start);
}

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
