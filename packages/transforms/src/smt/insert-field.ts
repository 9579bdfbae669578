import {
  AbstractConfig, ConfigDef, ConfigException, ConfigType, Importance, LruCache, SchemaBuilder, Schemas, Struct, Timestamp,
  type ConnectRecord, type Schema, type Transformation, type Versioned,
} from '@tsconnect/api';
import { KEY, VALUE, type RecordPart } from '../util/record-part.js';
import { fieldValue, REPLACE_NULL_WITH_DEFAULT_CONFIG, REPLACE_NULL_WITH_DEFAULT_KEY } from '../util/replace-null-with-default.js';
import { requireMap, requireSinkRecord, requireStruct } from '../util/requirements.js';
import { copySchemaBasics } from '../util/schema-util.js';
import { TRANSFORMS_VERSION } from '../util/version.js';

const TOPIC_FIELD = 'topic.field';
const PARTITION_FIELD = 'partition.field';
const OFFSET_FIELD = 'offset.field';
const TIMESTAMP_FIELD = 'timestamp.field';
const STATIC_FIELD = 'static.field';
const STATIC_VALUE = 'static.value';
const OPTIONALITY_DOC = 'Suffix with <code>!</code> to make this a required field, or <code>?</code> to keep it ' +
  'optional (the default).';
const PURPOSE = 'field insertion';
const OPTIONAL_TIMESTAMP_SCHEMA = Timestamp.builder().optional().build();

const CONFIG_DEF = new ConfigDef()
  .define({ name: TOPIC_FIELD, type: ConfigType.STRING, defaultValue: null, importance: Importance.MEDIUM,
    documentation: `Field name for Kafka topic. ${OPTIONALITY_DOC}` })
  .define({ name: PARTITION_FIELD, type: ConfigType.STRING, defaultValue: null, importance: Importance.MEDIUM,
    documentation: `Field name for Kafka partition. ${OPTIONALITY_DOC}` })
  .define({ name: OFFSET_FIELD, type: ConfigType.STRING, defaultValue: null, importance: Importance.MEDIUM,
    documentation: `Field name for Kafka offset - only applicable to sink connectors.<br/>${OPTIONALITY_DOC}` })
  .define({ name: TIMESTAMP_FIELD, type: ConfigType.STRING, defaultValue: null, importance: Importance.MEDIUM,
    documentation: `Field name for record timestamp. ${OPTIONALITY_DOC}` })
  .define({ name: STATIC_FIELD, type: ConfigType.STRING, defaultValue: null, importance: Importance.MEDIUM,
    documentation: `Field name for static data field. ${OPTIONALITY_DOC}` })
  .define({ name: STATIC_VALUE, type: ConfigType.STRING, defaultValue: null, importance: Importance.MEDIUM,
    documentation: 'Static field value, if field name configured.' })
  .define(REPLACE_NULL_WITH_DEFAULT_KEY);

/** A field name with `!` (required) or `?` (optional, the default) suffix. */
interface InsertionSpec {
  name: string;
  optional: boolean;
}

function parseInsertionSpec(spec: string | null): InsertionSpec | null {
  if (spec === null) return null;
  if (spec.endsWith('?')) return { name: spec.slice(0, -1), optional: true };
  if (spec.endsWith('!')) return { name: spec.slice(0, -1), optional: false };
  return { name: spec, optional: true };
}

/**
 * Kafka's `InsertField`: adds the record's topic, partition, offset (sink records), timestamp
 * and/or a static string to a Struct or schemaless map. Tombstones pass unchanged.
 */
export abstract class InsertField<R extends ConnectRecord<R>> implements Transformation<R>, Versioned {
  static readonly OVERVIEW_DOC = 'Insert field(s) using attributes from the record metadata or a configured static ' +
    'value.<p/>Use the concrete transformation type designed for the record key ' +
    '(<code>org.apache.kafka.connect.transforms.InsertField$Key</code>) or value ' +
    '(<code>org.apache.kafka.connect.transforms.InsertField$Value</code>).';
  static readonly CONFIG_DEF = CONFIG_DEF;

