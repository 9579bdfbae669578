import {
  AbstractConfig, ConfigDef, ConfigException, ConfigType, ConnectSchema, Importance, Struct,
  type ConnectRecord, type Schema, type Transformation, type Versioned,
} from '@tsconnect/api';
import { KEY, VALUE, type RecordPart } from '../util/record-part.js';
import { fieldValue, REPLACE_NULL_WITH_DEFAULT_CONFIG, REPLACE_NULL_WITH_DEFAULT_KEY } from '../util/replace-null-with-default.js';
import { requireSchema } from '../util/requirements.js';
import { TRANSFORMS_VERSION } from '../util/version.js';

const SCHEMA_NAME = 'schema.name';
const SCHEMA_VERSION = 'schema.version';

const CONFIG_DEF = new ConfigDef()
  .define({ name: SCHEMA_NAME, type: ConfigType.STRING, defaultValue: null, importance: Importance.HIGH,
    documentation: 'Schema name to set.' })
  .define({ name: SCHEMA_VERSION, type: ConfigType.INT, defaultValue: null, importance: Importance.HIGH,
    documentation: 'Schema version to set.' })
  .define(REPLACE_NULL_WITH_DEFAULT_KEY);

/** Kafka's `SetSchemaMetadata`: sets the key/value schema's name and/or version; a Struct is rebuilt on it. */
export abstract class SetSchemaMetadata<R extends ConnectRecord<R>> implements Transformation<R>, Versioned {
  static readonly OVERVIEW_DOC = 'Set the schema name, version or both on the record\'s key ' +
    '(<code>org.apache.kafka.connect.transforms.SetSchemaMetadata$Key</code>) or value ' +
    '(<code>org.apache.kafka.connect.transforms.SetSchemaMetadata$Value</code>) schema.';
  static readonly CONFIG_DEF = CONFIG_DEF;

  #schemaName: string | null = null;
  #schemaVersion: number | null = null;
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
    this.#schemaName = config.getString(SCHEMA_NAME);
    this.#schemaVersion = config.get(SCHEMA_VERSION) as number | null;
    this.#replaceNullWithDefault = config.getBoolean(REPLACE_NULL_WITH_DEFAULT_CONFIG);
    if (this.#schemaName === null && this.#schemaVersion === null) {
      throw new ConfigException('Neither schema name nor version configured');
    }
  }

  apply(record: R): R {
    const value = this.#part.value(record);
    if (value === null && this.#part.schema(record) === null) return record;
    const schema = requireSchema(this.#part.schema(record), 'updating schema metadata');
    const isArray = schema.type === 'ARRAY';
    const isMap = schema.type === 'MAP';
    const updatedSchema = new ConnectSchema(schema.type, {
      optional: schema.isOptional,
      defaultValue: schema.defaultValue,
      name: this.#schemaName ?? schema.name,
      version: this.#schemaVersion ?? schema.version,
      doc: schema.doc,
      parameters: schema.parameters,
      fields: schema.type === 'STRUCT' ? schema.fields : null,
      keySchema: isMap ? schema.keySchema : null,
      valueSchema: isMap || isArray ? schema.valueSchema : null,
    });
    return this.#part.update(record, updatedSchema, this.#updateSchemaIn(value, updatedSchema));
  }

  /** A Struct must carry the new schema itself, so it is copied onto it; other values stay as they are. */
  #updateSchemaIn(value: unknown, updatedSchema: Schema): unknown {
    if (!(value instanceof Struct)) return value;
    const updated = new Struct(updatedSchema);
    for (const field of updatedSchema.fields) {
      updated.put(field, fieldValue(value, field.name, this.#replaceNullWithDefault));
    }
    return updated;
  }

  config(): ConfigDef {
    return CONFIG_DEF;
  }

  close(): void {}
}

export class SetSchemaMetadataKey<R extends ConnectRecord<R>> extends SetSchemaMetadata<R> {
  static readonly className = 'org.apache.kafka.connect.transforms.SetSchemaMetadata$Key';
  constructor() { super(KEY); }
}

export class SetSchemaMetadataValue<R extends ConnectRecord<R>> extends SetSchemaMetadata<R> {
  static readonly className = 'org.apache.kafka.connect.transforms.SetSchemaMetadata$Value';
  constructor() { super(VALUE); }
}
