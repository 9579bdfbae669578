import { ConfigDef, type ConnectRecord, type Predicate, type Versioned } from '@tsconnect/api';
import { TRANSFORMS_VERSION } from '../util/version.js';

const CONFIG_DEF = new ConfigDef();

/** Kafka's `RecordIsTombstone`: true when the record value is null. */
export class RecordIsTombstone<R extends ConnectRecord<R>> implements Predicate<R>, Versioned {
  static readonly className = 'org.apache.kafka.connect.transforms.predicates.RecordIsTombstone';
  static readonly OVERVIEW_DOC = 'A predicate which is true for records which are tombstones (i.e. have null value).';
  static readonly CONFIG_DEF = CONFIG_DEF;

  version(): string {
    return TRANSFORMS_VERSION;
  }

  configure(_configs: Record<string, unknown>): void {}

  test(record: R): boolean {
    return record.value === null;
  }

  config(): ConfigDef {
    return CONFIG_DEF;
  }

  close(): void {}

  toString(): string {
    return 'RecordIsTombstone{}';
  }
}
