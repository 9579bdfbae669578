import {
  AbstractConfig, ConfigDef, ConfigException, ConfigType, DataException, Importance, LruCache, SchemaBuilder, Struct,
  ValidString, type ConnectRecord, type Schema, type Transformation, type Versioned,
} from '@tsconnect/api';
import { KEY, VALUE, type RecordPart } from '../util/record-part.js';
import { fieldValue, REPLACE_NULL_WITH_DEFAULT_CONFIG, REPLACE_NULL_WITH_DEFAULT_KEY } from '../util/replace-null-with-default.js';
import { requireMap, requireStruct } from '../util/requirements.js';
import { copySchemaBasics } from '../util/schema-util.js';
import { NonEmptyListValidator } from '../util/validators.js';
import { TRANSFORMS_VERSION } from '../util/version.js';

const FIELDS = 'fields';
const HEADERS = 'headers';
const OPERATION = 'operation';

type Operation = 'move' | 'copy';

const CONFIG_DEF = new ConfigDef()
  .define({ name: FIELDS, type: ConfigType.LIST, validator: new NonEmptyListValidator(), importance: Importance.HIGH,
    documentation: 'Field names in the record whose values are to be copied or moved to headers.' })
  .define({ name: HEADERS, type: ConfigType.LIST, validator: new NonEmptyListValidator(), importance: Importance.HIGH,
    documentation: 'Header names, in the same order as the field names listed in the fields configuration property.' })
  .define({ name: OPERATION, type: ConfigType.STRING, validator: ValidString.in('move', 'copy'),
    importance: Importance.HIGH,
    documentation: 'Either <code>move</code> if the fields are to be moved to the headers (removed from the ' +
      'key/value), or <code>copy</code> if the fields are to be copied to the headers (retained in the key/value).' })
  .define(REPLACE_NULL_WITH_DEFAULT_KEY);

/** Kafka's `HeaderFrom`: copies or moves key/value fields into headers, field `i` to header `i`. */
export abstract class HeaderFrom<R extends ConnectRecord<R>> implements Transformation<R>, Versioned {
  static readonly OVERVIEW_DOC = 'Moves or copies fields in the key/value of a record into that record\'s headers. ' +
    'Corresponding elements of <code>fields</code> and <code>headers</code> together identify a field and the ' +
    'header it should be moved or copied to. Use the concrete transformation type designed for the record key ' +
    '(<code>org.apache.kafka.connect.transforms.HeaderFrom$Key</code>) or value ' +
    '(<code>org.apache.kafka.connect.transforms.HeaderFrom$Value</code>).';
  static readonly CONFIG_DEF = CONFIG_DEF;

  #fields: string[] = [];
  #headers: string[] = [];
  #operation: Operation = 'copy';
  #replaceNullWithDefault = true;
  #moveSchemaCache = LruCache.bySchema<Schema>(16);

  readonly #part: RecordPart;

  protected constructor(part: RecordPart) {
    this.#part = part;
  }

  version(): string {
    return TRANSFORMS_VERSION;
  }

  configure(configs: Record<string, unknown>): void {
    const config = new AbstractConfig(CONFIG_DEF, configs);
    this.#fields = config.getList(FIELDS) ?? [];
    this.#headers = config.getList(HEADERS) ?? [];
    if (this.#headers.length !== this.#fields.length) {
      throw new ConfigException(`'${FIELDS}' config must have the same number of elements as '${HEADERS}' config.`);
    }
    this.#operation = config.getString(OPERATION) as Operation;
    this.#replaceNullWithDefault = config.getBoolean(REPLACE_NULL_WITH_DEFAULT_CONFIG);
    this.#moveSchemaCache = LruCache.bySchema<Schema>(16);
  }

  apply(record: R): R {
    const schema = this.#part.schema(record);
    const value = this.#part.value(record);
    return schema === null ? this.#applySchemaless(record, value) : this.#applyWithSchema(record, schema, value);
  }

  #applyWithSchema(record: R, schema: Schema, value: unknown): R {
    const headers = record.headers.duplicate();
    const struct = requireStruct(value, `header ${this.#operation}`);
    let updatedSchema = schema;
    let updated = struct;
    if (this.#operation === 'move') {
      updatedSchema = this.#moveSchemaCache.computeIfAbsent(schema, (s) => this.#moveSchema(s));
      updated = new Struct(updatedSchema);
      for (const field of updatedSchema.fields) {
        updated.put(field, fieldValue(struct, field.name, this.#replaceNullWithDefault));
      }
    }
    this.#fields.forEach((fieldName, i) => {
      const field = schema.field(fieldName);
      // Kafka fails here with a NullPointerException; the same failure, with a message that names the field.
      if (field === null) throw new DataException(`Field does not exist: ${fieldName}`);
      headers.add(this.#headers[i]!, fieldValue(struct, fieldName, this.#replaceNullWithDefault), field.schema);
    });
    return this.#part.update(record, updatedSchema, updated, headers);
  }

  #moveSchema(schema: Schema): Schema {
    const builder = copySchemaBasics(schema, SchemaBuilder.struct());
    for (const field of schema.fields) {
      if (!this.#fields.includes(field.name)) builder.addField(field.name, field.schema);
    }
    return builder.build();
  }

  #applySchemaless(record: R, value: unknown): R {
    const headers = record.headers.duplicate();
    const original = requireMap(value, `header ${this.#operation}`);
    const updated: Record<string, unknown> = { ...original };
    this.#fields.forEach((fieldName, i) => {
      if (this.#operation === 'move') delete updated[fieldName];
      headers.add(this.#headers[i]!, original[fieldName] ?? null, null);
    });
    return this.#part.update(record, null, updated, headers);
  }

  config(): ConfigDef {
    return CONFIG_DEF;
  }

  close(): void {
    this.#moveSchemaCache = LruCache.bySchema<Schema>(16);
  }
}

export class HeaderFromKey<R extends ConnectRecord<R>> extends HeaderFrom<R> {
  static readonly className = 'org.apache.kafka.connect.transforms.HeaderFrom$Key';
  constructor() { super(KEY); }
}

export class HeaderFromValue<R extends ConnectRecord<R>> extends HeaderFrom<R> {
  static readonly className = 'org.apache.kafka.connect.transforms.HeaderFrom$Value';
  constructor() { super(VALUE); }
}
