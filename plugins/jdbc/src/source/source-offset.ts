/**
 * Source partitions and offsets in Confluent's shape, so offsets stored by Confluent's connector
 * are continued and ours can be read by it:
 *   partition {"protocol":"1","table":"<catalog>.<schema>.<table>"} (legacy v0: {"table":"<table>"}),
 *   {"query":"query"} in query mode;
 *   offset {"incrementing": n, "timestamp": epoch ms, "timestamp_nanos": nanos of the second}, keys
 *   left out when the mode does not use them.
 * Our late-commit window adds "lag_window": "ms:nanos:id,ms:nanos:id,...", a string because Kafka
 * allows only primitive values in offsets; Confluent ignores unknown keys.
 */
import type { SourcePartition } from '@tsconnect/api';
import type { TableId } from '../dialect/table-id.js';
import { tableFullName } from './table-full-name.js';

export const QUERY_PARTITION: SourcePartition = Object.freeze({ query: 'query' });

export function tablePartition(table: TableId): Record<string, string> {
  return { protocol: '1', table: tableFullName(table) };
}

/** Confluent's protocol v0 partition, checked when no v1 offset exists. */
export function legacyTablePartition(table: TableId): Record<string, string> {
  return { table: table.table };
}

/** A point in time as epoch milliseconds plus the nanoseconds within that second (0..999999999). */
export interface DbTimestamp {
  readonly millis: number;
  readonly nanos: number;
}

export function compareTimestamps(a: DbTimestamp, b: DbTimestamp): number {
  const aSecond = Math.floor(a.millis / 1000);
  const bSecond = Math.floor(b.millis / 1000);
  return aSecond !== bSecond ? Math.sign(aSecond - bSecond) : Math.sign(a.nanos - b.nanos);
}

/** A (timestamp, id) position in the order rows are read. */
export interface RowKey {
  readonly timestamp: DbTimestamp | null;
  readonly incrementing: bigint | null;
}

/** Keys order by timestamp (none before any), then id (none as -1, Confluent's start). */
export function compareRowKeys(a: RowKey, b: RowKey): number {
  if (a.timestamp !== b.timestamp) {
    if (a.timestamp === null) return -1;
    if (b.timestamp === null) return 1;
    const byTime = compareTimestamps(a.timestamp, b.timestamp);
    if (byTime !== 0) return byTime;
  }
  const ai = a.incrementing ?? -1n;
  const bi = b.incrementing ?? -1n;
  return ai < bi ? -1 : ai > bi ? 1 : 0;
}

export interface TableOffset {
  /** Everything up to and including this key has been emitted (the Confluent-compatible part). */
  readonly position: RowKey;
  /** Keys after `position` already emitted, kept for the late-commit window. Sorted. */
  readonly window: readonly RowKey[];
}

export const EMPTY_OFFSET: TableOffset = Object.freeze({ position: { timestamp: null, incrementing: null }, window: [] });

function toLong(value: unknown): bigint | null {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return BigInt(Math.trunc(value));
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return BigInt(value);
  return null;
}

/** JSON numbers when exact, else strings: the offset store keeps JSON. */
function fromLong(value: bigint): number | string {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(value)
    : value.toString();
}

/** Nanos of the second from Confluent's timestamp_nanos, or from the millis when absent. */
function timestampFrom(millisValue: unknown, nanosValue: unknown): DbTimestamp | null {
  const millis = toLong(millisValue);
  if (millis === null) return null;
  const ms = Number(millis);
  const nanos = toLong(nanosValue);
  const msOfSecond = ((ms % 1000) + 1000) % 1000;
  return { millis: ms, nanos: nanos === null ? msOfSecond * 1_000_000 : Number(nanos) };
}

export function parseOffset(stored: Readonly<Record<string, unknown>> | null): TableOffset {
  if (!stored) return EMPTY_OFFSET;
  const position: RowKey = {
    timestamp: timestampFrom(stored.timestamp, stored.timestamp_nanos),
    incrementing: toLong(stored.incrementing),
  };
  const window: RowKey[] = [];
  if (typeof stored.lag_window === 'string' && stored.lag_window !== '') {
    for (const entry of stored.lag_window.split(',')) {
      const parts = entry.split(':');
      if (parts.length !== 3 || parts.some((p) => !/^-?\d+$/.test(p))) continue;
      window.push({ timestamp: timestampFrom(Number(parts[0]), Number(parts[1])), incrementing: toLong(parts[2]) });
    }
    window.sort(compareRowKeys);
  }
  return { position, window };
}

export function serializeOffset(offset: TableOffset): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const { timestamp, incrementing } = offset.position;
  if (incrementing !== null) out.incrementing = fromLong(incrementing);
  if (timestamp !== null) {
    out.timestamp = timestamp.millis;
    out.timestamp_nanos = timestamp.nanos;
  }
  if (offset.window.length > 0) {
    out.lag_window = offset.window
      .map((k) => `${k.timestamp?.millis ?? 0}:${k.timestamp?.nanos ?? 0}:${k.incrementing ?? -1n}`)
      .join(',');
  }
  return out;
}
