import type { ConnectRecord, Header, Schema } from '@tsconnect/api';

/** What a part is read from: any record. */
type RecordView = Pick<ConnectRecord<never>, 'keySchema' | 'key' | 'valueSchema' | 'value'>;

/**
 * The part of a record a `$Key` or `$Value` transform works on: where it reads the schema and
 * value, and how it writes them back through `newRecord`.
 */
export interface RecordPart {
  readonly name: 'key' | 'value';
  schema(record: RecordView): Schema | null;
  value(record: RecordView): unknown;
  update<R extends ConnectRecord<R>>(record: R, schema: Schema | null, value: unknown, headers?: Iterable<Header>): R;
}

export const KEY: RecordPart = Object.freeze({
  name: 'key',
  schema: (record) => record.keySchema,
  value: (record) => record.key,
  update: (record, schema, value, headers) =>
    record.newRecord({ keySchema: schema, key: value, ...(headers ? { headers } : {}) }),
} satisfies RecordPart);

export const VALUE: RecordPart = Object.freeze({
  name: 'value',
  schema: (record) => record.valueSchema,
  value: (record) => record.value,
  update: (record, schema, value, headers) =>
    record.newRecord({ valueSchema: schema, value, ...(headers ? { headers } : {}) }),
} satisfies RecordPart);
