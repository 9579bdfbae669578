import {
  AbstractConfig, ConfigDef, ConfigType, Importance, NonNullValidator, Values,
  type ConnectRecord, type SchemaAndValue, type Transformation, type Versioned,
} from '@tsconnect/api';
import { TRANSFORMS_VERSION } from '../util/version.js';

const HEADER = 'header';
const VALUE_LITERAL = 'value.literal';

const CONFIG_DEF = new ConfigDef()
  .define({ name: HEADER, type: ConfigType.STRING, validator: new NonNullValidator(), importance: Importance.HIGH,
    documentation: 'The name of the header.' })
  .define({ name: VALUE_LITERAL, type: ConfigType.STRING, validator: new NonNullValidator(),
    importance: Importance.HIGH,
    documentation: 'The literal value that is to be set as the header value on all records.' });

/** Kafka's `InsertHeader`: adds a header whose schema and value are parsed from a literal (`Values.parseString`). */
export class InsertHeader<R extends ConnectRecord<R>> implements Transformation<R>, Versioned {
  static readonly className = 'org.apache.kafka.connect.transforms.InsertHeader';
  static readonly OVERVIEW_DOC = 'Add a header to each record.';
  static readonly CONFIG_DEF = CONFIG_DEF;

  #header = '';
  #literalValue: SchemaAndValue | null = null;

  version(): string {
    return TRANSFORMS_VERSION;
  }

  configure(configs: Record<string, unknown>): void {
    const config = new AbstractConfig(CONFIG_DEF, configs);
    this.#header = config.requireString(HEADER);
    this.#literalValue = Values.parseString(config.getString(VALUE_LITERAL));
  }

  apply(record: R): R {
    const headers = record.headers.duplicate();
    headers.add(this.#header, this.#literalValue);
    return record.newRecord({ headers });
  }

  config(): ConfigDef {
    return CONFIG_DEF;
  }

  close(): void {}
}
