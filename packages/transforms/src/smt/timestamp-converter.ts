import {
  AbstractConfig, ConfigDef, ConfigException, ConfigType, ConnectDate, ConnectException, DataException, Importance,
  LruCache, SchemaBuilder, Schemas, Struct, Time, Timestamp, ValidString,
  type ConnectRecord, type Schema, type Transformation, type Versioned,
} from '@tsconnect/api';
import { KEY, VALUE, type RecordPart } from '../util/record-part.js';
import { fieldValue, REPLACE_NULL_WITH_DEFAULT_CONFIG, REPLACE_NULL_WITH_DEFAULT_KEY } from '../util/replace-null-with-default.js';
import { javaClassNameOf, requireMap, requireStructOrNull } from '../util/requirements.js';
import { copySchemaBasics } from '../util/schema-util.js';
import { SimpleDateFormat } from '../util/simple-date-format.js';
import { TRANSFORMS_VERSION } from '../util/version.js';

const FIELD = 'field';
const TARGET_TYPE = 'target.type';
const FORMAT = 'format';
const UNIX_PRECISION = 'unix.precision';
const PURPOSE = 'converting timestamp formats';
const MILLIS_PER_DAY = 86_400_000;

type TimestampType = 'string' | 'unix' | 'Date' | 'Time' | 'Timestamp';
type UnixPrecision = 'seconds' | 'milliseconds' | 'microseconds' | 'nanoseconds';

const CONFIG_DEF = new ConfigDef()
  .define({ name: FIELD, type: ConfigType.STRING, defaultValue: '', importance: Importance.HIGH,
    documentation: 'The field containing the timestamp, or empty if the entire value is a timestamp' })
  .define({ name: TARGET_TYPE, type: ConfigType.STRING,
    validator: ValidString.in('string', 'unix', 'Date', 'Time', 'Timestamp'), importance: Importance.HIGH,
    documentation: 'The desired timestamp representation: string, unix, Date, Time, or Timestamp' })
  .define({ name: FORMAT, type: ConfigType.STRING, defaultValue: '', importance: Importance.MEDIUM,
    documentation: 'A SimpleDateFormat-compatible format for the timestamp. Used to generate the output when ' +
      'type=string or used to parse the input if the input is a string.' })
  .define({ name: UNIX_PRECISION, type: ConfigType.STRING, defaultValue: 'milliseconds',
    validator: ValidString.in('nanoseconds', 'microseconds', 'milliseconds', 'seconds'), importance: Importance.LOW,
    documentation: 'The desired Unix precision for the timestamp: seconds, milliseconds, microseconds, or ' +
      'nanoseconds. Used to generate the output when type=unix or used to parse the input if the input is a Long.' +
      'Note: This SMT will cause precision loss during conversions from, and to, values with sub-millisecond ' +
      'components.' })
  .define(REPLACE_NULL_WITH_DEFAULT_KEY);

/** Milliseconds per unit of each Unix precision, as a divisor (negative exponent) or factor. */
const UNIX_SCALE: Record<UnixPrecision, { toMillis: (v: bigint) => bigint; fromMillis: (v: bigint) => bigint }> = {
  seconds: { toMillis: (v) => v * 1000n, fromMillis: (v) => v / 1000n },
  milliseconds: { toMillis: (v) => v, fromMillis: (v) => v },
  microseconds: { toMillis: (v) => v / 1000n, fromMillis: (v) => v * 1000n },
  nanoseconds: { toMillis: (v) => v / 1_000_000n, fromMillis: (v) => v * 1_000_000n },
};

function typeSchema(type: TimestampType, optional: boolean): Schema {
  switch (type) {
    case 'string': return optional ? Schemas.OPTIONAL_STRING : Schemas.STRING;
    case 'unix': return optional ? Schemas.OPTIONAL_INT64 : Schemas.INT64;
    case 'Date': return optional ? ConnectDate.builder().optional().build() : ConnectDate.SCHEMA;
    case 'Time': return optional ? Time.builder().optional().build() : Time.SCHEMA;
    default: return optional ? Timestamp.builder().optional().build() : Timestamp.SCHEMA;
  }
}

