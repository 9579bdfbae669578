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

/** For each ASCII code, the letter its backslash escape ends with, or 0 when it is written as it is. */
const ESCAPE_LETTER = new Uint8Array(128);
ESCAPE_LETTER[0x5c] = 0x5c;
ESCAPE_LETTER[0x0a] = 0x6e;
ESCAPE_LETTER[0x0d] = 0x72;
ESCAPE_LETTER[0x09] = 0x74;

const CHUNK_BYTES = 65_536;
/** Room past a chunk's size for the row that crosses it, so rows are seldom cut. */
const CHUNK_SLACK = 16_384;

/**
 * Tab-separated rows written straight into UTF-8 chunks of about 64 KiB, cut at row ends (a row
 * longer than the slack may be cut inside: the server reads the chunks as one stream). No string
 * is built per row or per chunk: ASCII text is copied code by code, escapes included, and only
 * text with other characters goes through an escaped copy and the encoder.
 */
export class TabSeparatedWriter {
  readonly #chunks: Buffer[] = [];
  #buffer = Buffer.allocUnsafe(CHUNK_BYTES + CHUNK_SLACK);
  #at = 0;
  #fieldsInRow = 0;

  /** A field of text, escaped. */
  text(value: string): void {
    this.#separate();
    // at most two bytes per ASCII code (an escape), three per other UTF-16 code
    this.#reserve(3 * value.length);
    const buffer = this.#buffer;
    let at = this.#at;
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      if (c >= 0x80) {
        this.#at = at + buffer.write(escapeTabSeparated(value.slice(i)), at, 'utf8');
        return;
      }
      const letter = ESCAPE_LETTER[c]!;
      if (letter === 0) {
        buffer[at++] = c;
      } else {
        buffer[at++] = 0x5c;
        buffer[at++] = letter;
      }
    }
    this.#at = at;
  }

  /** A field whose text has nothing to escape and only ASCII (numbers, `\N`, flags). */
  plain(value: string): void {
    this.#separate();
    this.#reserve(value.length);
    const buffer = this.#buffer;
    let at = this.#at;
    for (let i = 0; i < value.length; i++) buffer[at++] = value.charCodeAt(i);
    this.#at = at;
  }

  endRow(): void {
    this.#reserve(1);
    this.#buffer[this.#at++] = 0x0a;
    this.#fieldsInRow = 0;
    if (this.#at >= CHUNK_BYTES) this.#cut(CHUNK_BYTES + CHUNK_SLACK);
  }

  /** The chunks written so far, the last one included; the writer is not to be used after. */
  finish(): Buffer[] {
    if (this.#at > 0) this.#cut(0);
    return this.#chunks;
  }

  #separate(): void {
    if (this.#fieldsInRow++ === 0) return;
    this.#reserve(1);
    this.#buffer[this.#at++] = 0x09;
  }

  #reserve(bytes: number): void {
    if (this.#at + bytes > this.#buffer.length) this.#cut(Math.max(CHUNK_BYTES + CHUNK_SLACK, bytes));
  }

  #cut(nextSize: number): void {
    if (this.#at > 0) this.#chunks.push(this.#buffer.subarray(0, this.#at));
    this.#buffer = Buffer.allocUnsafe(nextSize);
    this.#at = 0;
  }
}
