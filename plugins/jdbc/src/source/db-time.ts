/**
 * Timestamps as the database writes them in text ('2024-05-01 10:00:00.123456[+02]'), read and
 * written in `db.timezone` with full sub-second precision. The drivers give temporal values as
 * the server's text, so nothing here depends on the process's own time zone.
 */
import { DataException } from '@tsconnect/api';
import type { DbTimestamp } from './source-offset.js';

const DATE_TIME = /^(-?\d{4,})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2}(?::?\d{2})?)?)?$/i;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit', era: 'short',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

function isUtc(zone: string): boolean {
  return /^(UTC|GMT|Z|Etc\/UTC|Etc\/GMT|\+00:?00|-00:?00)$/i.test(zone);
}

/** The zone's offset from UTC in milliseconds at `utcMillis`; accepts IANA names and ±HH:MM. */
export function zoneOffsetMillis(zone: string, utcMillis: number): number {
  if (isUtc(zone)) return 0;
  const fixed = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (fixed) return (fixed[1] === '-' ? -1 : 1) * (Number(fixed[2]) * 60 + Number(fixed[3])) * 60_000;
  const parts: Record<string, string> = {};
  for (const p of formatterFor(zone).formatToParts(new Date(Math.floor(utcMillis / 1000) * 1000))) parts[p.type] = p.value;
  let year = Number(parts.year);
  if (parts.era === 'BC' || parts.era === 'B') year = 1 - year;
  const asUtc = Date.UTC(year, Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute),
    Number(parts.second));
  return asUtc - Math.floor(utcMillis / 1000) * 1000;
}

/** Wall-clock fields read in `zone` → epoch millis (the earlier instant in a DST overlap). */
function localToUtc(localAsUtcMillis: number, zone: string): number {
  const first = localAsUtcMillis - zoneOffsetMillis(zone, localAsUtcMillis);
  return localAsUtcMillis - zoneOffsetMillis(zone, first);
}

function utcFields(year: number, month: number, day: number, h: number, m: number, s: number, ms: number): number {
  const date = new Date(Date.UTC(2000, month - 1, day, h, m, s, ms));
  date.setUTCFullYear(year);
  return date.getTime();
}

/** Reads a DATE/TIMESTAMP text; a value without an offset is wall-clock time in `zone`. */
export function parseDbTimestamp(text: string, zone: string): DbTimestamp {
  const m = DATE_TIME.exec(text.trim());
  if (!m) throw new DataException(`Cannot read "${text}" as a timestamp`);
  const fraction = (m[7] ?? '').padEnd(9, '0');
  const nanos = Number(fraction);
  const local = utcFields(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0),
    Number(m[6] ?? 0), Math.floor(nanos / 1_000_000));
  let millis: number;
  if (m[8] === undefined) {
    millis = localToUtc(local, zone);
  } else if (m[8].toUpperCase() === 'Z') {
    millis = local;
  } else {
    const digits = m[8].replace(/:/g, '');
    const sign = digits[0] === '-' ? -1 : 1;
    const offset = (Number(digits.slice(1, 3)) * 3600 + Number(digits.slice(3, 5) || 0) * 60 + Number(digits.slice(5, 7) || 0)) * 1000;
    millis = local - sign * offset;
  }
  return { millis, nanos };
}

/** Any value a driver returns for a timestamp column: text, a Date, or epoch millis (SQLite). */
export function toDbTimestamp(value: unknown, zone: string): DbTimestamp {
  if (value instanceof Date) return { millis: value.getTime(), nanos: (((value.getTime() % 1000) + 1000) % 1000) * 1_000_000 };
  if (typeof value === 'number' || typeof value === 'bigint') {
    const millis = Number(value);
    return { millis, nanos: (((millis % 1000) + 1000) % 1000) * 1_000_000 };
  }
  return parseDbTimestamp(String(value), zone);
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** 'YYYY-MM-DD HH:MM:SS.fff…' wall-clock time in `zone`, with `fractionDigits` digits (truncated). */
export function formatDbTimestamp(ts: DbTimestamp, zone: string, fractionDigits = 6): string {
  const second = Math.floor(ts.millis / 1000) * 1000;
  const d = new Date(second + zoneOffsetMillis(zone, second));
  const year = d.getUTCFullYear();
  const yearText = year < 0 ? `-${pad(-year, 4)}` : pad(year, 4);
  const base = `${yearText}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  if (fractionDigits <= 0) return base;
  return `${base}.${pad(ts.nanos, 9).slice(0, fractionDigits)}`;
}

/** ms since midnight of a TIME text ('10:11:12.5'). */
export function parseDbTime(text: string): number {
  const m = /^(\d{1,3}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?/.exec(text.trim());
  if (!m) throw new DataException(`Cannot read "${text}" as a time`);
  return ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3] ?? 0)) * 1000 + Math.floor(Number((m[4] ?? '').padEnd(9, '0')) / 1_000_000);
}

export function addMillis(ts: DbTimestamp, delta: number): DbTimestamp {
  const millis = ts.millis + delta;
  const subMillisNanos = ts.nanos % 1_000_000;
  return { millis, nanos: (((millis % 1000) + 1000) % 1000) * 1_000_000 + subMillisNanos };
}