/** The input kind from a schema: logical name first, then STRING → string, INT64 → unix. */
function timestampTypeFromSchema(schema: Schema): TimestampType {
  if (schema.name === Timestamp.LOGICAL_NAME) return 'Timestamp';
  if (schema.name === ConnectDate.LOGICAL_NAME) return 'Date';
  if (schema.name === Time.LOGICAL_NAME) return 'Time';
  if (schema.type === 'STRING') return 'string';
  if (schema.type === 'INT64') return 'unix';
  throw new ConnectException(`Schema ${schema.toString()} does not correspond to a known timestamp type format`);
}

/**
 * The input kind of a schemaless value. Date/Time/Timestamp share the JS `Date`, so a Date is read
 * as a Timestamp. Integral JS numbers count as Unix times too: schemaless JSON may carry them so.
 */
function inferTimestampType(value: unknown): TimestampType {
  if (value instanceof Date) return 'Timestamp';
  if (typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value))) return 'unix';
  if (typeof value === 'string') return 'string';
  throw new DataException(`TimestampConverter does not support ${javaClassNameOf(value)} objects as timestamps`);
}

/**
 * Kafka's `TimestampConverter`: converts a timestamp field (or the whole key/value) between Unix
 * epoch numbers, formatted strings and the Date/Time/Timestamp logical types, in UTC.
 */
export abstract class TimestampConverter<R extends ConnectRecord<R>> implements Transformation<R>, Versioned {
  static readonly OVERVIEW_DOC = 'Convert timestamps between different formats such as Unix epoch, strings, and ' +
    'Connect Date/Timestamp types.Applies to individual fields or to the entire value.<p/>Use the concrete ' +
    'transformation type designed for the record key ' +
    '(<code>org.apache.kafka.connect.transforms.TimestampConverter$Key</code>) or value ' +
    '(<code>org.apache.kafka.connect.transforms.TimestampConverter$Value</code>).';
  static readonly CONFIG_DEF = CONFIG_DEF;

