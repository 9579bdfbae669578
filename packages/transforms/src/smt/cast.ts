import {
  AbstractConfig, BigDecimal, ConfigDef, ConfigException, ConfigType, ConnectDate, DataException, Importance,
  LambdaValidator, LruCache, SchemaBuilder, Struct, Time, Timestamp, Values, javaToString,
  type ConnectRecord, type Schema, type SchemaType, type Transformation, type Versioned,
} from '@tsconnect/api';
import { javaSplit, parseJavaDouble, parseJavaInteger } from '../util/java-format.js';
import { KEY, VALUE, type RecordPart } from '../util/record-part.js';
import { fieldValue, REPLACE_NULL_WITH_DEFAULT_CONFIG, REPLACE_NULL_WITH_DEFAULT_KEY } from '../util/replace-null-with-default.js';
import { isFieldMap, javaClassNameOf, requireMap, requireStruct } from '../util/requirements.js';
import { copySchemaBasics } from '../util/schema-util.js';
import { TRANSFORMS_VERSION } from '../util/version.js';

const SPEC = 'spec';
const PURPOSE = 'cast types';
const INPUT_TYPES: readonly SchemaType[] = ['INT8', 'INT16', 'INT32', 'INT64', 'FLOAT32', 'FLOAT64', 'BOOLEAN',
  'STRING', 'BYTES'];
const OUTPUT_TYPES: readonly SchemaType[] = INPUT_TYPES.filter((t) => t !== 'BYTES');
/** The spec key of a whole-value cast (Kafka uses a null field name). */
const WHOLE_VALUE = Symbol('whole value');

type CastSpec = Map<string | typeof WHOLE_VALUE, SchemaType>;

function parseSchemaType(text: string): SchemaType | null {
  const upper = text.trim().toUpperCase();
  return (['INT8', 'INT16', 'INT32', 'INT64', 'FLOAT32', 'FLOAT64', 'BOOLEAN', 'STRING', 'BYTES', 'ARRAY', 'MAP',
    'STRUCT'] as const).find((t) => t === upper) ?? null;
}

function validOutputType(type: SchemaType): SchemaType {
  if (!OUTPUT_TYPES.includes(type)) {
    throw new ConfigException(`Cast transformation does not support casting to ${type}; supported types are ` +
      `[${OUTPUT_TYPES.join(', ')}]`);
  }
  return type;
}

function parseFieldTypes(mappings: readonly string[]): CastSpec {
  const casts: CastSpec = new Map();
  let wholeValue = false;
  for (const mapping of mappings) {
    const parts = javaSplit(mapping, ':');
    if (parts.length > 2) {
      // Kafka names the renames key here (a copy from ReplaceField); kept for identical messages.
      throw new ConfigException('renames', javaToString(mappings), `Invalid rename mapping: ${mapping}`);
    }
    const typeText = parts.length === 1 ? parts[0] ?? '' : parts[1]!;
    const type = parseSchemaType(typeText);
    if (type === null) throw new ConfigException(`Invalid type found in casting spec: ${typeText.trim()}`);
    if (parts.length === 1) {
      casts.set(WHOLE_VALUE, validOutputType(type));
      wholeValue = true;
    } else {
      casts.set(parts[0]!.trim(), validOutputType(type));
    }
  }
  if (wholeValue && mappings.length > 1) {
    throw new ConfigException('Cast transformations that specify a type to cast the entire value to may ony ' +
      'specify a single cast in their spec');
  }
  return casts;
}

const CONFIG_DEF = new ConfigDef()
  .define({ name: SPEC, type: ConfigType.LIST,
    validator: LambdaValidator.with((_name, value) => {
      const list = value as string[] | null;
      if (list === null || list.length === 0) throw new ConfigException('Must specify at least one field to cast.');
      parseFieldTypes(list);
    }, () => 'list of colon-delimited pairs, e.g. <code>foo:bar,abc:xyz</code>'),
    importance: Importance.HIGH,
    documentation: 'List of fields and the type to cast them to of the form field1:type,field2:type to cast fields ' +
      'of Maps or Structs. A single type to cast the entire value. Valid types are int8, int16, int32, int64, ' +
      'float32, float64, boolean, and string. Note that binary fields can only be cast to string.' })
  .define(REPLACE_NULL_WITH_DEFAULT_KEY);

/** `ConnectSchema.schemaType(value.getClass())` for schemaless values; null for classes Connect lacks. */
function inferType(value: unknown): SchemaType | null {
  if (typeof value === 'string') return 'STRING';
  if (typeof value === 'boolean') return 'BOOLEAN';
  if (typeof value === 'bigint') return 'INT64';
  if (typeof value === 'number') return Number.isInteger(value) ? 'INT32' : 'FLOAT64';
  if (value instanceof Uint8Array) return 'BYTES';
  if (Array.isArray(value)) return 'ARRAY';
  if (value instanceof Map || isFieldMap(value)) return 'MAP';
  if (value instanceof Struct) return 'STRUCT';
  return null;
}

