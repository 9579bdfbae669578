import { DataException } from '../errors.js';
import { BigDecimal } from '../data/big-decimal.js';
import { ConnectDate } from '../data/date.js';
import { Decimal } from '../data/decimal.js';
import type { Schema } from '../data/schema.js';
import { SchemaAndValue } from '../data/schema-and-value.js';
import type { SchemaType } from '../data/schema-type.js';
import { Schemas } from '../data/schemas.js';
import { Struct } from '../data/struct.js';
import { Time } from '../data/time.js';
import { Timestamp } from '../data/timestamp.js';
import { ConnectHeader, type Header } from './header.js';

/** Rewrites one header; returning null removes it. */
export type HeaderTransform = (header: Header) => Header | null;

function checkKey(key: string): void {
  if (key == null) throw new TypeError('Header key cannot be null');
}

/**
 * Kafka's ConnectHeaders.checkSchemaMatches: the value's own type is checked against the schema,
 * never what a list or map holds. A header parsed from `{"region":"north","item_id":1}` has a MAP
 * schema with no value schema, and Kafka takes it as it is.
 */
function checkSchemaMatches(schema: Schema, value: unknown): void {
  if (value == null) {
    if (!schema.isOptional) throw new DataException(`A null value requires an optional schema but was ${schema}`);
    return;
  }
  if (!hasTypeOf(schema, value)) throw new DataException(`The value ${String(value)} is not compatible with the schema ${schema}`);
}

/** Whether the value has the JS representation of the schema's type (or of its logical type). */
function hasTypeOf(schema: Schema, value: unknown): boolean {
  switch (schema.type) {
    case 'BYTES':
      return value instanceof Uint8Array || (value instanceof BigDecimal && schema.name === Decimal.LOGICAL_NAME);
    case 'STRING':
      return typeof value === 'string';
    case 'BOOLEAN':
      return typeof value === 'boolean';
    case 'INT8':
      return isIntegerIn(value, 2 ** 7);
    case 'INT16':
      return isIntegerIn(value, 2 ** 15);
    case 'INT32':
      return isIntegerIn(value, 2 ** 31) || (value instanceof Date && (schema.name === ConnectDate.LOGICAL_NAME || schema.name === Time.LOGICAL_NAME));
    case 'INT64':
      return typeof value === 'bigint' || (value instanceof Date && schema.name === Timestamp.LOGICAL_NAME);
    case 'FLOAT32':
    case 'FLOAT64':
      return typeof value === 'number';
    case 'ARRAY':
      return Array.isArray(value);
    case 'MAP':
      return value instanceof Map;
    case 'STRUCT':
      return value instanceof Struct;
  }
}

/** A Java Byte, Short or Integer: a whole number in [-bound, bound). */
function isIntegerIn(value: unknown, bound: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= -bound && value < bound;
}

function checkSchemaType(schema: Schema, type: SchemaType): void {
  if (schema.type !== type) throw new DataException(`Expecting ${type} but instead found ${schema.type}`);
}

/**
 * The ordered headers of a record, as Kafka's `ConnectHeaders`: several headers may share a key,
 * values are validated against their schema when added, iteration is in insertion order.
 */
/**
 * The array of every ConnectHeaders that has none yet: most records carry no headers, and each
 * has two ConnectHeaders (the raw ones a converter sees, and the record's). Frozen, so a change
 * that forgot to take an array of its own throws rather than adds to every record's headers.
 */
const NONE: Header[] = Object.freeze([]) as unknown as Header[];

export class ConnectHeaders implements Iterable<Header> {
  #headers: Header[];

  constructor(headers?: Iterable<Header> | null) {
    this.#headers = headers ? [...headers] : NONE;
  }

  get size(): number {
    return this.#headers.length;
  }

  isEmpty(): boolean {
    return this.#headers.length === 0;
  }

  [Symbol.iterator](): Iterator<Header> {
    return this.#headers[Symbol.iterator]();
  }

  /** Every header with that key, in order. */
  allWithName(key: string): Header[] {
    checkKey(key);
    return this.#headers.filter((h) => h.key === key);
  }

