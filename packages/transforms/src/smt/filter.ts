import { ConfigDef, type ConnectRecord, type Transformation, type Versioned } from '@tsconnect/api';
import { TRANSFORMS_VERSION } from '../util/version.js';

const CONFIG_DEF = new ConfigDef();

/** Kafka's `Filter`: drops every record it sees; meant to run behind a predicate. */
export class Filter<R extends ConnectRecord<R>> implements Transformation<R>, Versioned {
  static readonly className = 'org.apache.kafka.connect.transforms.Filter';
  static readonly OVERVIEW_DOC = 'Drops all records, filtering them from subsequent transformations in the chain. ' +
    'This is intended to be used conditionally to filter out records matching (or not matching) a particular ' +
    'Predicate.';
  static readonly CONFIG_DEF = CONFIG_DEF;

  version(): string {
    return TRANSFORMS_VERSION;
  }

  configure(_configs: Record<string, unknown>): void {}

  apply(_record: R): null {
    return null;
  }

  config(): ConfigDef {
    return CONFIG_DEF;
  }

  close(): void {}
}
