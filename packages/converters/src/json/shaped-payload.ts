/**
 * A payload read straight from its bytes by the shape of its schema, for the records nearly every
 * topic carries: a struct (nested structs included) of numbers, strings, booleans, timestamps,
 * dates and times, its fields written in the schema's order, as Kafka's JsonConverter and
 * Debezium write them. Keys are matched as bytes, numbers are read from their digits and strings
 * taken as they are when they are plain ASCII, so no text of the payload is decoded as a whole and
 * no JSON object is built between the bytes and the Struct.
 *
 * JsonData.convertToConnect stays the definition: anything this cannot read exactly as the exact
 * path does (another key order, a missing or extra field, an integer written with a fraction or
 * an exponent, more than 15 digits, a value of another JSON type than the field's) gives
 * NOT_EXACT, and the caller tries the next path. Nulls go through convertToConnect itself, which
 * knows defaults and required fields.
 */
import { Struct, Timestamp, type Field, type Schema } from '@tsconnect/api';
import { isLogicalTypeName, type JsonData } from './json-data.js';
import { JsonNumber } from './json-node.js';
import { NOT_EXACT } from './native-payload.js';

const enum Kind { Struct, Int8, Int16, Int32, Int64, Float32, Float64, Boolean, String, Timestamp, DateOrTime }

interface Shape {
  readonly kind: Kind;
  readonly schema: Schema;
  /** Struct only. */
  readonly fields: readonly FieldShape[];
}

interface FieldShape {
  readonly field: Field;
  /** The field's name as a JSON key, quotes included, in UTF-8. */
  readonly key: Uint8Array;
  readonly shape: Shape;
}

const MAX_EXACT_DIGITS = 15;
/** Powers of ten a double holds exactly: a mantissa below 2^53 divided by one of them is the decimal, correctly rounded. */
const EXACT_POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => 10 ** k);
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const NO_BYTES = Buffer.alloc(0);

function shapeOf(schema: Schema): Shape | null {
  const leaf = (kind: Kind): Shape => ({ kind, schema, fields: [] });
  if (schema.name !== null && isLogicalTypeName(schema.name)) {
    if (schema.name === Timestamp.LOGICAL_NAME) return schema.type === 'INT64' ? leaf(Kind.Timestamp) : null;
    // Date and Time; Decimal keeps the scale as written, which only the exact path reads
    return schema.type === 'INT32' ? leaf(Kind.DateOrTime) : null;
  }
  switch (schema.type) {
    case 'INT8': return leaf(Kind.Int8);
    case 'INT16': return leaf(Kind.Int16);
    case 'INT32': return leaf(Kind.Int32);
    case 'INT64': return leaf(Kind.Int64);
    case 'FLOAT32': return leaf(Kind.Float32);
    case 'FLOAT64': return leaf(Kind.Float64);
    case 'BOOLEAN': return leaf(Kind.Boolean);
    case 'STRING': return leaf(Kind.String);
    case 'STRUCT': {
      const fields: FieldShape[] = [];
      for (const field of schema.fields) {
        const shape = shapeOf(field.schema);
        if (shape === null) return null;
        fields.push({ field, key: Buffer.from(JSON.stringify(field.name), 'utf8'), shape });
      }
      return { kind: Kind.Struct, schema, fields };
    }
    default: return null; // bytes, arrays and maps
  }
}

function decline(): never {
  throw NOT_EXACT;
}

function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

export class ShapedPayloadReader {
  readonly #data: JsonData;
  readonly #root: Shape;
  /** The record being read, and where in it; the bytes are let go of after each read (they may be a whole poll's buffer). */
  #bytes: Buffer = NO_BYTES;
  #at = 0;

  private constructor(data: JsonData, root: Shape) {
    this.#data = data;
    this.#root = root;
  }

  /** A reader for payloads of this schema, or null if some part of it is only read by the other paths. */
  static forSchema(data: JsonData, schema: Schema): ShapedPayloadReader | null {
    const root = shapeOf(schema);
    return root === null || root.kind !== Kind.Struct ? null : new ShapedPayloadReader(data, root);
  }

  /**
   * The Connect value of the payload starting at `start`, which must be followed by nothing but the
   * envelope's closing brace; NOT_EXACT where another path has to tell.
   */
  read(bytes: Buffer, start: number): unknown {
    this.#bytes = bytes;
    this.#at = start;
    try {
      const value = this.#value(this.#root);
      this.#skipWhitespace();
      this.#expect(0x7d);
      this.#skipWhitespace();
      return this.#at === bytes.length ? value : NOT_EXACT;
    } catch {
      // NOT_EXACT, or convertToConnect refusing a null: the exact path gives the verdict and its error
      return NOT_EXACT;
    } finally {
      this.#bytes = NO_BYTES;
    }
  }

