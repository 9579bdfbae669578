/**
 * One record as what it asks of its table: write a row, or delete the row with its key. The key's
 * identity (a string) lets a batch find records of the same row.
 */
import { BigDecimal, ConnectException, Struct, type SinkRecord } from '@tsconnect/api';
import type { RecordLayout } from './record-layout.js';

export interface SinkOperation {
  readonly record: SinkRecord;
  readonly layout: RecordLayout;
  readonly isDelete: boolean;
  /** The key columns' values as one string; null when the layout has no key columns. */
  readonly keyIdentity: string | null;
}

function identityOf(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'bigint') return `${value}`;
  if (typeof value === 'number') return Number.isInteger(value) ? `${value}` : `f${value}`;
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Uint8Array) return `x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`;
  if (value instanceof BigDecimal) return `d${value.toPlainString()}`;
  if (value instanceof Date) return `t${value.getTime()}`;
  if (value instanceof Struct) return `{${value.schema.fields.map((f) => identityOf(value.get(f))).join(',')}}`;
  if (Array.isArray(value)) return `[${value.map(identityOf).join(',')}]`;
  return JSON.stringify(String(value));
}

/** Where a record came from, for messages: `topic-partition@offset`. */
export function recordCoordinates(record: SinkRecord): string {
  return `${record.topic}-${record.kafkaPartition}@${record.kafkaOffset}`;
}

export function sinkOperation(record: SinkRecord, layout: RecordLayout, isDelete: boolean): SinkOperation {
  let keyIdentity: string | null = null;
  if (layout.keys.length === 1) {
    // most tables have one key column: its value's identity, without arrays to join
    const part = layout.keys[0]!.read(record);
    if (part === null || part === undefined) throw nullKey(record, layout);
    keyIdentity = identityOf(part);
  } else if (layout.keys.length > 0) {
    const parts = layout.keys.map((k) => k.read(record));
    if (parts.some((p) => p === null || p === undefined)) throw nullKey(record, layout);
    keyIdentity = parts.map(identityOf).join('|');
  }
  return { record, layout, isDelete, keyIdentity };
}

function nullKey(record: SinkRecord, layout: RecordLayout): ConnectException {
  return new ConnectException(`Record ${recordCoordinates(record)} has a null value for a primary key column ` +
    `(${layout.keys.map((k) => k.column.name).join(', ')})`);
}
