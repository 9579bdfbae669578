import type { ConfigDef } from '../config/config-def.js';
import type { ConnectRecord } from '../record/connect-record.js';

/** Decides whether a transform applies to a record (`transforms.<name>.predicate`). */
export interface Predicate<R extends ConnectRecord<R>> {
  configure(configs: Record<string, unknown>): void;
  test(record: R): boolean;
  config(): ConfigDef;
  close(): void;
}