  #skipWhitespace(): void {
    const bytes = this.#bytes;
    let at = this.#at;
    while (at < bytes.length && isWhitespace(bytes[at]!)) at++;
    this.#at = at;
  }

  #expect(c: number): void {
    if (this.#bytes[this.#at] !== c) decline();
    this.#at++;
  }

  #expectWord(word: string): void {
    const bytes = this.#bytes;
    for (let i = 0; i < word.length; i++) {
      if (bytes[this.#at + i] !== word.charCodeAt(i)) decline();
    }
    this.#at += word.length;
  }

  #value(shape: Shape): unknown {
    this.#skipWhitespace();
    if (this.#bytes[this.#at] === 0x6e) {
      this.#expectWord('null');
      return this.#data.convertToConnect(shape.schema, null);
    }
    switch (shape.kind) {
      case Kind.Struct: return this.#struct(shape);
      case Kind.Int8: return (this.#integer() << 24) >> 24;
      case Kind.Int16: return (this.#integer() << 16) >> 16;
      case Kind.Int32: return this.#integer() | 0;
      case Kind.Int64: return BigInt(this.#integer());
      case Kind.Timestamp: return Timestamp.toLogical(shape.schema, this.#integer());
      case Kind.DateOrTime: return this.#data.convertToConnect(shape.schema, new JsonNumber(String(this.#integer())));
      case Kind.Float32: return Math.fround(this.#double());
      case Kind.Float64: return this.#double();
      case Kind.Boolean: return this.#boolean();
      case Kind.String: return this.#string();
    }
  }

  #struct(shape: Shape): Struct {
    this.#expect(0x7b);
    const struct = new Struct(shape.schema.schema());
    const fields = shape.fields;
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i]!;
      this.#skipWhitespace();
      if (i > 0) {
        this.#expect(0x2c);
        this.#skipWhitespace();
      }
      this.#key(field.key);
      struct.put(field.field, this.#value(field.shape));
    }
    this.#skipWhitespace();
    this.#expect(0x7d);
    return struct;
  }

  /** The next key must be this one, then the colon. */
  #key(key: Uint8Array): void {
    const bytes = this.#bytes;
    const at = this.#at;
    for (let i = 0; i < key.length; i++) {
      if (bytes[at + i] !== key[i]) decline();
    }
    this.#at = at + key.length;
    this.#skipWhitespace();
    this.#expect(0x3a);
  }

  /** Integral text of at most 15 digits (so its value is exact); a fraction or an exponent declines. */
  #integer(): number {
    const bytes = this.#bytes;
    let at = this.#at;
    const negative = bytes[at] === 0x2d;
    if (negative) at++;
    const first = at;
    let value = 0;
    for (; at < bytes.length; at++) {
      const c = bytes[at]!;
      if (!isDigit(c)) break;
      value = value * 10 + (c - 0x30);
    }
    const digits = at - first;
    if (digits === 0 || digits > MAX_EXACT_DIGITS || (digits > 1 && bytes[first] === 0x30)) decline();
    const next = bytes[at];
    if (next === 0x2e || next === 0x65 || next === 0x45) decline();
    this.#at = at;
    return negative ? -value : value;
  }

  /**
   * A JSON number as the exact path's doubleValue reads it: the correctly rounded double (a zero
   * without its sign). Up to 15 digits without an exponent are divided out here; longer or
   * exponent forms go through Number(text), which rounds the same way.
   */
  #double(): number {
    const bytes = this.#bytes;
    const start = this.#at;
    let at = start;
    const negative = bytes[at] === 0x2d;
    if (negative) at++;
    const first = at;
    let mantissa = 0;
    for (; at < bytes.length && isDigit(bytes[at]!); at++) mantissa = mantissa * 10 + (bytes[at]! - 0x30);
    const integerDigits = at - first;
    if (integerDigits === 0 || (integerDigits > 1 && bytes[first] === 0x30)) decline();
    let fractionDigits = 0;
    if (bytes[at] === 0x2e) {
      at++;
      const fractionStart = at;
      for (; at < bytes.length && isDigit(bytes[at]!); at++) mantissa = mantissa * 10 + (bytes[at]! - 0x30);
      fractionDigits = at - fractionStart;
      if (fractionDigits === 0) decline();
    }
    const c = bytes[at];
    if (c === 0x65 || c === 0x45) return this.#doubleWithExponent(start, at);
    this.#at = at;
    if (mantissa === 0) return 0;
    if (integerDigits + fractionDigits > MAX_EXACT_DIGITS) return Number(bytes.toString('latin1', start, at));
    const magnitude = mantissa / EXACT_POWERS_OF_TEN[fractionDigits]!;
    return negative ? -magnitude : magnitude;
  }

  /** The rest of a number from its exponent marker at `at`. */
  #doubleWithExponent(start: number, at: number): number {
    const bytes = this.#bytes;
    at++;
    if (bytes[at] === 0x2b || bytes[at] === 0x2d) at++;
    const exponentStart = at;
    while (at < bytes.length && isDigit(bytes[at]!)) at++;
    if (at === exponentStart) decline();
    this.#at = at;
    const text = bytes.toString('latin1', start, at);
    // as doubleValue: digits all zero read as an unsigned zero; an underflow keeps its sign
    let zero = true;
    for (let i = 0; i < text.length && zero; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x65 || c === 0x45) break;
      if (c >= 0x31 && c <= 0x39) zero = false;
    }
    return zero ? 0 : Number(text);
  }

  #boolean(): boolean {
    if (this.#bytes[this.#at] === 0x74) {
      this.#expectWord('true');
      return true;
    }
    this.#expectWord('false');
    return false;
  }

  /** Plain ASCII is taken byte for byte; escapes and other characters are left to JSON.parse of the string alone. */
  #string(): string {
    const bytes = this.#bytes;
    this.#expect(0x22);
    const start = this.#at;
    let at = start;
    for (; at < bytes.length; at++) {
      const c = bytes[at]!;
      if (c === 0x22) {
        this.#at = at + 1;
        return bytes.toString('latin1', start, at);
      }
      if (c === 0x5c || c >= 0x80 || c < 0x20) break;
    }
    for (; at < bytes.length; at++) {
      const c = bytes[at]!;
      if (c === 0x5c) at++;
      else if (c === 0x22) break;
    }
    if (at >= bytes.length) decline();
    this.#at = at + 1;
    // invalid UTF-8 and raw control characters throw here, and the exact path reports them
    return JSON.parse(UTF8.decode(bytes.subarray(start - 1, at + 1))) as string;
  }
}