function encodeLogicalType(schema: Schema, value: unknown): unknown {
  switch (schema.name) {
    case ConnectDate.LOGICAL_NAME: return ConnectDate.fromLogical(schema, value as Date);
    case Time.LOGICAL_NAME: return Time.fromLogical(schema, value as Date);
    case Timestamp.LOGICAL_NAME: return Timestamp.fromLogical(schema, value as Date);
    default: return value;
  }
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Java's `Number.longValue()`: doubles truncate and saturate, NaN is 0. */
function longValue(value: number | bigint | BigDecimal): bigint {
  if (typeof value === 'bigint') return value;
  if (value instanceof BigDecimal) return BigInt.asIntN(64, value.toBigInt());
  if (Number.isNaN(value)) return 0n;
  if (value === Infinity) return INT64_MAX;
  if (value === -Infinity) return INT64_MIN;
  const truncated = BigInt(Math.trunc(value));
  return truncated > INT64_MAX ? INT64_MAX : truncated < INT64_MIN ? INT64_MIN : truncated;
}

/** Java's `intValue()`/`shortValue()`/`byteValue()`: an int (saturated from doubles), then narrowed. */
function narrowValue(value: number | bigint | BigDecimal, bits: 8 | 16 | 32): number {
  let asInt: bigint;
  if (typeof value === 'number') {
    const l = longValue(value);
    asInt = l > 2147483647n ? 2147483647n : l < -2147483648n ? -2147483648n : l;
  } else {
    asInt = longValue(value);
  }
  return Number(BigInt.asIntN(bits, asInt));
}

function doubleValue(value: number | bigint | BigDecimal): number {
  return value instanceof BigDecimal ? value.toNumber() : Number(value);
}

function isJavaNumber(value: unknown): value is number | bigint | BigDecimal {
  return typeof value === 'number' || typeof value === 'bigint' || value instanceof BigDecimal;
}

function outOfRange(value: unknown): DataException {
  return new DataException(`Value (${javaToString(value)}) was out of range for requested data type`);
}

function unexpectedType(value: unknown): DataException {
  return new DataException(`Unexpected type in Cast transformation: ${javaClassNameOf(value)}`);
}

function castToInteger(value: unknown, bits: 8 | 16 | 32 | 64): number | bigint {
  if (isJavaNumber(value)) return bits === 64 ? longValue(value) : narrowValue(value, bits);
  if (typeof value === 'boolean') return bits === 64 ? (value ? 1n : 0n) : (value ? 1 : 0);
  if (typeof value === 'string') {
    const parsed = parseJavaInteger(value, bits);
    if (parsed === null) throw outOfRange(value);
    return bits === 64 ? parsed : Number(parsed);
  }
  throw unexpectedType(value);
}

function castToFloating(value: unknown, float32: boolean): number {
  let result: number;
  if (isJavaNumber(value)) result = doubleValue(value);
  else if (typeof value === 'boolean') result = value ? 1 : 0;
  else if (typeof value === 'string') {
    const parsed = parseJavaDouble(value);
    if (parsed === null) throw outOfRange(value);
    result = parsed;
  } else throw unexpectedType(value);
  return float32 ? Math.fround(result) : result;
}

function castToBoolean(value: unknown): boolean {
  if (isJavaNumber(value)) return longValue(value) !== 0n;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') return value.toLowerCase() === 'true';
  throw unexpectedType(value);
}

function castToString(value: unknown, schema: Schema | null): string {
  if (value instanceof Date) return Values.formatDate(value);
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return javaToString(value, schema);
}

/** Casts one value; null stays null. `schema` is the value's own schema (null when schemaless). */
function castValueToType(schema: Schema | null, value: unknown, targetType: SchemaType): unknown {
  if (value === null || value === undefined) return null;
  const inferredType = schema === null ? inferType(value) : schema.type;
  if (inferredType === null) {
    throw new DataException(`Cast transformation was passed a value of type ${javaClassNameOf(value)} which is not ` +
      "supported by Connect's data API");
  }
  if (!INPUT_TYPES.includes(inferredType)) {
    throw new DataException(`Cast transformation does not support casting from ${inferredType}; supported types ` +
      `are [${INPUT_TYPES.join(', ')}]`);
  }
  let input: unknown = value;
  if (schema !== null && schema.name !== null && targetType !== 'STRING') input = encodeLogicalType(schema, value);
  switch (targetType) {
    case 'INT8': return castToInteger(input, 8);
    case 'INT16': return castToInteger(input, 16);
    case 'INT32': return castToInteger(input, 32);
    case 'INT64': return castToInteger(input, 64);
    case 'FLOAT32': return castToFloating(input, true);
    case 'FLOAT64': return castToFloating(input, false);
    case 'BOOLEAN': return castToBoolean(input);
    case 'STRING': return castToString(input, schema);
    default: throw new DataException(`${targetType} is not supported in the Cast transformation.`);
  }
}

/**
 * Kafka's `Cast`: casts top-level fields (`f:type,...`) or the whole key/value (`type`) between
 * the primitive types; bytes only to string (base64). Null values pass unchanged.
 */
export abstract class Cast<R extends ConnectRecord<R>> implements Transformation<R>, Versioned {
  static readonly OVERVIEW_DOC = 'Cast fields or the entire key or value to a specific type, e.g. to force an ' +
    'integer field to a smaller width. Cast from integers, floats, boolean and string to any other type, and cast ' +
    'binary to string (base64 encoded).<p/>Use the concrete transformation type designed for the record key ' +
    '(<code>org.apache.kafka.connect.transforms.Cast$Key</code>) or value ' +
    '(<code>org.apache.kafka.connect.transforms.Cast$Value</code>).';
  static readonly CONFIG_DEF = CONFIG_DEF;

  #casts: CastSpec = new Map();
  #wholeValueCastType: SchemaType | null = null;
  #replaceNullWithDefault = true;
  #schemaUpdateCache = LruCache.bySchema<Schema>(16);

  readonly #part: RecordPart;

  protected constructor(part: RecordPart) {
    this.#part = part;
  }

  version(): string {
    return TRANSFORMS_VERSION;
  }

  configure(configs: Record<string, unknown>): void {
    const config = new AbstractConfig(CONFIG_DEF, configs);
    this.#casts = parseFieldTypes(config.getList(SPEC) ?? []);
    this.#wholeValueCastType = this.#casts.get(WHOLE_VALUE) ?? null;
    this.#replaceNullWithDefault = config.getBoolean(REPLACE_NULL_WITH_DEFAULT_CONFIG);
    this.#schemaUpdateCache = LruCache.bySchema<Schema>(16);
  }

  apply(record: R): R {
    const value = this.#part.value(record);
    if (value === null) return record;
    const schema = this.#part.schema(record);
    return schema === null ? this.#applySchemaless(record, value) : this.#applyWithSchema(record, schema, value);
  }

  #applySchemaless(record: R, value: unknown): R {
    if (this.#wholeValueCastType !== null) {
      return this.#part.update(record, null, castValueToType(null, value, this.#wholeValueCastType));
    }
    const original = requireMap(value, PURPOSE);
    const updated: Record<string, unknown> = { ...original };
    for (const [field, type] of this.#casts) {
      const name = field as string;
      updated[name] = castValueToType(null, original[name] ?? null, type);
    }
    return this.#part.update(record, null, updated);
  }

  #applyWithSchema(record: R, schema: Schema, value: unknown): R {
    const updatedSchema = this.#schemaUpdateCache.computeIfAbsent(schema, (s) => this.#buildSchema(s));
    if (this.#wholeValueCastType !== null) {
      return this.#part.update(record, updatedSchema, castValueToType(schema, value, this.#wholeValueCastType));
    }
    const struct = requireStruct(value, PURPOSE);
    const updated = new Struct(updatedSchema);
    for (const field of struct.schema.fields) {
      const original = fieldValue(struct, field.name, this.#replaceNullWithDefault);
      const target = this.#casts.get(field.name);
      updated.put(field.name, target === undefined ? original : castValueToType(field.schema, original, target));
    }
    return this.#part.update(record, updatedSchema, updated);
  }

  #buildSchema(schema: Schema): Schema {
    let builder: SchemaBuilder;
    if (this.#wholeValueCastType !== null) {
      builder = copySchemaBasics(schema, SchemaBuilder.type(this.#wholeValueCastType));
    } else {
      builder = copySchemaBasics(schema, SchemaBuilder.struct());
      for (const field of schema.fields) {
        const target = this.#casts.get(field.name);
        if (target === undefined) {
          builder.addField(field.name, field.schema);
          continue;
        }
        const fieldBuilder = SchemaBuilder.type(target);
        if (field.schema.isOptional) fieldBuilder.optional();
        if (field.schema.defaultValue !== null) {
          fieldBuilder.withDefault(castValueToType(field.schema, field.schema.defaultValue, target));
        }
        builder.addField(field.name, fieldBuilder.build());
      }
    }
    if (schema.isOptional) builder.optional();
    if (schema.defaultValue !== null) builder.withDefault(castValueToType(schema, schema.defaultValue, builder.type));
    return builder.build();
  }

  config(): ConfigDef {
    return CONFIG_DEF;
  }

  close(): void {
    this.#schemaUpdateCache = LruCache.bySchema<Schema>(16);
  }
}

export class CastKey<R extends ConnectRecord<R>> extends Cast<R> {
  static readonly className = 'org.apache.kafka.connect.transforms.Cast$Key';
  constructor() { super(KEY); }
}

export class CastValue<R extends ConnectRecord<R>> extends Cast<R> {
  static readonly className = 'org.apache.kafka.connect.transforms.Cast$Value';
  constructor() { super(VALUE); }
}
