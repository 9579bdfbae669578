/**
 * Connect values of a payload parsed by the engine's JSON.parse rather than our exact parser, for
 * the payloads where both give the same values (JsonData.convertToConnect stays the definition):
 * - no number has more than 15 significant digits, so every double JSON.parse makes truncates to
 *   the integer the exact decimal truncates to (a 16th digit could round 2.9999999999999999 to 3);
 * - Date, Time and Timestamp, which need integral number text, are read only when no number
 *   written with a fraction or exponent has an integral value (so `5.0` cannot pass as `5`);
 * - Decimal numbers keep the scale as written, which a double loses, so they are never read here;
 * - objects whose keys look like array indices are never read here (JS puts those first).
 * Anything else, errors included, gives NOT_EXACT and the caller takes the exact path.
 */
import { Struct, Timestamp, type Schema } from '@tsconnect/api';
import { isLogicalTypeName, type JsonData } from './json-data.js';
import { JsonNumber } from './json-node.js';

export const NOT_EXACT: unique symbol = Symbol('not exact');

/** Our parser stops at a nesting depth of 1000; JSON.parse does not, so deep payloads go the exact way. */
const NESTING_LIMIT = 900;
const MAX_EXACT_INTEGER = 2 ** 53;
const MAX_EXACT_DIGITS = 15;

function notExact(): never {
  throw NOT_EXACT;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/**
 * Whether any number written with a fraction or an exponent has an integral value; NOT_EXACT if
 * one has more than 15 digits. Strings (keys and values) are skipped whole with `indexOf`, their
 * digits being no numbers. A loop, not a regular expression: this runs on every record.
 */
function integralTextUnknown(text: string): boolean | typeof NOT_EXACT {
  let unknown = false;
  for (let i = 0; i < text.length; i++) {
    const first = text.charCodeAt(i);
    if (first === 0x22) {
      i = closingQuote(text, i);
      continue;
    }
    if (!isDigit(first)) continue;
    const start = i;
    let digits = 0;
    let written = false; // with a fraction or an exponent
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (isDigit(c)) digits++;
      else if (c === 0x2e || c === 0x65 || c === 0x45) written = true;
      else if ((c === 0x2b || c === 0x2d) && (text.charCodeAt(i - 1) | 0x20) === 0x65) written = true;
      else break;
    }
    if (digits > MAX_EXACT_DIGITS) return NOT_EXACT;
    if (written && !unknown) unknown = Number.isInteger(Number(text.slice(start, i)));
  }
  return unknown;
}

/**
 * The index of the quote that closes the string opened at `open` (one not escaped by an odd run of
 * backslashes), or the text's end when none does (JSON.parse refuses that text anyway).
 */
function closingQuote(text: string, open: number): number {
  let at = open;
  for (;;) {
    at = text.indexOf('"', at + 1);
    if (at < 0) return text.length;
    let backslashes = 0;
    while (text.charCodeAt(at - 1 - backslashes) === 0x5c) backslashes++;
    if ((backslashes & 1) === 0) return at;
  }
}

function tooDeep(text: string): boolean {
  if (text.length < NESTING_LIMIT) return false;
  let open = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7b || c === 0x5b) open++;
  }
  return open >= NESTING_LIMIT;
}

function isPlainJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An object's values in the order our parser keeps (insertion), refused when JS would reorder them. */
function entriesInOrder(object: Record<string, unknown>): [string, unknown][] {
  const entries = Object.entries(object);
  for (const [key] of entries) {
    const c = key.charCodeAt(0);
    if (c >= 0x30 && c <= 0x39) notExact();
  }
  return entries;
}

class NativeValues {
  constructor(readonly data: JsonData, readonly integralTextUnknown: boolean) {}

  convert(schema: Schema, value: unknown): unknown {
    // null, missing, strings and booleans are JsonNodes already: the exact rules apply as they are.
    if (value === null || value === undefined || typeof value === 'string' || typeof value === 'boolean') {
      return this.data.convertToConnect(schema, value);
    }
    if (schema.name !== null && isLogicalTypeName(schema.name)) return this.#logical(schema, value);
    switch (schema.type) {
      case 'INT8': return (this.#truncated(value) << 24) >> 24;
      case 'INT16': return (this.#truncated(value) << 16) >> 16;
      case 'INT32': return this.#truncated(value) | 0;
      case 'INT64': return BigInt(this.#truncated(value));
      case 'FLOAT32': return Math.fround(this.#double(value));
      case 'FLOAT64': return this.#double(value);
      case 'BOOLEAN': return false;
      case 'STRING':
      case 'BYTES': return null;
      case 'ARRAY': {
        const items = schema.valueSchema!;
        if (Array.isArray(value)) return value.map((item) => this.convert(items, item));
        if (isPlainJsonObject(value)) return entriesInOrder(value).map(([, item]) => this.convert(items, item));
        return [];
      }
      case 'MAP': return this.#map(schema, value);
      case 'STRUCT': {
        if (!isPlainJsonObject(value)) return notExact();
        const struct = new Struct(schema.schema());
        const fields = schema.fields;
        // An index loop: this runs per record, and the iterator of a for-of here was not optimized away.
        for (let i = 0; i < fields.length; i++) {
          const field = fields[i]!;
          struct.put(field, this.convert(field.schema, Object.hasOwn(value, field.name) ? value[field.name] : undefined));
        }
        return struct;
      }
    }
  }

  /** Date, Time and Timestamp from integral number text; Decimal and everything doubtful the exact way. */
  #logical(schema: Schema, value: unknown): unknown {
    if (typeof value !== 'number' || this.integralTextUnknown || !Number.isSafeInteger(value)) return notExact();
    if (!schema.type.startsWith('INT')) return notExact();
    // A safe integer's text is integral and its long is itself: the exact path's Date, without the text round trip.
    if (schema.name === Timestamp.LOGICAL_NAME && schema.type === 'INT64') return Timestamp.toLogical(schema, value);
    return this.data.convertToConnect(schema, new JsonNumber(String(value)));
  }

  #truncated(value: unknown): number {
    if (typeof value !== 'number' || !(Math.abs(value) < MAX_EXACT_INTEGER)) return notExact();
    return Math.trunc(value);
  }

  /** The exact reading of a zero has no sign; a negative zero from underflow (`-1e-400`) keeps it, so -0 goes the exact way. */
  #double(value: unknown): number {
    if (typeof value !== 'number' || Object.is(value, -0)) return notExact();
    return value;
  }

  #map(schema: Schema, value: unknown): Map<unknown, unknown> {
    const keySchema = schema.keySchema!;
    const valueSchema = schema.valueSchema!;
    const result = new Map<unknown, unknown>();
    if (keySchema.type === 'STRING') {
      if (!isPlainJsonObject(value)) return notExact();
      for (const [k, v] of entriesInOrder(value)) result.set(k, this.convert(valueSchema, v));
      return result;
    }
    if (!Array.isArray(value)) return notExact();
    for (const entry of value) {
      if (!Array.isArray(entry) || entry.length !== 2) return notExact();
      result.set(this.convert(keySchema, entry[0]), this.convert(valueSchema, entry[1]));
    }
    return result;
  }
}

/** The Connect value of payload text under `schema`, or NOT_EXACT where only the exact path can tell. */
export function readNativePayload(data: JsonData, schema: Schema, text: string): unknown {
  const unknown = integralTextUnknown(text);
  if (unknown === NOT_EXACT || tooDeep(text)) return NOT_EXACT;
  try {
    return new NativeValues(data, unknown).convert(schema, JSON.parse(text));
  } catch {
    return NOT_EXACT;
  }
}
