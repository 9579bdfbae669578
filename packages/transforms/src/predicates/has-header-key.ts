import {
  AbstractConfig, ConfigDef, ConfigType, Importance, NonEmptyString,
  type ConnectRecord, type Predicate, type Versioned,
} from '@tsconnect/api';
import { TRANSFORMS_VERSION } from '../util/version.js';

const NAME = 'name';

const CONFIG_DEF = new ConfigDef()
  .define({ name: NAME, type: ConfigType.STRING, validator: new NonEmptyString(), importance: Importance.MEDIUM,
    documentation: 'The header name.' });

/** Kafka's `HasHeaderKey`: true when at least one header has the configured key. */
export class HasHeaderKey<R extends ConnectRecord<R>> implements Predicate<R>, Versioned {
  static readonly className = 'org.apache.kafka.connect.transforms.predicates.HasHeaderKey';
  static readonly OVERVIEW_DOC = 'A predicate which is true for records with at least one header with the ' +
    'configured name.';
  static readonly CONFIG_DEF = CONFIG_DEF;

  #name = '';

  version(): string {
    return TRANSFORMS_VERSION;
  }

  configure(configs: Record<string, unknown>): void {
    this.#name = new AbstractConfig(CONFIG_DEF, configs).requireString(NAME);
  }

  test(record: R): boolean {
    return record.headers.allWithName(this.#name).length > 0;
  }

  config(): ConfigDef {
    return CONFIG_DEF;
  }

  close(): void {}

  toString(): string {
    return `HasHeaderKey{name='${this.#name}'}`;
  }
}
