import {
  AbstractConfig, BigDecimal, ConfigDef, ConfigType, DataException, Importance, LruCache, SchemaBuilder, Struct,
  type ConnectRecord, type Schema, type Transformation, type Versioned,
} from '@tsconnect/api';
import { KEY, VALUE, type RecordPart } from '../util/record-part.js';
import { isFieldMap, javaClassNameOf, requireMap, requireStruct } from '../util/requirements.js';
import { copySchemaBasics } from '../util/schema-util.js';
import { TRANSFORMS_VERSION } from '../util/version.js';

const DELIMITER = 'delimiter';
const PURPOSE = 'flattening';

const CONFIG_DEF = new ConfigDef()
  .define({ name: DELIMITER, type: ConfigType.STRING, defaultValue: '.', importance: Importance.MEDIUM,
    documentation: 'Delimiter to insert between field names from the input record when generating field names for ' +
      'the output record' });

/** Values a schemaless Flatten copies as they are: Connect's primitives, and arrays. */
function isFlatSchemalessValue(value: unknown): boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint' ||
    typeof value === 'boolean' || value instanceof Uint8Array || Array.isArray(value);
}

/**
 * Kafka's `Flatten`: nested structs (or maps) become top-level fields named
 * `parent<delimiter>child`. Arrays stay as they are; null values pass unchanged.
 */
export abstract class Flatten<R extends ConnectRecord<R>> implements Transformation<R>, Versioned {
  static readonly OVERVIEW_DOC = 'Flatten a nested data structure, generating names for each field by ' +
    'concatenating the field names at each level with a configurable delimiter character. Applies to Struct when ' +
    "schema present, or a Map in the case of schemaless data. Array fields and their contents are not modified. " +
    "The default delimiter is '.'.<p/>Use the concrete transformation type designed for the record key " +
    '(<code>org.apache.kafka.connect.transforms.Flatten$Key</code>) or value ' +
    '(<code>org.apache.kafka.connect.transforms.Flatten$Value</code>).';
  static readonly CONFIG_DEF = CONFIG_DEF;

  #delimiter = '.';
  #schemaUpdateCache = LruCache.bySchema<Schema>(16);

  readonly #part: RecordPart;

  protected constructor(part: RecordPart) {
    this.#part = part;
  }

  version(): string {
    return TRANSFORMS_VERSION;
  }

  configure(configs: Record<string, unknown>): void {
    this.#delimiter = new AbstractConfig(CONFIG_DEF, configs).requireString(DELIMITER);
    this.#schemaUpdateCache = LruCache.bySchema<Schema>(16);
  }

  apply(record: R): R {
    const value = this.#part.value(record);
    if (value === null) return record;
    return this.#part.schema(record) === null ? this.#applySchemaless(record, value) : this.#applyWithSchema(record, value);
  }

  #fieldName(prefix: string, name: string): string {
    return prefix === '' ? name : `${prefix}${this.#delimiter}${name}`;
  }

  #applySchemaless(record: R, value: unknown): R {
    const flattened: Record<string, unknown> = {};
    this.#flattenMap(requireMap(value, PURPOSE), '', flattened);
    return this.#part.update(record, null, flattened);
  }

  #flattenMap(map: Record<string, unknown>, prefix: string, out: Record<string, unknown>): void {
    for (const [key, value] of Object.entries(map)) {
      const name = this.#fieldName(prefix, key);
      if (value === null || value === undefined || isFlatSchemalessValue(value)) {
        out[name] = value ?? null;
      } else if (value instanceof Map || isFieldMap(value)) {
        this.#flattenMap(requireMap(value, PURPOSE), name, out);
      } else if (value instanceof Date || value instanceof BigDecimal) {
        throw new DataException(`Flatten transformation was passed a value of type ${javaClassNameOf(value)} which ` +
          "is not supported by Connect's data API");
      } else {
        throw new DataException(`Flatten transformation does not support ${javaClassNameOf(value)} for record ` +
          `without schemas (for field ${name}).`);
      }
    }
  }

  #applyWithSchema(record: R, value: unknown): R {
    const struct = requireStruct(value, PURPOSE);
    const updatedSchema = this.#schemaUpdateCache.computeIfAbsent(struct.schema, (schema) => {
      const builder = copySchemaBasics(schema, SchemaBuilder.struct());
      this.#buildSchema(schema, '', builder, schema.isOptional, schema.defaultValue as Struct | null);
      return builder.build();
    });
    const updated = new Struct(updatedSchema);
    this.#buildValue(struct.schema, struct, '', updated);
    return this.#part.update(record, updatedSchema, updated);
  }

  /** Flattened fields are optional when any ancestor is, and take defaults from an ancestor's default. */
  #buildSchema(schema: Schema, prefix: string, out: SchemaBuilder, optional: boolean, parentDefault: Struct | null): void {
    for (const field of schema.fields) {
      const name = this.#fieldName(prefix, field.name);
      const fieldOptional = optional || field.schema.isOptional;
      const fieldDefault = field.schema.defaultValue ?? parentDefault?.get(field.name) ?? null;
      switch (field.schema.type) {
        case 'STRUCT':
          this.#buildSchema(field.schema, name, out, fieldOptional, fieldDefault as Struct | null);
          break;
        case 'MAP':
          throw new DataException(`Flatten transformation does not support ${field.schema.type} for record with ` +
            `schemas (for field ${name}).`);
        default: {
          const builder = copySchemaBasics(field.schema);
          if (fieldOptional) builder.optional();
          if (fieldDefault !== null) builder.withDefault(fieldDefault);
          out.addField(name, builder.build());
        }
      }
    }
  }

  /** A null nested struct leaves its flattened fields null (they are optional, or have a default). */
  #buildValue(schema: Schema, struct: Struct | null, prefix: string, out: Struct): void {
    for (const field of schema.fields) {
      const name = this.#fieldName(prefix, field.name);
      const value = struct === null ? null : struct.get(field.name);
      if (field.schema.type === 'STRUCT') this.#buildValue(field.schema, value as Struct | null, name, out);
      else out.put(name, value);
    }
  }

  config(): ConfigDef {
    return CONFIG_DEF;
  }

  close(): void {
    this.#schemaUpdateCache = LruCache.bySchema<Schema>(16);
  }
}

export class FlattenKey<R extends ConnectRecord<R>> extends Flatten<R> {
  static readonly className = 'org.apache.kafka.connect.transforms.Flatten$Key';
  constructor() { super(KEY); }
}

export class FlattenValue<R extends ConnectRecord<R>> extends Flatten<R> {
  static readonly className = 'org.apache.kafka.connect.transforms.Flatten$Value';
  constructor() { super(VALUE); }
}
