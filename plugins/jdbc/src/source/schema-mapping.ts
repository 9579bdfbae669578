/**
 * Result columns → the Connect schema of the record value, and each column's driver value → its
 * Connect value. Follows Confluent's GenericDatabaseDialect mapping (see docs/jdbc-source.md):
 * integers by width (one wider when unsigned), NUMERIC/DECIMAL per numeric.mapping, temporal
 * types as the Date/Time/Timestamp logical types (or per timestamp.granularity), text as STRING,
 * binary as BYTES; types with no Connect counterpart (arrays, intervals, ...) become STRING.
 */
import {
  BigDecimal,
  ConnectDate,
  DataException,
  Decimal,
  type Field,
  SchemaBuilder,
  Struct,
  Time,
  Timestamp,
  type Schema,
} from '@tsconnect/api';
import type { ColumnDefinition } from './column-definition.js';
import { parseDbTime, toDbTimestamp } from './db-time.js';
import { NumericMapping, TimestampGranularity } from './source-config.js';

type Converter = (value: unknown) => unknown;

interface ColumnMapping {
  readonly name: string;
  readonly schema: Schema;
  readonly convert: Converter;
}

interface RowMapperOptions {
  numericMapping: NumericMapping;
  timestampGranularity: TimestampGranularity;
  timeZone: string;
}

const INT8_TYPES = new Set(['TINYINT', 'BIT', 'INT1']);
const INT16_TYPES = new Set(['SMALLINT', 'INT2', 'YEAR', 'SMALLSERIAL']);
const INT32_TYPES = new Set(['INTEGER', 'INT', 'INT4', 'MEDIUMINT', 'SERIAL']);
const INT64_TYPES = new Set(['BIGINT', 'INT8', 'BIGSERIAL']);
const FLOAT32_TYPES = new Set(['REAL', 'FLOAT4']);
const FLOAT64_TYPES = new Set(['DOUBLE', 'DOUBLE PRECISION', 'FLOAT8', 'FLOAT']);
const DECIMAL_TYPES = new Set(['NUMERIC', 'DECIMAL', 'DEC', 'NUMBER', 'MONEY']);
const BOOLEAN_TYPES = new Set(['BOOL', 'BOOLEAN']);
const BYTES_TYPES = new Set(['BYTEA', 'BLOB', 'TINYBLOB', 'MEDIUMBLOB', 'LONGBLOB', 'BINARY', 'VARBINARY', 'LONG VARBINARY']);
const DATE_TYPES = new Set(['DATE']);
const TIME_TYPES = new Set(['TIME', 'TIMETZ', 'TIME WITH TIME ZONE', 'TIME WITHOUT TIME ZONE']);
const TIMESTAMP_TYPES = new Set(['TIMESTAMP', 'TIMESTAMPTZ', 'DATETIME', 'TIMESTAMP WITH TIME ZONE',
  'TIMESTAMP WITHOUT TIME ZONE', 'SMALLDATETIME', 'DATETIME2']);
/** Unbounded NUMERIC (PostgreSQL `numeric` without precision) keeps this many decimals. */
const UNBOUNDED_NUMERIC_SCALE = 6;

/** Integers; a MySQL BIT(n) comes as big-endian bytes. */
const toInt = (v: unknown): number => (v instanceof Uint8Array ? v.reduce((n, byte) => n * 256 + byte, 0) : Number(v));
const toLong = (v: unknown): bigint => (typeof v === 'bigint' ? v : BigInt(typeof v === 'number' ? Math.trunc(v) : String(v).trim()));
const toBigDecimal = (v: unknown): BigDecimal =>
  v instanceof BigDecimal ? v : typeof v === 'number' ? BigDecimal.fromNumber(v) : BigDecimal.fromString(String(v).trim());

function toBoolean(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') return v === 't' || v === 'true' || v === '1';
  if (v instanceof Uint8Array) return v.length > 0 && v[0] !== 0;
  return Number(v) !== 0;
}

function toText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return Buffer.from(v).toString('utf8');
  if (typeof v === 'object') return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x));
  return String(v);
}

function toBytes(v: unknown): Uint8Array {
  if (v instanceof Uint8Array) return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  if (typeof v === 'string') return new Uint8Array(Buffer.from(v, 'utf8'));
  throw new DataException(`Cannot read ${typeof v} as bytes`);
}

function intSchema(digits: number): SchemaBuilder {
  if (digits > 9) return SchemaBuilder.int64();
  if (digits > 4) return SchemaBuilder.int32();
  if (digits > 2) return SchemaBuilder.int16();
  return SchemaBuilder.int8();
}

/**
 * NUMERIC per numeric.mapping, as Confluent's mapNumericType; like Confluent, DECIMAL columns
 * (which is what MySQL reports for both) always map to Decimal.
 */
function numericMapping(column: ColumnDefinition, mapping: NumericMapping): { builder: SchemaBuilder; convert: Converter } {
  const precision = column.precision ?? 0;
  const scale = column.scale ?? 0;
  const bounded = precision > 0;
  const bestFit = mapping === NumericMapping.BEST_FIT || mapping === NumericMapping.BEST_FIT_EAGER_DOUBLE;
  const integer = (): { builder: SchemaBuilder; convert: Converter } => {
    const builder = intSchema(precision);
    return { builder, convert: builder.type === 'INT64' ? (v) => toLong(String(v).replace(/\.0*$/, '')) : toInt };
  };
  if (column.typeName === 'NUMERIC' && mapping !== NumericMapping.NONE) {
    if (!bounded && bestFit) return { builder: SchemaBuilder.float64(), convert: Number };
    if (bounded && precision < 19 && scale === 0) return integer();
    if (bounded && bestFit && scale > 0 && (precision < 19 || mapping === NumericMapping.BEST_FIT_EAGER_DOUBLE)) {
      return { builder: SchemaBuilder.float64(), convert: Number };
    }
  }
  const decimalScale = bounded ? scale : UNBOUNDED_NUMERIC_SCALE;
  const builder = Decimal.builder(decimalScale);
  return { builder, convert: (v) => toBigDecimal(v).setScale(decimalScale, 'HALF_UP') };
}

