import { javaTrim } from '../config/java-text.js';
import { DataException } from '../errors.js';
import { encodeBase64 } from './base64.js';
import { BigDecimal } from './big-decimal.js';
import { ConnectSchema } from './connect-schema.js';
import { ConnectDate, MILLIS_PER_DAY } from './date.js';
import { Decimal } from './decimal.js';
import { javaClassName, javaToString } from './java-text.js';
import { isPlainObject } from './plain-object.js';
import type { Schema } from './schema.js';
import { SchemaAndValue } from './schema-and-value.js';
import { SchemaBuilder } from './schema-builder.js';
import type { SchemaType } from './schema-type.js';
import { Schemas } from './schemas.js';
import { Struct } from './struct.js';
import { Time } from './time.js';
import { Timestamp } from './timestamp.js';
import { isBlank, ValueTokenizer } from './value-tokenizer.js';

// Kafka's Values: converting values between types and to/from the text that
// SimpleHeaderConverter, InsertHeader and Cast use. The conversions follow Kafka 4.1 rule by rule.

const ARRAY_SELECTOR = SchemaBuilder.array(Schemas.STRING).build();
const MAP_SELECTOR = SchemaBuilder.map(Schemas.STRING, Schemas.STRING).build();
const STRUCT_SELECTOR = SchemaBuilder.struct().build();
const TRUE = new SchemaAndValue(Schemas.BOOLEAN, true);
const FALSE = new SchemaAndValue(Schemas.BOOLEAN, false);
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const BIGGER_THAN_LONG = BigDecimal.fromString('1e19');
const ONE = new BigDecimal(1n, 0);

function unableToConvert(value: unknown, target: Schema | string, cause?: unknown): DataException {
  const to = typeof target === 'string' ? target : target.toString();
  return new DataException(`Unable to convert ${javaToString(value)} (${javaClassName(value)}) to ${to}`,
    cause === undefined ? {} : { cause });
}

function nullNotAllowed(): DataException {
  return new DataException('Unable to convert a null value to a schema that requires a value');
}

/** Java's `(long) double`: truncation toward zero, saturating, NaN to 0. */
function numberToLong(value: number): bigint {
  if (Number.isNaN(value)) return 0n;
  if (value >= 2 ** 63) return INT64_MAX;
  if (value <= -(2 ** 63)) return INT64_MIN;
  return BigInt(Math.trunc(value));
}

function asLong(value: unknown, fromSchema: Schema | null): bigint {
  let cause: unknown;
  if (typeof value === 'number') return numberToLong(value);
  if (typeof value === 'bigint') return BigInt.asIntN(64, value);
  if (value instanceof BigDecimal) return BigInt.asIntN(64, value.toBigInt());
  if (typeof value === 'string') {
    const parsed = BigDecimal.tryParse(value);
    if (parsed !== null) return BigInt.asIntN(64, parsed.toBigInt());
    cause = new SyntaxError(`Invalid decimal number: "${value}"`);
  }
  if (fromSchema !== null) {
    if (value instanceof Date) {
      if (fromSchema.name === ConnectDate.LOGICAL_NAME) return BigInt(ConnectDate.fromLogical(fromSchema, value));
      if (fromSchema.name === Time.LOGICAL_NAME) return BigInt(Time.fromLogical(fromSchema, value));
      if (fromSchema.name === Timestamp.LOGICAL_NAME) return Timestamp.fromLogical(fromSchema, value);
    }
    throw unableToConvert(value, fromSchema, cause);
  }
  throw unableToConvert(value, 'a number', cause);
}

function asDouble(value: unknown, fromSchema: Schema | null): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof BigDecimal) return value.toNumber();
  if (typeof value === 'string') {
    const parsed = BigDecimal.tryParse(value);
    if (parsed !== null) return parsed.toNumber();
  }
  return Number(asLong(value, fromSchema));
}

function asInt(value: bigint, bits: number): number {
  return Number(BigInt.asIntN(bits, value));
}