  /** The last header with that key, or null. */
  lastWithName(key: string): Header | null {
    checkKey(key);
    for (let i = this.#headers.length - 1; i >= 0; i--) {
      if (this.#headers[i]!.key === key) return this.#headers[i]!;
    }
    return null;
  }

  /** Adds a header as it is, or a (key, value, schema) after validating the value against the schema. */
  add(header: Header): this;
  add(key: string, schemaAndValue: SchemaAndValue | null): this;
  add(key: string, value: unknown, schema: Schema | null): this;
  add(keyOrHeader: string | Header, ...rest: unknown[]): this {
    if (typeof keyOrHeader !== 'string') {
      if (keyOrHeader == null) throw new TypeError('Unable to add a null header.');
      this.#own().push(keyOrHeader);
      return this;
    }
    if (rest.length === 1) {
      const sv = rest[0] as SchemaAndValue | null;
      return this.add(keyOrHeader, sv?.value ?? null, sv?.schema ?? null);
    }
    const [value, schema] = rest as [unknown, Schema | null];
    checkKey(keyOrHeader);
    // A SchemaBuilder is checked as the schema it builds.
    if (schema != null) checkSchemaMatches(schema.schema(), value);
    return this.#addWithoutValidating(keyOrHeader, value, schema ?? null);
  }

  addString(key: string, value: string | null): this {
    return this.#addWithoutValidating(key, value, value != null ? Schemas.STRING : Schemas.OPTIONAL_STRING);
  }

  addBytes(key: string, value: Uint8Array | null): this {
    return this.#addWithoutValidating(key, value, value != null ? Schemas.BYTES : Schemas.OPTIONAL_BYTES);
  }

  addBoolean(key: string, value: boolean): this {
    return this.add(key, value, Schemas.BOOLEAN);
  }

  addByte(key: string, value: number): this {
    return this.add(key, value, Schemas.INT8);
  }

  addShort(key: string, value: number): this {
    return this.add(key, value, Schemas.INT16);
  }

  addInt(key: string, value: number): this {
    return this.add(key, value, Schemas.INT32);
  }

  addLong(key: string, value: bigint): this {
    return this.add(key, value, Schemas.INT64);
  }

  addFloat(key: string, value: number): this {
    return this.add(key, Math.fround(value), Schemas.FLOAT32);
  }

  addDouble(key: string, value: number): this {
    return this.add(key, value, Schemas.FLOAT64);
  }

  addList(key: string, value: unknown[] | null, schema: Schema): this {
    if (value == null) return this.add(key, null, null);
    checkSchemaType(schema, 'ARRAY');
    return this.add(key, value, schema);
  }

  addMap(key: string, value: Map<unknown, unknown> | null, schema: Schema): this {
    if (value == null) return this.add(key, null, null);
    checkSchemaType(schema, 'MAP');
    return this.add(key, value, schema);
  }

  addStruct(key: string, value: Struct | null): this {
    if (value == null) return this.add(key, null, null);
    value.validate();
    return this.#addWithoutValidating(key, value, value.schema);
  }

  /** A Decimal header whose schema takes the value's scale. */
  addDecimal(key: string, value: BigDecimal | null): this {
    if (value == null) return this.add(key, null, null);
    const schema = Decimal.schema(value.scale);
    Decimal.fromLogical(schema, value);
    return this.#addWithoutValidating(key, value, schema);
  }

  addDate(key: string, value: Date | null): this {
    if (value != null) ConnectDate.fromLogical(ConnectDate.SCHEMA, value);
    return this.#addWithoutValidating(key, value, ConnectDate.SCHEMA);
  }

  addTime(key: string, value: Date | null): this {
    if (value != null) Time.fromLogical(Time.SCHEMA, value);
    return this.#addWithoutValidating(key, value, Time.SCHEMA);
  }

  addTimestamp(key: string, value: Date | null): this {
    if (value != null) Timestamp.fromLogical(Timestamp.SCHEMA, value);
    return this.#addWithoutValidating(key, value, Timestamp.SCHEMA);
  }

  /** Removes every header with that key. */
  remove(key: string): this {
    checkKey(key);
    this.#headers = this.#headers.filter((h) => h.key !== key);
    return this;
  }

  /** Keeps only the last header of that key, or (no key) the last header of every key. */
  retainLatest(key?: string): this {
    if (key !== undefined) {
      checkKey(key);
      const last = this.lastWithName(key);
      this.#headers = this.#headers.filter((h) => h.key !== key || h === last);
      return this;
    }
    const seen = new Set<string>();
    const kept: Header[] = [];
    for (let i = this.#headers.length - 1; i >= 0; i--) {
      const h = this.#headers[i]!;
      if (seen.has(h.key)) continue;
      seen.add(h.key);
      kept.push(h);
    }
    this.#headers = kept.reverse();
    return this;
  }

  clear(): this {
    this.#headers = [];
    return this;
  }

  /** Replaces every header (or every header with `key`) by the transform's result; null removes it. */
  apply(transform: HeaderTransform): this;
  apply(key: string, transform: HeaderTransform): this;
  apply(keyOrTransform: string | HeaderTransform, maybeTransform?: HeaderTransform): this {
    const key = typeof keyOrTransform === 'string' ? keyOrTransform : null;
    const transform = typeof keyOrTransform === 'string' ? maybeTransform! : keyOrTransform;
    if (key !== null) checkKey(key);
    const result: Header[] = [];
    for (const h of this.#headers) {
      const next = key === null || h.key === key ? transform(h) : h;
      if (next != null) result.push(next);
    }
    this.#headers = result;
    return this;
  }

  /** An independent copy (headers themselves are immutable). */
  duplicate(): ConnectHeaders {
    return new ConnectHeaders(this.#headers);
  }

  equals(other: unknown): boolean {
    if (this === other) return true;
    if (!(other instanceof ConnectHeaders)) return false;
    const theirs = other.#headers;
    return this.#headers.length === theirs.length && this.#headers.every((h, i) => h.equals(theirs[i]));
  }

  toString(): string {
    return `ConnectHeaders(headers=[${this.#headers.map((h) => String(h)).join(', ')}])`;
  }

  #addWithoutValidating(key: string, value: unknown, schema: Schema | null): this {
    this.#own().push(new ConnectHeader(key, schema, value ?? null));
    return this;
  }

  /** The array to add to, this instance's own. */
  #own(): Header[] {
    if (this.#headers === NONE) this.#headers = [];
    return this.#headers;
  }
}

/** `Headers` is Kafka's interface name; `ConnectHeaders` is the one implementation. */
export type Headers = ConnectHeaders;
