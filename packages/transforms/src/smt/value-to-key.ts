import {
  AbstractConfig, ConfigDef, ConfigType, DataException, Importance, LruCache, SchemaBuilder, Struct,
  type ConnectRecord, type Schema, type Transformation, type Versioned,
} from '@tsconnect/api';
import { fieldValue, REPLACE_NULL_WITH_DEFAULT_CONFIG, REPLACE_NULL_WITH_DEFAULT_KEY } from '../util/replace-null-with-default.js';
import { requireMap, requireStruct } from '../util/requirements.js';
import { NonEmptyListValidator } from '../util/validators.js';
import { TRANSFORMS_VERSION } from '../util/version.js';

const FIELDS = 'fields';
const PURPOSE = 'copying fields from value to key';

const CONFIG_DEF = new ConfigDef()
  .define({ name: FIELDS, type: ConfigType.LIST, validator: new NonEmptyListValidator(), importance: Importance.HIGH,
    documentation: 'Field names on the record value to extract as the record key.' })
  .define(REPLACE_NULL_WITH_DEFAULT_KEY);

/** Kafka's `ValueToKey`: the record key becomes the listed value fields (an unnamed Struct, or a map). */
export class ValueToKey<R extends ConnectRecord<R>> implements Transformation<R>, Versioned {
  static readonly className = 'org.apache.kafka.connect.transforms.ValueToKey';
  static readonly OVERVIEW_DOC = 'Replace the record key with a new key formed from a subset of fields in the ' +
    'record value.';
  static readonly CONFIG_DEF = CONFIG_DEF;

  #fields: string[] = [];
  #replaceNullWithDefault = true;
  #valueToKeySchemaCache = LruCache.bySchema<Schema>(16);

  version(): string {
    return TRANSFORMS_VERSION;
  }

  configure(configs: Record<string, unknown>): void {
    const config = new AbstractConfig(CONFIG_DEF, configs);
    this.#fields = config.getList(FIELDS) ?? [];
    this.#replaceNullWithDefault = config.getBoolean(REPLACE_NULL_WITH_DEFAULT_CONFIG);
    this.#valueToKeySchemaCache = LruCache.bySchema<Schema>(16);
  }

  apply(record: R): R {
    return record.valueSchema === null ? this.#applySchemaless(record) : this.#applyWithSchema(record);
  }

  #applySchemaless(record: R): R {
    const value = requireMap(record.value, PURPOSE);
    const key: Record<string, unknown> = {};
    for (const field of this.#fields) key[field] = value[field] ?? null;
    return record.newRecord({ keySchema: null, key });
  }

  #applyWithSchema(record: R): R {
    const value = requireStruct(record.value, PURPOSE);
    const keySchema = this.#valueToKeySchemaCache.computeIfAbsent(value.schema, (schema) => this.#keySchema(schema));
    const key = new Struct(keySchema);
    for (const field of this.#fields) key.put(field, fieldValue(value, field, this.#replaceNullWithDefault));
    return record.newRecord({ keySchema, key, valueSchema: value.schema, value });
  }

  #keySchema(valueSchema: Schema): Schema {
    const builder = SchemaBuilder.struct();
    for (const field of this.#fields) {
      const valueField = valueSchema.field(field);
      if (valueField === null) throw new DataException(`Field does not exist: ${field}`);
      builder.addField(field, valueField.schema);
    }
    return builder.build();
  }

  config(): ConfigDef {
    return CONFIG_DEF;
  }

  close(): void {
    this.#valueToKeySchemaCache = LruCache.bySchema<Schema>(16);
  }
}