function convertToBoolean(schema: Schema | null, value: unknown): boolean | null {
  if (value == null) return null;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const parsed = parseString(value).value;
    if (typeof parsed === 'boolean') return parsed;
  }
  return asLong(value, schema) !== 0n;
}

function convertToByte(schema: Schema | null, value: unknown): number | null {
  return value == null ? null : asInt(asLong(value, schema), 8);
}

function convertToShort(schema: Schema | null, value: unknown): number | null {
  return value == null ? null : asInt(asLong(value, schema), 16);
}

function convertToInteger(schema: Schema | null, value: unknown): number | null {
  return value == null ? null : asInt(asLong(value, schema), 32);
}

function convertToLong(schema: Schema | null, value: unknown): bigint | null {
  return value == null ? null : asLong(value, schema);
}

function convertToFloat(schema: Schema | null, value: unknown): number | null {
  return value == null ? null : Math.fround(asDouble(value, schema));
}

function convertToDouble(schema: Schema | null, value: unknown): number | null {
  return value == null ? null : asDouble(value, schema);
}

/** Renders any value as text (see `append`); the schema tells floats from doubles. */
function convertToString(schema: Schema | null, value: unknown): string | null {
  if (value == null) return null;
  const out: string[] = [];
  append(out, value, false, schema);
  return out.join('');
}

function convertToList(_schema: Schema | null, value: unknown): unknown[] {
  return convertToArray(ARRAY_SELECTOR, value);
}

function convertToMap(_schema: Schema | null, value: unknown): Map<unknown, unknown> {
  return convertToMapWith(MAP_SELECTOR, value);
}

function convertToStruct(_schema: Schema | null, value: unknown): Struct {
  return convertToStructWith(STRUCT_SELECTOR, value);
}

function convertToTime(schema: Schema | null, value: unknown): Date {
  if (value == null) throw nullNotAllowed();
  return convertToTimeWith(Time.SCHEMA, schema, value);
}

function convertToDate(schema: Schema | null, value: unknown): Date {
  if (value == null) throw nullNotAllowed();
  return convertToDateWith(ConnectDate.SCHEMA, schema, value);
}

function convertToTimestamp(schema: Schema | null, value: unknown): Date {
  if (value == null) throw nullNotAllowed();
  return convertToTimestampWith(Timestamp.SCHEMA, schema, value);
}

function convertToDecimal(_schema: Schema | null, value: unknown, scale: number): BigDecimal {
  if (value == null) throw nullNotAllowed();
  return convertToDecimalWith(Decimal.schema(scale), value);
}

function convertTo(toSchema: Schema, fromSchema: Schema | null, value: unknown): unknown {
  if (value == null) {
    if (toSchema.isOptional) return null;
    throw nullNotAllowed();
  }
  switch (toSchema.type) {
    case 'BYTES':
      return toSchema.name === Decimal.LOGICAL_NAME
        ? convertToDecimalWith(toSchema, value)
        : convertToBytes(toSchema, value);
    case 'STRING':
      return convertToString(fromSchema, value);
    case 'BOOLEAN':
      return convertToBoolean(fromSchema, value);
    case 'INT8':
      return convertToByte(fromSchema, value);
    case 'INT16':
      return convertToShort(fromSchema, value);
    case 'INT32':
      if (toSchema.name === ConnectDate.LOGICAL_NAME) return convertToDateWith(toSchema, fromSchema, value);
      if (toSchema.name === Time.LOGICAL_NAME) return convertToTimeWith(toSchema, fromSchema, value);
      return convertToInteger(fromSchema, value);
    case 'INT64':
      if (toSchema.name === Timestamp.LOGICAL_NAME) return convertToTimestampWith(toSchema, fromSchema, value);
      return convertToLong(fromSchema, value);
    case 'FLOAT32':
      return convertToFloat(fromSchema, value);
    case 'FLOAT64':
      return convertToDouble(fromSchema, value);
    case 'ARRAY':
      return convertToArray(toSchema, value);
    case 'MAP':
      return convertToMapWith(toSchema, value);
    case 'STRUCT':
      return convertToStructWith(toSchema, value);
  }
}