function timestampMapping(granularity: TimestampGranularity, zone: string): { builder: SchemaBuilder; convert: Converter } {
  const read = (v: unknown) => toDbTimestamp(v, zone);
  const micros = (v: unknown) => { const t = read(v); return BigInt(Math.floor(t.millis / 1000)) * 1_000_000n + BigInt(Math.floor(t.nanos / 1000)); };
  const nanos = (v: unknown) => { const t = read(v); return BigInt(Math.floor(t.millis / 1000)) * 1_000_000_000n + BigInt(t.nanos); };
  const iso = (v: unknown, digits: number) => {
    const t = read(v);
    const base = new Date(Math.floor(t.millis / 1000) * 1000).toISOString().slice(0, 19);
    return `${base}.${String(t.nanos).padStart(9, '0').slice(0, digits)}`;
  };
  switch (granularity) {
    case TimestampGranularity.CONNECT_LOGICAL:
      return { builder: Timestamp.builder(), convert: (v) => new Date(read(v).millis) };
    case TimestampGranularity.MICROS_LONG:
      return { builder: SchemaBuilder.int64(), convert: micros };
    case TimestampGranularity.NANOS_LONG:
      return { builder: SchemaBuilder.int64(), convert: nanos };
    case TimestampGranularity.MICROS_STRING:
      return { builder: SchemaBuilder.string(), convert: (v) => micros(v).toString() };
    case TimestampGranularity.NANOS_STRING:
      return { builder: SchemaBuilder.string(), convert: (v) => nanos(v).toString() };
    case TimestampGranularity.MICROS_ISO_DATETIME_STRING:
      return { builder: SchemaBuilder.string(), convert: (v) => iso(v, 6) };
    case TimestampGranularity.NANOS_ISO_DATETIME_STRING:
      return { builder: SchemaBuilder.string(), convert: (v) => iso(v, 9) };
  }
}

function columnMapping(column: ColumnDefinition, options: RowMapperOptions): ColumnMapping {
  const t = column.typeName;
  let builder: SchemaBuilder;
  let convert: Converter;
  if (BOOLEAN_TYPES.has(t)) [builder, convert] = [SchemaBuilder.bool(), toBoolean];
  else if (INT8_TYPES.has(t)) [builder, convert] = [column.unsigned ? SchemaBuilder.int16() : SchemaBuilder.int8(), toInt];
  else if (INT16_TYPES.has(t)) [builder, convert] = [column.unsigned ? SchemaBuilder.int32() : SchemaBuilder.int16(), toInt];
  else if (INT32_TYPES.has(t)) {
    builder = column.unsigned ? SchemaBuilder.int64() : SchemaBuilder.int32();
    convert = column.unsigned ? toLong : toInt;
  } else if (INT64_TYPES.has(t)) [builder, convert] = [SchemaBuilder.int64(), toLong];
  else if (FLOAT32_TYPES.has(t)) [builder, convert] = [SchemaBuilder.float32(), Number];
  else if (FLOAT64_TYPES.has(t)) [builder, convert] = [SchemaBuilder.float64(), Number];
  else if (DECIMAL_TYPES.has(t)) ({ builder, convert } = numericMapping(column, options.numericMapping));
  else if (BYTES_TYPES.has(t)) [builder, convert] = [SchemaBuilder.bytes(), toBytes];
  else if (DATE_TYPES.has(t)) {
    builder = ConnectDate.builder();
    convert = (v) => new Date(Math.floor(toDbTimestamp(typeof v === 'string' ? v.slice(0, 10) : v, 'UTC').millis / 86_400_000) * 86_400_000);
  } else if (TIME_TYPES.has(t)) [builder, convert] = [Time.builder(), (v) => new Date(parseDbTime(String(v)))];
  else if (TIMESTAMP_TYPES.has(t)) ({ builder, convert } = timestampMapping(options.timestampGranularity, options.timeZone));
  else [builder, convert] = [SchemaBuilder.string(), toText];
  if (column.nullable) builder.optional();
  return { name: column.name, schema: builder.build(), convert };
}

/** Turns result rows into Structs of one schema. */
export class RowMapper {
  readonly schema: Schema;
  readonly #columns: ColumnMapping[];
  /** Each column's field of the schema, in column order: set by field, not looked up by name per row. */
  readonly #fields: Field[];

  constructor(schemaName: string | null, columns: readonly ColumnDefinition[], options: RowMapperOptions) {
    this.#columns = columns.map((c) => columnMapping(c, options));
    const builder = SchemaBuilder.struct();
    if (schemaName !== null) builder.withName(schemaName);
    for (const c of this.#columns) builder.addField(c.name, c.schema);
    this.schema = builder.build();
    this.#fields = this.#columns.map((c) => this.schema.field(c.name)!);
  }

  toStruct(row: Readonly<Record<string, unknown>>): Struct {
    const struct = new Struct(this.schema);
    for (let i = 0; i < this.#columns.length; i++) {
      const column = this.#columns[i]!;
      const value = row[column.name];
      try {
        struct.put(this.#fields[i]!, value === null || value === undefined ? null : column.convert(value));
      } catch (err) {
        throw new DataException(`Cannot convert column ${column.name} value ${String(value)}: ${(err as Error).message}`, { cause: err });
      }
    }
    return struct;
  }
}
