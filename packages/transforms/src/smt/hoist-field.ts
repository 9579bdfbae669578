import {
  AbstractConfig, ConfigDef, ConfigType, Importance, LruCache, SchemaBuilder, Struct,
  type ConnectRecord, type Schema, type Transformation, type Versioned,
} from '@tsconnect/api';
import { KEY, VALUE, type RecordPart } from '../util/record-part.js';
import { TRANSFORMS_VERSION } from '../util/version.js';

const FIELD = 'field';

const CONFIG_DEF = new ConfigDef()
  .define({ name: FIELD, type: ConfigType.STRING, importance: Importance.MEDIUM,
    documentation: 'Field name for the single field that will be created in the resulting Struct or Map.' });

/** Kafka's `HoistField`: wraps the key/value in a one-field Struct (with a schema) or map (without). */
export abstract class HoistField<R extends ConnectRecord<R>> implements Transformation<R>, Versioned {
  static readonly OVERVIEW_DOC = 'Wrap data using the specified field name in a Struct when schema present, or a ' +
    'Map in the case of schemaless data.<p/>Use the concrete transformation type designed for the record key ' +
    '(<code>org.apache.kafka.connect.transforms.HoistField$Key</code>) or value ' +
    '(<code>org.apache.kafka.connect.transforms.HoistField$Value</code>).';
  static readonly CONFIG_DEF = CONFIG_DEF;

  #fieldName = '';
  #schemaUpdateCache = LruCache.bySchema<Schema>(16);

  readonly #part: RecordPart;

  protected constructor(part: RecordPart) {
    this.#part = part;
  }

  version(): string {
    return TRANSFORMS_VERSION;
  }

  configure(configs: Record<string, unknown>): void {
    this.#fieldName = new AbstractConfig(CONFIG_DEF, configs).requireString(FIELD);
    this.#schemaUpdateCache = LruCache.bySchema<Schema>(16);
  }

  apply(record: R): R {
    const schema = this.#part.schema(record);
    const value = this.#part.value(record);
    if (schema === null) return this.#part.update(record, null, { [this.#fieldName]: value });
    const updatedSchema = this.#schemaUpdateCache.computeIfAbsent(schema,
      (s) => SchemaBuilder.struct().addField(this.#fieldName, s).build());
    return this.#part.update(record, updatedSchema, new Struct(updatedSchema).put(this.#fieldName, value));
  }

  config(): ConfigDef {
    return CONFIG_DEF;
  }

  close(): void {
    this.#schemaUpdateCache = LruCache.bySchema<Schema>(16);
  }
}

export class HoistFieldKey<R extends ConnectRecord<R>> extends HoistField<R> {
  static readonly className = 'org.apache.kafka.connect.transforms.HoistField$Key';
  constructor() { super(KEY); }
}

export class HoistFieldValue<R extends ConnectRecord<R>> extends HoistField<R> {
  static readonly className = 'org.apache.kafka.connect.transforms.HoistField$Value';
  constructor() { super(VALUE); }
}