function convertToDecimalWith(toSchema: Schema, value: unknown): BigDecimal {
  if (value instanceof Uint8Array) return Decimal.toLogical(toSchema, value);
  if (value instanceof BigDecimal) return value;
  // Other numbers go through double, as Kafka's Number.doubleValue() does.
  if (typeof value === 'number' || typeof value === 'bigint') return BigDecimal.fromNumber(Number(value));
  if (typeof value === 'string') {
    const parsed = BigDecimal.tryParse(value);
    if (parsed === null) throw unableToConvert(value, toSchema);
    return parsed;
  }
  throw unableToConvert(value, toSchema);
}

function convertToBytes(toSchema: Schema, value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (value instanceof BigDecimal) return Decimal.fromLogical(toSchema, value);
  throw unableToConvert(value, toSchema);
}

function parsedIfString(value: unknown): unknown {
  return typeof value === 'string' ? parseString(value).value : value;
}

function convertToDateWith(toSchema: Schema, fromSchema: Schema | null, input: unknown): Date {
  const value = parsedIfString(input);
  if (value instanceof Date) {
    if (fromSchema === null) return value;
    if (fromSchema.name === ConnectDate.LOGICAL_NAME) return value;
    if (fromSchema.name === Timestamp.LOGICAL_NAME) {
      return ConnectDate.toLogical(toSchema, Math.trunc(value.getTime() / MILLIS_PER_DAY) | 0);
    }
  }
  return ConnectDate.toLogical(toSchema, asInt(asLong(value, fromSchema), 32));
}

function convertToTimeWith(toSchema: Schema, fromSchema: Schema | null, input: unknown): Date {
  const value = parsedIfString(input);
  if (value instanceof Date) {
    if (fromSchema === null) return value;
    if (fromSchema.name === Time.LOGICAL_NAME) return value;
    if (fromSchema.name === Timestamp.LOGICAL_NAME) {
      const timeOfDay = ((value.getTime() % MILLIS_PER_DAY) + MILLIS_PER_DAY) % MILLIS_PER_DAY;
      return Time.toLogical(toSchema, timeOfDay);
    }
  }
  return Time.toLogical(toSchema, asInt(asLong(value, fromSchema), 32));
}

function convertToTimestampWith(toSchema: Schema, fromSchema: Schema | null, input: unknown): Date {
  const value = parsedIfString(input);
  if (value instanceof Date) {
    if (fromSchema === null) return value;
    if (fromSchema.name === ConnectDate.LOGICAL_NAME) {
      return Timestamp.toLogical(toSchema, ConnectDate.fromLogical(fromSchema, value) * MILLIS_PER_DAY);
    }
    if (fromSchema.name === Time.LOGICAL_NAME) return Timestamp.toLogical(toSchema, Time.fromLogical(fromSchema, value));
    if (fromSchema.name === Timestamp.LOGICAL_NAME) return value;
  }
  return Timestamp.toLogical(toSchema, asLong(value, fromSchema));
}

function convertToArray(toSchema: Schema, input: unknown): unknown[] {
  if (input == null) throw nullNotAllowed();
  const value = parsedIfString(input);
  if (Array.isArray(value)) return value;
  throw unableToConvert(value, toSchema);
}

function convertToMapWith(toSchema: Schema, input: unknown): Map<unknown, unknown> {
  if (input == null) throw nullNotAllowed();
  const value = parsedIfString(input);
  if (value instanceof Map) return value;
  if (isPlainObject(value)) return new Map(Object.entries(value));
  throw unableToConvert(value, toSchema);
}

function convertToStructWith(toSchema: Schema, value: unknown): Struct {
  if (value == null) throw nullNotAllowed();
  if (value instanceof Struct) return value;
  throw unableToConvert(value, toSchema);
}

// ---- rendering -------------------------------------------------------------------------------

