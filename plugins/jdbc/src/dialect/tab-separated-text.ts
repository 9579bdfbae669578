/**
 * The field escaping that PostgreSQL's COPY text format and MySQL's LOAD DATA (with its default
 * FIELDS and LINES clauses) both read: backslash, newline, carriage return and tab as backslash
 * escapes, so fields are separated by tabs and rows by newlines.
 */

const ESCAPES: Record<number, string> = { 0x5c: '\\\\', 0x0a: '\\n', 0x0d: '\\r', 0x09: '\\t' };

/**
 * One pass of charCodeAt, no regular expression: this runs on every text field of every row, and
 * most fields have nothing to escape.
 */
export function escapeTabSeparated(text: string): string {
  let out = '';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x5c || (c !== 0x5c && c !== 0x0a && c !== 0x0d && c !== 0x09)) continue;
    out += text.slice(start, i) + ESCAPES[c]!;
    start = i + 1;
  }
  return start === 0 ? text : out + text.slice(start);
}