  #field = '';
  #type: TimestampType = 'Timestamp';
  #format: SimpleDateFormat | null = null;
  #unixPrecision: UnixPrecision = 'milliseconds';
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
    this.#field = config.requireString(FIELD);
    this.#type = config.getString(TARGET_TYPE) as TimestampType;
    const pattern = config.requireString(FORMAT);
    this.#unixPrecision = config.getString(UNIX_PRECISION) as UnixPrecision;
    this.#replaceNullWithDefault = config.getBoolean(REPLACE_NULL_WITH_DEFAULT_CONFIG);
    this.#schemaUpdateCache = LruCache.bySchema<Schema>(16);
    if (this.#type === 'string' && pattern.trim() === '') {
      throw new ConfigException('TimestampConverter requires format option to be specified when using string timestamps');
    }
    this.#format = null;
    if (pattern.trim() !== '') {
      try {
        this.#format = new SimpleDateFormat(pattern);
      } catch {
        throw new ConfigException('TimestampConverter requires a SimpleDateFormat-compatible pattern for string ' +
          `timestamps: ${pattern}`);
      }
    }
  }

  apply(record: R): R {
    const schema = this.#part.schema(record);
    return schema === null ? this.#applySchemaless(record) : this.#applyWithSchema(record, schema);
  }

  #applyWithSchema(record: R, schema: Schema): R {
    const value = this.#part.value(record);
    if (this.#field === '') {
      return this.#part.update(record, typeSchema(this.#type, schema.isOptional),
        this.#convert(value, timestampTypeFromSchema(schema)));
    }
    const struct = requireStructOrNull(value, PURPOSE);
    const updatedSchema = this.#schemaUpdateCache.computeIfAbsent(schema, (s) => this.#buildSchema(s));
    return this.#part.update(record, updatedSchema, this.#convertStruct(struct, updatedSchema));
  }

  #buildSchema(schema: Schema): Schema {
    const builder = copySchemaBasics(schema, SchemaBuilder.struct());
    for (const field of schema.fields) {
      builder.addField(field.name,
        field.name === this.#field ? typeSchema(this.#type, field.schema.isOptional) : field.schema);
    }
    if (schema.isOptional) builder.optional();
    if (schema.defaultValue !== null) {
      builder.withDefault(this.#convertStruct(schema.defaultValue as Struct, builder.build()));
    }
    return builder.build();
  }

  #convertStruct(struct: Struct | null, updatedSchema: Schema): Struct | null {
    if (struct === null) return null;
    const updated = new Struct(updatedSchema);
    for (const field of struct.schema.fields) {
      const original = fieldValue(struct, field.name, this.#replaceNullWithDefault);
      updated.put(field.name,
        field.name === this.#field ? this.#convert(original, timestampTypeFromSchema(field.schema)) : original);
    }
    return updated;
  }

  #applySchemaless(record: R): R {
    const value = this.#part.value(record);
    if (value === null || this.#field === '') return this.#part.update(record, null, this.#convert(value, null));
    const updated: Record<string, unknown> = { ...requireMap(value, PURPOSE) };
    updated[this.#field] = this.#convert(updated[this.#field] ?? null, null);
    return this.#part.update(record, null, updated);
  }

  /** Converts via a `Date` (millisecond precision); `from` null means inferred from the value. */
  #convert(timestamp: unknown, from: TimestampType | null): unknown {
    if (timestamp === null || timestamp === undefined) return null;
    return this.#toType(this.#toRaw(timestamp, from ?? inferTimestampType(timestamp)));
  }

  #toRaw(value: unknown, from: TimestampType): Date {
    switch (from) {
      case 'string': {
        if (typeof value !== 'string') {
          throw new DataException(`Expected string timestamp to be a String, but found ${javaClassNameOf(value)}`);
        }
        try {
          return this.#format!.parse(value);
        } catch (error) {
          throw new DataException(`Could not parse timestamp: value (${value}) does not match pattern ` +
            `(${this.#format?.toPattern() ?? 'null'})`, { cause: error });
        }
      }
      case 'unix': {
        if (typeof value !== 'bigint' && !(typeof value === 'number' && Number.isInteger(value))) {
          throw new DataException(`Expected Unix timestamp to be a Long, but found ${javaClassNameOf(value)}`);
        }
        return new Date(Number(UNIX_SCALE[this.#unixPrecision].toMillis(BigInt(value))));
      }
      default:
        if (!(value instanceof Date)) {
          throw new DataException(`Expected ${from} to be a java.util.Date, but found ${javaClassNameOf(value)}`);
        }
        return value;
    }
  }

  #toType(date: Date): unknown {
    const millis = date.getTime();
    switch (this.#type) {
      case 'string': return this.#format!.format(date);
      case 'unix': return UNIX_SCALE[this.#unixPrecision].fromMillis(BigInt(millis));
      case 'Date': return new Date(Math.floor(millis / MILLIS_PER_DAY) * MILLIS_PER_DAY);
      case 'Time': return new Date(((millis % MILLIS_PER_DAY) + MILLIS_PER_DAY) % MILLIS_PER_DAY);
      default: return date;
    }
  }

  config(): ConfigDef {
    return CONFIG_DEF;
  }

  close(): void {
    this.#schemaUpdateCache = LruCache.bySchema<Schema>(16);
  }
}

export class TimestampConverterKey<R extends ConnectRecord<R>> extends TimestampConverter<R> {
  static readonly className = 'org.apache.kafka.connect.transforms.TimestampConverter$Key';
  constructor() { super(KEY); }
}

export class TimestampConverterValue<R extends ConnectRecord<R>> extends TimestampConverter<R> {
  static readonly className = 'org.apache.kafka.connect.transforms.TimestampConverter$Value';
  constructor() { super(VALUE); }
}