function escape(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

function two(n: number): string {
  return String(n).padStart(2, '0');
}

function isoDate(d: Date): string {
  return `${String(d.getUTCFullYear()).padStart(4, '0')}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}`;
}

function isoTime(d: Date): string {
  return `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}.` +
    `${String(d.getUTCMilliseconds()).padStart(3, '0')}Z`;
}

/**
 * Kafka's `Values.dateFormatFor` applied (in UTC): `HH:mm:ss.SSS'Z'` below one day of millis,
 * `yyyy-MM-dd` on whole days, else `yyyy-MM-dd'T'HH:mm:ss.SSS'Z'`.
 */
function formatDate(date: Date): string {
  const millis = date.getTime();
  if (millis < MILLIS_PER_DAY) return isoTime(date);
  if (millis % MILLIS_PER_DAY === 0) return isoDate(date);
  return `${isoDate(date)}T${isoTime(date)}`;
}

function childSchema(schema: Schema | null | undefined, part: 'key' | 'value'): Schema | null {
  if (!schema) return null;
  if (part === 'key') return schema.type === 'MAP' ? schema.keySchema : null;
  return schema.type === 'ARRAY' || schema.type === 'MAP' ? schema.valueSchema : null;
}

function append(out: string[], value: unknown, embedded: boolean, schema: Schema | null | undefined): void {
  if (value == null) {
    out.push('null');
  } else if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean' ||
    value instanceof BigDecimal) {
    out.push(javaToString(value, schema));
  } else if (typeof value === 'string') {
    out.push(embedded ? `"${escape(value)}"` : value);
  } else if (value instanceof Uint8Array) {
    const encoded = encodeBase64(value);
    out.push(embedded ? `"${encoded}"` : encoded);
  } else if (Array.isArray(value)) {
    const items = childSchema(schema, 'value');
    out.push('[');
    value.forEach((item, i) => {
      if (i > 0) out.push(',');
      append(out, item, true, items);
    });
    out.push(']');
  } else if (value instanceof Map || isPlainObject(value)) {
    const keys = childSchema(schema, 'key');
    const values = childSchema(schema, 'value');
    const entries = value instanceof Map ? [...value] : Object.entries(value);
    out.push('{');
    entries.forEach(([k, v], i) => {
      if (i > 0) out.push(',');
      append(out, k, true, keys);
      out.push(':');
      append(out, v, true, values);
    });
    out.push('}');
  } else if (value instanceof Struct) {
    out.push('{');
    value.schema.fields.forEach((field, i) => {
      if (i > 0) out.push(',');
      append(out, field.name, true, null);
      out.push(':');
      append(out, value.get(field), true, field.schema);
    });
    out.push('}');
  } else if (value instanceof Date) {
    out.push(formatDate(value));
  } else {
    throw new DataException(
      `Failed to serialize unexpected value type ${javaClassName(value).replace(/^class /, '')}: ${String(value)}`);
  }
}

// ---- schema inference ------------------------------------------------------------------------

class SchemaDetector {
  #knownType: SchemaType | null = null;
  #optional = false;

