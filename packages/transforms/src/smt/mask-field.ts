import {
  AbstractConfig, BigDecimal, ConfigDef, ConfigType, DataException, Importance, NonEmptyString, Struct,
  type ConnectRecord, type Schema, type Transformation, type Versioned,
} from '@tsconnect/api';
import { parseJavaDouble, parseJavaInteger } from '../util/java-format.js';
import { KEY, VALUE, type RecordPart } from '../util/record-part.js';
import { fieldValue, REPLACE_NULL_WITH_DEFAULT_CONFIG, REPLACE_NULL_WITH_DEFAULT_KEY } from '../util/replace-null-with-default.js';
import { isFieldMap, javaClassNameOf, requireMap, requireStruct } from '../util/requirements.js';
import { NonEmptyListValidator } from '../util/validators.js';
import { TRANSFORMS_VERSION } from '../util/version.js';

const FIELDS = 'fields';
const REPLACEMENT = 'replacement';
const PURPOSE = 'mask fields';

const CONFIG_DEF = new ConfigDef()
  .define({ name: FIELDS, type: ConfigType.LIST, validator: new NonEmptyListValidator(), importance: Importance.HIGH,
    documentation: 'Names of fields to mask.' })
  .define({ name: REPLACEMENT, type: ConfigType.STRING, defaultValue: null, validator: new NonEmptyString(),
    importance: Importance.LOW,
    documentation: "Custom value replacement, that will be applied to all 'fields' values (numeric or non-empty " +
      'string values only).' })
  .define(REPLACE_NULL_WITH_DEFAULT_KEY);

/** The Java value class a masked value has: from its schema when there is one, else from the JS value. */
type ValueKind = 'byte' | 'short' | 'int' | 'long' | 'float' | 'double' | 'boolean' | 'string' | 'decimal' |
  'date' | 'list' | 'map' | 'other';

function kindOf(value: unknown, schema: Schema | null): ValueKind {
  if (value instanceof Date) return 'date';
  if (value instanceof BigDecimal) return 'decimal';
  if (schema !== null) {
    switch (schema.type) {
      case 'INT8': return 'byte';
      case 'INT16': return 'short';
      case 'INT32': return 'int';
      case 'INT64': return 'long';
      case 'FLOAT32': return 'float';
      case 'FLOAT64': return 'double';
      case 'BOOLEAN': return 'boolean';
      case 'STRING': return 'string';
      case 'ARRAY': return 'list';
      case 'MAP': return 'map';
      default: return 'other';
    }
  }
  if (typeof value === 'bigint') return 'long';
  if (typeof value === 'number') return Number.isInteger(value) && Math.abs(value) < 2 ** 31 ? 'int' : 'double';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'string') return 'string';
  if (Array.isArray(value)) return 'list';
  if (value instanceof Map || isFieldMap(value)) return 'map';
  return 'other';
}

function emptyValue(value: unknown, kind: ValueKind): unknown {
  switch (kind) {
    case 'boolean': return false;
    case 'byte': case 'short': case 'int': case 'float': case 'double': return 0;
    case 'long': return 0n;
    case 'decimal': return new BigDecimal(0n, 0);
    case 'date': return new Date(0);
    case 'string': return '';
    case 'list': return [];
    case 'map': return value instanceof Map ? new Map() : {};
    default: throw new DataException(`Cannot mask value of type: ${javaClassNameOf(value)}`);
  }
}

const INTEGER_BITS = { byte: 8, short: 16, int: 32, long: 64 } as const;

function replacementValue(value: unknown, kind: ValueKind, replacement: string): unknown {
  const notNumber = (): DataException =>
    new DataException(`Unable to convert ${replacement} (class java.lang.String) to number`);
  switch (kind) {
    case 'byte': case 'short': case 'int': case 'long': {
      const parsed = parseJavaInteger(replacement, INTEGER_BITS[kind]);
      if (parsed === null) throw notNumber();
      return kind === 'long' ? parsed : Number(parsed);
    }
    case 'float': case 'double': {
      const parsed = parseJavaDouble(replacement);
      if (parsed === null) throw notNumber();
      return kind === 'float' ? Math.fround(parsed) : parsed;
    }
    case 'decimal': {
      const parsed = BigDecimal.tryParse(replacement);
      if (parsed === null) throw notNumber();
      return parsed;
    }
    case 'string': return replacement;
    default:
      throw new DataException(`Cannot mask value of type ${javaClassNameOf(value)} with custom replacement.`);
  }
}

/**
 * Kafka's `MaskField`: replaces the listed fields with an empty value of their type, or with the
 * configured `replacement` parsed to that type. The schema is unchanged. A null key/value fails.
 */
export abstract class MaskField<R extends ConnectRecord<R>> implements Transformation<R>, Versioned {
  static readonly OVERVIEW_DOC = 'Mask specified fields with a valid null value for the field type (i.e. 0, ' +
    'false, empty string, and so on).<p/>For numeric and string fields, an optional replacement value can be ' +
    'specified that is converted to the correct type.<p/>Use the concrete transformation type designed for the ' +
    'record key (<code>org.apache.kafka.connect.transforms.MaskField$Key</code>) or value ' +
    '(<code>org.apache.kafka.connect.transforms.MaskField$Value</code>).';
  static readonly CONFIG_DEF = CONFIG_DEF;

  #fields = new Set<string>();
  #replacement: string | null = null;
  #replaceNullWithDefault = true;

  readonly #part: RecordPart;

  protected constructor(part: RecordPart) {
    this.#part = part;
  }

  version(): string {
    return TRANSFORMS_VERSION;
  }

  configure(configs: Record<string, unknown>): void {
    const config = new AbstractConfig(CONFIG_DEF, configs);
    this.#fields = new Set(config.getList(FIELDS));
    this.#replacement = config.getString(REPLACEMENT);
    this.#replaceNullWithDefault = config.getBoolean(REPLACE_NULL_WITH_DEFAULT_CONFIG);
  }

  apply(record: R): R {
    const value = this.#part.value(record);
    return this.#part.schema(record) === null ? this.#applySchemaless(record, value) : this.#applyWithSchema(record, value);
  }

  #applySchemaless(record: R, value: unknown): R {
    const original = requireMap(value, PURPOSE);
    const updated: Record<string, unknown> = { ...original };
    for (const field of this.#fields) updated[field] = this.#masked(original[field] ?? null, null);
    return this.#part.update(record, null, updated);
  }

  #applyWithSchema(record: R, value: unknown): R {
    const struct = requireStruct(value, PURPOSE);
    const updated = new Struct(struct.schema);
    for (const field of struct.schema.fields) {
      const original = fieldValue(struct, field.name, this.#replaceNullWithDefault);
      updated.put(field, this.#fields.has(field.name) ? this.#masked(original, field.schema) : original);
    }
    return this.#part.update(record, struct.schema, updated);
  }

  #masked(value: unknown, schema: Schema | null): unknown {
    if (value === null || value === undefined) return null;
    const kind = kindOf(value, schema);
    return this.#replacement === null ? emptyValue(value, kind) : replacementValue(value, kind, this.#replacement);
  }

  config(): ConfigDef {
    return CONFIG_DEF;
  }

  close(): void {}
}

export class MaskFieldKey<R extends ConnectRecord<R>> extends MaskField<R> {
  static readonly className = 'org.apache.kafka.connect.transforms.MaskField$Key';
  constructor() { super(KEY); }
}

export class MaskFieldValue<R extends ConnectRecord<R>> extends MaskField<R> {
  static readonly className = 'org.apache.kafka.connect.transforms.MaskField$Value';
  constructor() { super(VALUE); }
}
