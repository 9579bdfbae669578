import {
  AbstractConfig, CaseInsensitiveValidString, ConfigDef, ConfigType, DataException, Importance,
  type ConnectRecord, type Transformation, type Versioned,
} from '@tsconnect/api';
import {
  FIELD_SYNTAX_VERSION_CONFIG, FIELD_SYNTAX_VERSION_DEFAULT, FIELD_SYNTAX_VERSION_DOC, SingleFieldPath,
  type FieldSyntaxVersion,
} from '../util/field-path.js';
import { KEY, VALUE, type RecordPart } from '../util/record-part.js';
import { REPLACE_NULL_WITH_DEFAULT_CONFIG, REPLACE_NULL_WITH_DEFAULT_KEY } from '../util/replace-null-with-default.js';
import { requireMapOrNull, requireStructOrNull } from '../util/requirements.js';
import { TRANSFORMS_VERSION } from '../util/version.js';

const FIELD = 'field';
const PURPOSE = 'field extraction';

const CONFIG_DEF = new ConfigDef()
  .define({ name: FIELD, type: ConfigType.STRING, importance: Importance.MEDIUM,
    documentation: 'Field name to extract.' })
  .define({ name: FIELD_SYNTAX_VERSION_CONFIG, type: ConfigType.STRING, defaultValue: FIELD_SYNTAX_VERSION_DEFAULT,
    validator: CaseInsensitiveValidString.in('V1', 'V2'), importance: Importance.HIGH,
    documentation: FIELD_SYNTAX_VERSION_DOC })
  .define(REPLACE_NULL_WITH_DEFAULT_KEY);

/**
 * Kafka's `ExtractField`: the key/value becomes one of its fields (a nested one with
 * `field.syntax.version=V2`). With a schema the result schema is the field's; a null value stays null.
 */
export abstract class ExtractField<R extends ConnectRecord<R>> implements Transformation<R>, Versioned {
  static readonly OVERVIEW_DOC = 'Extract the specified field from a Struct when schema present, or a Map in the ' +
    'case of schemaless data. Any null values are passed through unmodified.<p/>Use the concrete transformation ' +
    'type designed for the record key (<code>org.apache.kafka.connect.transforms.ExtractField$Key</code>) or ' +
    'value (<code>org.apache.kafka.connect.transforms.ExtractField$Value</code>).';
  static readonly CONFIG_DEF = CONFIG_DEF;

  #fieldPath = new SingleFieldPath('', 'V1');
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
    const syntax = config.requireString(FIELD_SYNTAX_VERSION_CONFIG).toUpperCase() as FieldSyntaxVersion;
    this.#fieldPath = new SingleFieldPath(config.requireString(FIELD), syntax);
    this.#replaceNullWithDefault = config.getBoolean(REPLACE_NULL_WITH_DEFAULT_CONFIG);
  }

  apply(record: R): R {
    const schema = this.#part.schema(record);
    const value = this.#part.value(record);
    if (schema === null) {
      const map = requireMapOrNull(value, PURPOSE);
      return this.#part.update(record, null, map === null ? null : this.#fieldPath.valueFromMap(map));
    }
    const struct = requireStructOrNull(value, PURPOSE);
    const field = this.#fieldPath.fieldFrom(schema);
    // Kafka throws IllegalArgumentException here; DataException keeps it a data error for the tolerance logic.
    if (field === null) throw new DataException(`Unknown field: ${this.#fieldPath.path}`);
    return this.#part.update(record, field.schema,
      struct === null ? null : this.#fieldPath.valueFromStruct(struct, this.#replaceNullWithDefault));
  }

  config(): ConfigDef {
    return CONFIG_DEF;
  }

  close(): void {}
}

export class ExtractFieldKey<R extends ConnectRecord<R>> extends ExtractField<R> {
  static readonly className = 'org.apache.kafka.connect.transforms.ExtractField$Key';
  constructor() { super(KEY); }
}

export class ExtractFieldValue<R extends ConnectRecord<R>> extends ExtractField<R> {
  static readonly className = 'org.apache.kafka.connect.transforms.ExtractField$Value';
  constructor() { super(VALUE); }
}