  canDetect(value: unknown): boolean {
    if (value == null) {
      this.#optional = true;
      return true;
    }
    const schema = inferSchema(value);
    if (schema === null) return false;
    if (this.#knownType === null) this.#knownType = schema.type;
    else if (this.#knownType !== schema.type) return false;
    return true;
  }

  schema(): Schema {
    const builder = new SchemaBuilder(this.#knownType as SchemaType);
    if (this.#optional) builder.optional();
    return builder.build();
  }
}

/**
 * The schema of a schemaless value, or null when none can be inferred. JS numbers: integers in
 * the int32 range are INT32, other numbers FLOAT64; bigints are INT64. Plain objects count as maps.
 * Dates and decimals are never inferred (logical types need a schema).
 */
function inferSchema(value: unknown): Schema | null {
  if (typeof value === 'string') return Schemas.STRING;
  if (typeof value === 'boolean') return Schemas.BOOLEAN;
  if (typeof value === 'number') {
    return Number.isInteger(value) && value >= -(2 ** 31) && value < 2 ** 31 ? Schemas.INT32 : Schemas.FLOAT64;
  }
  if (typeof value === 'bigint') return Schemas.INT64;
  if (value instanceof Uint8Array) return Schemas.BYTES;
  if (Array.isArray(value)) {
    if (value.length === 0) return null;
    const detector = new SchemaDetector();
    for (const item of value) if (!detector.canDetect(item)) return null;
    return SchemaBuilder.array(detector.schema()).build();
  }
  if (value instanceof Map || isPlainObject(value)) {
    const entries = value instanceof Map ? [...value] : Object.entries(value);
    if (entries.length === 0) return null;
    const keys = new SchemaDetector();
    const values = new SchemaDetector();
    for (const [k, v] of entries) if (!keys.canDetect(k) || !values.canDetect(v)) return null;
    return SchemaBuilder.map(keys.schema(), values.schema()).build();
  }
  if (value instanceof Struct) return value.schema;
  return null;
}

// ---- parsing ---------------------------------------------------------------------------------

const NUMERIC_ORDER: readonly SchemaType[] = ['INT8', 'INT16', 'INT32', 'INT64', 'FLOAT32', 'FLOAT64'];

/** A schema for values of both schemas, or null: numbers widen, other types must match. */
function mergeSchemas(previous: Schema, next: Schema): Schema | null {
  if (previous.type !== next.type) {
    const a = NUMERIC_ORDER.indexOf(previous.type);
    const b = NUMERIC_ORDER.indexOf(next.type);
    if (a < 0 || b < 0) return null;
    return b > a ? next : previous;
  }
  if (previous.isOptional === next.isOptional) return previous.isOptional ? previous : next;
  return previous.equals(next) ? previous : null;
}

class SchemaMerger {
  #common: Schema | null = null;
  #compatible = true;

  merge(latest: SchemaAndValue | null): void {
    if (latest === null || latest.schema === null || !this.#compatible) return;
    if (this.#common === null) {
      this.#common = latest.schema;
    } else {
      this.#common = mergeSchemas(this.#common, latest.schema);
      this.#compatible = this.#common !== null;
    }
  }

  get schema(): Schema | null {
    return this.#common;
  }
}

const TEMPORAL_FORMATS: readonly [number, RegExp, Schema][] = [
  [13, /^(\d+):(\d+):(\d+)\.(\d+)Z/, Time.SCHEMA],
  [24, /^(\d+)-(\d+)-(\d+)T(\d+):(\d+):(\d+)\.(\d+)Z/, Timestamp.SCHEMA],
  [10, /^(\d+)-(\d+)-(\d+)/, ConnectDate.SCHEMA],
];

/**
 * `yyyy-MM-dd`, `HH:mm:ss.SSS'Z'` or `yyyy-MM-dd'T'HH:mm:ss.SSS'Z'` by length, parsed in UTC as
 * Java's lenient SimpleDateFormat does (out-of-range fields roll over; trailing text is ignored).
 */
function parseAsTemporal(text: string): SchemaAndValue | null {
  const token = text.replace(/\\:/g, ':');
  for (const [length, pattern, schema] of TEMPORAL_FORMATS) {
    if (token.length !== length) continue;
    const m = pattern.exec(token);
    if (m === null) return null;
    const n = m.slice(1).map(Number);
    const date = new Date(0);
    if (schema === Time.SCHEMA) {
      date.setUTCHours(n[0]!, n[1]!, n[2]!, n[3]!);
    } else {
      date.setUTCFullYear(n[0]!, n[1]! - 1, n[2]!);
      if (n.length > 3) date.setUTCHours(n[3]!, n[4]!, n[5]!, n[6]!);
    }
    return new SchemaAndValue(schema, date);
  }
  return null;
}

function parseAsNumber(token: string): SchemaAndValue | null {
  const decimal = BigDecimal.tryParse(token);
  if (decimal === null) return null;
  const exact = parseAsExactInteger(decimal);
  if (exact !== null) return exact;
  const asFloat = Math.fround(decimal.toNumber());
  if (Number.isFinite(asFloat) && decimal.scale !== 0) return new SchemaAndValue(Schemas.FLOAT32, asFloat);
  const asDoubleValue = decimal.toNumber();
  if (Number.isFinite(asDoubleValue) && decimal.scale !== 0) return new SchemaAndValue(Schemas.FLOAT64, asDoubleValue);
  return new SchemaAndValue(Decimal.schema(decimal.scale), decimal);
}

function parseAsExactInteger(decimal: BigDecimal): SchemaAndValue | null {
  const abs = decimal.abs();
  if (abs.compareTo(BIGGER_THAN_LONG) > 0 || (abs.compareTo(ONE) < 0 && abs.signum() !== 0)) return null;
  if (!decimal.isWholeNumber()) return null;
  const integral = decimal.toBigInt();
  if (integral < INT64_MIN || integral > INT64_MAX) return null;
  if (integral >= -128n && integral <= 127n) return new SchemaAndValue(Schemas.INT8, Number(integral));
  if (integral >= -32768n && integral <= 32767n) return new SchemaAndValue(Schemas.INT16, Number(integral));
  if (integral >= -(2n ** 31n) && integral < 2n ** 31n) return new SchemaAndValue(Schemas.INT32, Number(integral));
  return new SchemaAndValue(Schemas.INT64, integral);
}

class ValueParser {
  readonly #tokens: ValueTokenizer;

  constructor(tokens: ValueTokenizer) {
    this.#tokens = tokens;
  }

  parse(embedded: boolean): SchemaAndValue | null {
    const t = this.#tokens;
    if (!t.hasNext()) return null;
    if (embedded && t.canConsume('"')) return this.#parseQuotedString();
    if (this.#canParseLiteral(embedded, 'null')) return null;
    if (this.#canParseLiteral(embedded, 'true')) return TRUE;
    if (this.#canParseLiteral(embedded, 'false')) return FALSE;
    const start = t.mark();
    try {
      if (t.canConsume('[')) return this.#parseArray();
      if (t.canConsume('{')) return this.#parseMap();
    } catch (e) {
      if (!(e instanceof DataException)) throw e;
      // Not a well-formed array or map: read it again as a plain token.
      t.rewindTo(start);
    }
    const token = t.next();
    if (isBlank(token)) return new SchemaAndValue(Schemas.STRING, token);
    return this.#parseToken(embedded, javaTrim(token));
  }

  /** A literal counts at top level only when it is the whole text (`true}` is a string). */
  #canParseLiteral(embedded: boolean, literal: string): boolean {
    const t = this.#tokens;
    const start = t.mark();
    if (t.canConsume(literal) && (embedded || !t.hasNext())) return true;
    t.rewindTo(start);
    return false;
  }

  #parseToken(embedded: boolean, token: string): SchemaAndValue {
    const first = token[0]!;
    const firstIsDigit = /^\p{Nd}$/u.test(first);
    if (firstIsDigit) {
      const temporal = this.#parseTemporalTokens(token);
      if (temporal !== null) return temporal;
    }
    if (firstIsDigit || first === '+' || first === '-') {
      const number = parseAsNumber(token);
      if (number !== null) return number;
    }
    if (embedded) throw new DataException('Failed to parse embedded value');
    return new SchemaAndValue(Schemas.STRING, this.#tokens.original);
  }

  /** Times and timestamps contain unescaped colons, so they span five tokens. */
  #parseTemporalTokens(token: string): SchemaAndValue | null {
    const t = this.#tokens;
    const position = t.mark();
    const remainder = t.nextTokens(4);
    if (remainder !== null) {
      const temporal = parseAsTemporal(token + remainder);
      if (temporal !== null) return temporal;
    }
    t.rewindTo(position);
    return parseAsTemporal(token);
  }

  #parseQuotedString(): SchemaAndValue {
    const t = this.#tokens;
    let content = '';
    while (t.hasNext()) {
      if (t.canConsume('"')) break;
      content += t.next();
    }
    return parseAsTemporal(content) ?? new SchemaAndValue(Schemas.STRING, content);
  }

  #parseArray(): SchemaAndValue {
    const t = this.#tokens;
    const result: unknown[] = [];
    const elements = new SchemaMerger();
    while (t.hasNext()) {
      if (t.canConsume(']')) {
        const common = elements.schema;
        if (common === null) return new SchemaAndValue(new ConnectSchema('ARRAY'), result);
        const schema = SchemaBuilder.array(common).build();
        return new SchemaAndValue(schema, result.map((v) => convertTo(common, null, v)));
      }
      if (t.canConsume(',')) throw new DataException(`Unable to parse an empty array element: ${t.original}`);
      const element = this.parse(true);
      elements.merge(element);
      result.push(element === null ? null : element.value);
      const position = t.mark();
      if (t.canConsume(']')) t.rewindTo(position);
      else if (!t.canConsume(',')) throw new DataException("Array elements missing ',' delimiter");
    }
    if (t.previous() === ',') throw new DataException(`Array is missing element after ',': ${t.original}`);
    throw new DataException(`Array is missing terminating ']': ${t.original}`);
  }

  #parseMap(): SchemaAndValue {
    const t = this.#tokens;
    const result = new Map<unknown, unknown>();
    const keys = new SchemaMerger();
    const values = new SchemaMerger();
    while (t.hasNext()) {
      if (t.canConsume('}')) {
        const keySchema = keys.schema;
        const valueSchema = values.schema;
        if (keySchema !== null && valueSchema !== null) {
          const aligned = new Map<unknown, unknown>();
          for (const [k, v] of result) aligned.set(convertTo(keySchema, null, k), convertTo(valueSchema, null, v));
          return new SchemaAndValue(SchemaBuilder.map(keySchema, valueSchema).build(), aligned);
        }
        if (keySchema !== null) {
          const aligned = new Map<unknown, unknown>();
          for (const [k, v] of result) aligned.set(convertTo(keySchema, null, k), v);
          return new SchemaAndValue(new ConnectSchema('MAP', { keySchema }), aligned);
        }
        return new SchemaAndValue(new ConnectSchema('MAP'), result);
      }
      if (t.canConsume(',')) throw new DataException(`Unable to parse a map entry with no key or value: ${t.original}`);
      const key = this.parse(true);
      if (key === null || key.value === null) throw new DataException(`Map entry may not have a null key: ${t.original}`);
      if (!t.canConsume(':')) {
        throw new DataException(`Map entry is missing ':' at ${t.position()} in ${t.original}`);
      }
      const value = this.parse(true);
      result.set(key.value, value === null ? null : value.value);
      t.canConsume(',');
      keys.merge(key);
      values.merge(value);
    }
    if (t.previous() === ',') throw new DataException(`Map is missing element after ',': ${t.original}`);
    throw new DataException(`Map is missing terminating '}': ${t.original}`);
  }
}

/**
 * Kafka's `Values.parseString`: infers a schema and value from text. `null` text or the literal
 * `null` give `SchemaAndValue.NULL`; `""` is an empty STRING.
 */
function parseString(text: string | null): SchemaAndValue {
  if (text === null) return SchemaAndValue.NULL;
  if (text === '') return new SchemaAndValue(Schemas.STRING, text);
  return new ValueParser(new ValueTokenizer(text)).parse(false) ?? SchemaAndValue.NULL;
}

/**
 * Kafka's `org.apache.kafka.connect.data.Values`. Conversions return null for a null value
 * (except to list, map, struct, date, time, timestamp and decimal, which throw `DataException`).
 * INT64 results are `bigint`; FLOAT32 results are rounded with `Math.fround`.
 */
export const Values = Object.freeze({
  convertToBoolean,
  convertToByte,
  convertToShort,
  convertToInteger,
  convertToLong,
  convertToFloat,
  convertToDouble,
  convertToString,
  convertToList,
  convertToMap,
  convertToStruct,
  convertToTime,
  convertToDate,
  convertToTimestamp,
  convertToDecimal,
  inferSchema,
  parseString,
  formatDate,
});
