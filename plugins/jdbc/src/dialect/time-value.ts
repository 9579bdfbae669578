/**
 * Connect and Debezium time values (Date objects, or integer days/millis/micros/nanos, or zoned
 * text) as SQL text. Timestamps are written as wall-clock time in `db.timezone`; dates and times
 * of day are written as they are (shifting a calendar date by a zone offset moves it a day).
 */
import { DataException, type Schema } from '@tsconnect/api';
import { columnKind, timeUnit } from './column-kind.js';
import {
  formatEpochDay, formatEpochMicros, formatEpochMillis, formatMicrosOfDay, formatOffset, parseIsoToEpochMicros, zoneOffsetMillis,
} from './temporal-text.js';

function asBigInt(value: unknown): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  if (value instanceof Date) return BigInt(value.getTime());
  throw new DataException(`Expected an integer time value, got ${typeof value}`);
}

/** Microseconds since the epoch (timestamps) or since midnight (times) of a time value. */
function timeValueMicros(value: unknown, schema: Schema): bigint {
  switch (timeUnit(schema)) {
    case 'object':
      if (!(value instanceof Date)) return asBigInt(value) * 1000n;
      return BigInt(value.getTime()) * 1000n;
    case 'days':
      return asBigInt(value) * 86_400_000_000n;
    case 'millis':
      return asBigInt(value) * 1000n;
    case 'micros':
      return asBigInt(value);
    case 'nanos': {
      const nanos = asBigInt(value);
      return nanos / 1000n - (nanos % 1000n < 0n ? 1n : 0n);
    }
    case 'text': {
      const micros = parseIsoToEpochMicros(String(value));
      if (micros === null) throw new DataException(`Cannot read the timestamp "${String(value)}"`);
      return micros;
    }
  }
}

/**
 * The SQL text of a date, time or timestamp value. With `withOffset`, timestamps carry the zone's
 * offset (for TIMESTAMP WITH TIME ZONE columns and JSON).
 */
export function timeValueText(value: unknown, schema: Schema, timeZone: string, withOffset = false): string {
  const kind = columnKind(schema);
  if (value instanceof Date && kind !== 'date' && kind !== 'time' && timeUnit(schema) === 'object') {
    // Connect's Timestamp, in doubles: the same text as below without two BigInts per value.
    const millis = value.getTime();
    const text = formatEpochMillis(millis, timeZone);
    return withOffset ? `${text}${formatOffset(zoneOffsetMillis(millis, timeZone))}` : text;
  }
  const micros = timeValueMicros(value, schema);
  if (kind === 'date') {
    const days = micros / 86_400_000_000n - (micros % 86_400_000_000n < 0n ? 1n : 0n);
    return formatEpochDay(Number(days));
  }
  if (kind === 'time') return formatMicrosOfDay(micros);
  const text = formatEpochMicros(micros, timeZone);
  if (!withOffset) return text;
  return `${text}${formatOffset(zoneOffsetMillis(Number(micros / 1000n), timeZone))}`;
}
