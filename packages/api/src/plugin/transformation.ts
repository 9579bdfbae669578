import type { ConfigDef } from '../config/config-def.js';
import type { ConnectRecord } from '../record/connect-record.js';

/** A single message transform: rewrites a record (via `newRecord`) or drops it by returning null. */
export interface Transformation<R extends ConnectRecord<R>> {
  configure(configs: Record<string, unknown>): void;
  apply(record: R): R | null;
  config(): ConfigDef;
  close(): void;
}