  #topic: InsertionSpec | null = null;
  #partition: InsertionSpec | null = null;
  #offset: InsertionSpec | null = null;
  #timestamp: InsertionSpec | null = null;
  #static: InsertionSpec | null = null;
  #staticValue: string | null = null;
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
    this.#topic = parseInsertionSpec(config.getString(TOPIC_FIELD));
    this.#partition = parseInsertionSpec(config.getString(PARTITION_FIELD));
    this.#offset = parseInsertionSpec(config.getString(OFFSET_FIELD));
    this.#timestamp = parseInsertionSpec(config.getString(TIMESTAMP_FIELD));
    this.#static = parseInsertionSpec(config.getString(STATIC_FIELD));
    this.#staticValue = config.getString(STATIC_VALUE);
    this.#replaceNullWithDefault = config.getBoolean(REPLACE_NULL_WITH_DEFAULT_CONFIG);
    if (!this.#topic && !this.#partition && !this.#offset && !this.#timestamp && !this.#static) {
      throw new ConfigException('No field insertion configured');
    }
    if (this.#static && this.#staticValue === null) {
      throw new ConfigException(STATIC_VALUE, null, `No value specified for static field: ${this.#static.name}`);
    }
    this.#schemaUpdateCache = LruCache.bySchema<Schema>(16);
  }

  apply(record: R): R {
    const value = this.#part.value(record);
    if (value === null) return record;
    const schema = this.#part.schema(record);
    return schema === null ? this.#applySchemaless(record, value) : this.#applyWithSchema(record, value);
  }

  #applySchemaless(record: R, value: unknown): R {
    const updated: Record<string, unknown> = { ...requireMap(value, PURPOSE) };
    if (this.#topic) updated[this.#topic.name] = record.topic;
    if (this.#partition && record.kafkaPartition !== null) updated[this.#partition.name] = record.kafkaPartition;
    if (this.#offset) updated[this.#offset.name] = BigInt(requireSinkRecord(record, PURPOSE).kafkaOffset);
    if (this.#timestamp && record.timestamp !== null) updated[this.#timestamp.name] = BigInt(record.timestamp);
    if (this.#static) updated[this.#static.name] = this.#staticValue;
    return this.#part.update(record, null, updated);
  }

  #applyWithSchema(record: R, value: unknown): R {
    const struct = requireStruct(value, PURPOSE);
    const updatedSchema = this.#schemaUpdateCache.computeIfAbsent(struct.schema, (s) => this.#makeUpdatedSchema(s));
    const updated = new Struct(updatedSchema);
    for (const field of struct.schema.fields) {
      updated.put(field.name, fieldValue(struct, field.name, this.#replaceNullWithDefault));
    }
    if (this.#topic) updated.put(this.#topic.name, record.topic);
    if (this.#partition && record.kafkaPartition !== null) updated.put(this.#partition.name, record.kafkaPartition);
    if (this.#offset) updated.put(this.#offset.name, BigInt(requireSinkRecord(record, PURPOSE).kafkaOffset));
    if (this.#timestamp && record.timestamp !== null) updated.put(this.#timestamp.name, new Date(record.timestamp));
    if (this.#static) updated.put(this.#static.name, this.#staticValue);
    return this.#part.update(record, updatedSchema, updated);
  }

  #makeUpdatedSchema(schema: Schema): Schema {
    const builder = copySchemaBasics(schema, SchemaBuilder.struct());
    for (const field of schema.fields) builder.addField(field.name, field.schema);
    const add = (spec: InsertionSpec | null, optional: Schema, required: Schema): void => {
      if (spec) builder.addField(spec.name, spec.optional ? optional : required);
    };
    add(this.#topic, Schemas.OPTIONAL_STRING, Schemas.STRING);
    add(this.#partition, Schemas.OPTIONAL_INT32, Schemas.INT32);
    add(this.#offset, Schemas.OPTIONAL_INT64, Schemas.INT64);
    add(this.#timestamp, OPTIONAL_TIMESTAMP_SCHEMA, Timestamp.SCHEMA);
    add(this.#static, Schemas.OPTIONAL_STRING, Schemas.STRING);
    return builder.build();
  }

  config(): ConfigDef {
    return CONFIG_DEF;
  }

  close(): void {
    this.#schemaUpdateCache = LruCache.bySchema<Schema>(16);
  }
}

export class InsertFieldKey<R extends ConnectRecord<R>> extends InsertField<R> {
  static readonly className = 'org.apache.kafka.connect.transforms.InsertField$Key';
  constructor() { super(KEY); }
}

export class InsertFieldValue<R extends ConnectRecord<R>> extends InsertField<R> {
  static readonly className = 'org.apache.kafka.connect.transforms.InsertField$Value';
  constructor() { super(VALUE); }
}
