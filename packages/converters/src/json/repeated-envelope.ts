/**
 * The JsonConverter read path for what nearly every topic carries: envelopes whose schema is,
 * byte for byte, the previous record's. The bytes up to the payload (`{"schema":...,"payload":`)
 * are compared with the last ones learned, so a repeated schema is neither parsed nor written
 * out again as a cache key; only the payload is read: by the schema's shape straight from the
 * bytes where it can (shaped-payload.ts), else by JSON.parse (native-payload.ts). Any record this
 * cannot read exactly as the full path would gives `undefined`, and the caller takes the full path.
 */
import { SchemaAndValue, type Schema } from '@tsconnect/api';
import type { JsonData } from './json-data.js';
import { parseJsonValueAt } from './json-parser.js';
import { NOT_EXACT, readNativePayload } from './native-payload.js';
import { ShapedPayloadReader } from './shaped-payload.js';

// ignoreBOM keeps a byte-order mark in the text: a decoder that dropped it would read
// `"payload":<BOM>5` as 5, where the exact parser (and Jackson) refuse a mark inside the document;
// a record that starts with one is learned by neither and goes the exact way.
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const ENVELOPE_START = /^\{[ \t\n\r]*"schema"[ \t\n\r]*:/;
const PAYLOAD_KEY = /[ \t\n\r]*,[ \t\n\r]*"payload"[ \t\n\r]*:/y;

function isJsonWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

export class RepeatedEnvelopeReader {
  /** `{"schema":<schema>,"payload":` as the last learned record had it, and the schema read from it. */
  #prefix: Buffer | null = null;
  #schema: Schema | null = null;
  /** Reads the learned schema's payloads from their bytes, or null when its shape is not one it reads. */
  #shaped: ShapedPayloadReader | null = null;

  readonly #data: JsonData;

  constructor(data: JsonData) {
    this.#data = data;
  }

  read(bytes: Uint8Array): SchemaAndValue | undefined {
    if (!this.#repeats(bytes) && !this.#learn(bytes)) return undefined;
    const schema = this.#schema;
    if (schema === null) return undefined; // schemaless payloads take the full path
    if (this.#shaped !== null) {
      const shaped = this.#shaped.read(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
        this.#prefix!.length);
      if (shaped !== NOT_EXACT) return new SchemaAndValue(schema, shaped);
    }
    let tail: string;
    try {
      tail = UTF8.decode(bytes.subarray(this.#prefix!.length));
    } catch {
      return undefined;
    }
    // The envelope must close right after the payload: anything else (another key) is the full path's to judge.
    let end = tail.length;
    while (end > 0 && isJsonWhitespace(tail.charCodeAt(end - 1))) end--;
    if (tail.charCodeAt(end - 1) !== 0x7d) return undefined;
    const value = readNativePayload(this.#data, schema, tail.slice(0, end - 1));
    return value === NOT_EXACT ? undefined : new SchemaAndValue(schema, value);
  }

  #repeats(bytes: Uint8Array): boolean {
    const prefix = this.#prefix;
    return prefix !== null && bytes.length > prefix.length && prefix.compare(bytes, 0, prefix.length) === 0;
  }

  /** Takes this record's schema bytes as the ones to recognise from now on; false if it has none to take. */
  #learn(bytes: Uint8Array): boolean {
    try {
      const text = UTF8.decode(bytes);
      const start = ENVELOPE_START.exec(text);
      if (start === null) return false;
      const { node, end } = parseJsonValueAt(text, start[0].length);
      PAYLOAD_KEY.lastIndex = end;
      const key = PAYLOAD_KEY.exec(text);
      if (key === null) return false;
      const schema = this.#data.asConnectSchema(node);
      this.#prefix = Buffer.from(text.slice(0, end + key[0].length), 'utf8');
      this.#schema = schema;
      this.#shaped = schema === null ? null : ShapedPayloadReader.forSchema(this.#data, schema);
      return true;
    } catch {
      return false;
    }
  }
}
