import {
  AbstractConfig, ConfigDef, ConfigType, ConnectHeaders, Importance,
  type ConnectRecord, type Transformation, type Versioned,
} from '@tsconnect/api';
import { NonEmptyListValidator } from '../util/validators.js';
import { TRANSFORMS_VERSION } from '../util/version.js';

const HEADERS = 'headers';

const CONFIG_DEF = new ConfigDef()
  .define({ name: HEADERS, type: ConfigType.LIST, validator: new NonEmptyListValidator(),
    importance: Importance.HIGH, documentation: 'The name of the headers to be removed.' });

/** Kafka's `DropHeaders`: removes every header whose key is listed. */
export class DropHeaders<R extends ConnectRecord<R>> implements Transformation<R>, Versioned {
  static readonly className = 'org.apache.kafka.connect.transforms.DropHeaders';
  static readonly OVERVIEW_DOC = 'Removes one or more headers from each record.';
  static readonly CONFIG_DEF = CONFIG_DEF;

  #headers = new Set<string>();

  version(): string {
    return TRANSFORMS_VERSION;
  }

  configure(configs: Record<string, unknown>): void {
    this.#headers = new Set(new AbstractConfig(CONFIG_DEF, configs).getList(HEADERS));
  }

  apply(record: R): R {
    const kept = [...record.headers].filter((header) => !this.#headers.has(header.key));
    return record.newRecord({ headers: new ConnectHeaders(kept) });
  }

  config(): ConfigDef {
    return CONFIG_DEF;
  }

  close(): void {}
}
