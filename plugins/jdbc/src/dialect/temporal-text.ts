/**
 * Time values as the SQL text every database parses: `YYYY-MM-DD`, `HH:MM:SS.ffffff`,
 * `YYYY-MM-DD HH:MM:SS.ffffff`. Binding text rather than driver Date objects keeps microseconds
 * and keeps drivers from applying the machine's local time zone.
 */

const MICROS_PER_DAY = 86_400_000_000n;

function pad(n: number | bigint, width: number): string {
  return String(n).padStart(width, '0');
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && (a < 0n) !== (b < 0n) ? q - 1n : q;
}

/** '00' to '99': the two-digit fields of a time of day, without two strings per field. */
const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => pad(i, 2));

let lastEpochDay = Number.NaN;
let lastEpochDayText = '';

/** Days since 1970-01-01 as a proleptic Gregorian date. */
export function formatEpochDay(epochDay: number): string {
  // Values of a batch mostly share their day: the previous day's text again, without a Date and its fields.
  if (epochDay === lastEpochDay) return lastEpochDayText;
  const d = new Date(epochDay * 86_400_000);
  const text = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
  lastEpochDay = epochDay;
  lastEpochDayText = text;
  return text;
}

/** Microseconds since midnight as `HH:MM:SS.ffffff`. */
export function formatMicrosOfDay(micros: bigint): string {
  const m = ((micros % MICROS_PER_DAY) + MICROS_PER_DAY) % MICROS_PER_DAY;
  const seconds = m / 1_000_000n;
  return `${pad(seconds / 3600n, 2)}:${pad((seconds / 60n) % 60n, 2)}:${pad(seconds % 60n, 2)}.${pad(m % 1_000_000n, 6)}`;
}

const zoneFormatters = new Map<string, Intl.DateTimeFormat>();

function zoneFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = zoneFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric', era: 'short',
    });
    zoneFormatters.set(timeZone, f);
  }
  return f;
}

/** The zone's offset from UTC at this instant, in milliseconds. */
export function zoneOffsetMillis(epochMillis: number, timeZone: string): number {
  if (timeZone === 'UTC' || timeZone === 'Z' || timeZone === 'Etc/UTC' || timeZone === 'GMT') return 0;
  const parts: Record<string, string> = {};
  for (const p of zoneFormatter(timeZone).formatToParts(new Date(epochMillis))) parts[p.type] = p.value;
  let year = Number(parts.year);
  if (parts.era === 'BC' || parts.era === 'B') year = 1 - year;
  const asUtc = Date.UTC(year, Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute),
    Number(parts.second));
  const wholeSecond = epochMillis - (((epochMillis % 1000) + 1000) % 1000);
  return asUtc - wholeSecond;
}

/** Within this many microseconds of 1970 (142 years), shifted by any zone, doubles hold them exactly. */
const DOUBLE_SAFE_MICROS = 2n ** 52n;
const DOUBLE_SAFE_MICROS_NUMBER = 2 ** 52;
const MICROS_PER_DAY_NUMBER = 86_400_000_000;

/** The non-negative remainder; exact for integral doubles. */
function mod(a: number, m: number): number {
  return ((a % m) + m) % m;
}

/** Microseconds since the epoch as the wall-clock time in `timeZone`: `YYYY-MM-DD HH:MM:SS.ffffff`. */
export function formatEpochMicros(epochMicros: bigint, timeZone = 'UTC'): string {
  if (epochMicros > -DOUBLE_SAFE_MICROS && epochMicros < DOUBLE_SAFE_MICROS) return formatNearEpochMicros(Number(epochMicros), timeZone);
  const millis = Number(floorDiv(epochMicros, 1000n));
  const shifted = epochMicros + BigInt(zoneOffsetMillis(millis, timeZone)) * 1000n;
  const day = floorDiv(shifted, MICROS_PER_DAY);
  return `${formatEpochDay(Number(day))} ${formatMicrosOfDay(shifted - day * MICROS_PER_DAY)}`;
}

/** formatEpochMicros of whole milliseconds (a Date's time), in doubles when near the epoch: no BigInt per value. */
export function formatEpochMillis(epochMillis: number, timeZone = 'UTC'): string {
  const micros = epochMillis * 1000;
  if (micros > -DOUBLE_SAFE_MICROS_NUMBER && micros < DOUBLE_SAFE_MICROS_NUMBER) return formatNearEpochMicros(micros, timeZone);
  return formatEpochMicros(BigInt(epochMillis) * 1000n, timeZone);
}

let lastMinute = Number.NaN;
let lastMinuteText = '';

/**
 * formatEpochMicros in doubles, for the timestamps nearly every record has: no BigInt arithmetic
 * per field, and the text up to the minute made once per minute of wall-clock time, so a value
 * costs its seconds and fraction only.
 */
function formatNearEpochMicros(epochMicros: number, timeZone: string): string {
  const millis = (epochMicros - mod(epochMicros, 1000)) / 1000;
  const shifted = epochMicros + zoneOffsetMillis(millis, timeZone) * 1000;
  const ofDay = mod(shifted, MICROS_PER_DAY_NUMBER);
  const day = (shifted - ofDay) / MICROS_PER_DAY_NUMBER;
  const fraction = ofDay % 1_000_000;
  const seconds = (ofDay - fraction) / 1_000_000;
  const second = seconds % 60;
  const minutes = (seconds - second) / 60;
  const minute = day * 1440 + minutes;
  if (minute !== lastMinute) {
    const hour = (minutes - (minutes % 60)) / 60;
    lastMinuteText = `${formatEpochDay(day)} ${TWO_DIGITS[hour]}:${TWO_DIGITS[minutes % 60]}:`;
    lastMinute = minute;
  }
  return `${lastMinuteText}${TWO_DIGITS[second]}.${fraction === 0 ? '000000' : pad(fraction, 6)}`;
}

/** The zone's offset as `+HH:MM`. */
export function formatOffset(offsetMillis: number): string {
  const sign = offsetMillis < 0 ? '-' : '+';
  const minutes = Math.abs(offsetMillis) / 60_000;
  return `${sign}${pad(Math.floor(minutes / 60), 2)}:${pad(minutes % 60, 2)}`;
}

const ISO_ZONED = /^(\d{4,})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * Parses ISO-8601 text with an offset (Debezium's ZonedTimestamp, e.g. `2024-05-01T10:00:00.123456+02:00`)
 * into microseconds since the epoch; text without an offset is taken as UTC. Null when unparsable.
 */
export function parseIsoToEpochMicros(text: string): bigint | null {
  const m = ISO_ZONED.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s = '0', frac = '', zone = 'Z'] = m;
  const millis = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  let micros = BigInt(millis) * 1000n + BigInt((frac + '000000').slice(0, 6));
  if (zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1n : 1n;
    const digits = zone.slice(1).replace(':', '');
    const offsetMinutes = BigInt(Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
    micros -= sign * offsetMinutes * 60_000_000n;
  }
  return micros;
}
