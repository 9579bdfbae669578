/**
 * How Java prints values. Connect output that other tools compare byte for byte (StringConverter's
 * `toString()` of a Struct, header strings, JSON numbers) follows Java's text forms, so the rules
 * live here once.
 */
import { BigDecimal } from './big-decimal.js';
import { isPlainObject } from './plain-object.js';
import type { Schema } from './schema.js';
import { Struct } from './struct.js';

/**
 * Java's `Double.toString` (JDK 19+): the shortest decimal that reads back as the same double,
 * written plainly between 10^-3 and 10^7 ("100.0", "0.001") and as "d.dddE<n>" outside.
 */
export function formatJavaDouble(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(value);
  // In this range JavaScript's shortest form is Java's, written plainly; Java adds ".0" to integers.
  if (abs >= 1e-3 && abs < 1e7) {
    const text = String(value);
    return text.includes('.') ? text : `${text}.0`;
  }
  const sign = value < 0 ? '-' : '';
  let [mantissa, exp] = abs.toExponential().split('e') as [string, string];
  // With a one-digit shortest form Java picks a two-digit one when it is closer (4.9E-324).
  if (!mantissa.includes('.')) {
    const [two, twoExp] = abs.toExponential(1).split('e') as [string, string];
    if (Number(`${two}e${twoExp}`) === abs && !two.endsWith('0')) [mantissa, exp] = [two, twoExp];
  }
  const digits = mantissa.replace('.', '');
  const e = Number(exp);
  return `${sign}${digits[0]}.${digits.slice(1) || '0'}E${e}`;
}

/** Java's `Float.toString`: the shortest decimal that reads back as the same float32. */
export function formatJavaFloat(value: number): string {
  const f = Math.fround(value);
  if (!Number.isFinite(f) || f === 0) return formatJavaDouble(f);
  for (let precision = 1; precision <= 9; precision++) {
    const candidate = Number(f.toPrecision(precision));
    if (Math.fround(candidate) !== f) continue;
    // As for doubles, Java prefers a closer two-digit form to a one-digit one (1.4E-45).
    if (precision === 1) {
      const two = Number(f.toPrecision(2));
      if (Math.fround(two) === f && Math.abs(two - f) < Math.abs(candidate - f)) return formatJavaDouble(two);
    }
    return formatJavaDouble(candidate);
  }
  return formatJavaDouble(f);
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `java.util.Date.toString()` in UTC (Connect workers run in UTC): `Thu Jan 01 00:00:00 UTC 1970`. */
export function formatJavaDate(date: Date): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${DAYS[date.getUTCDay()]} ${MONTHS[date.getUTCMonth()]} ${two(date.getUTCDate())} ` +
    `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} UTC ${date.getUTCFullYear()}`;
}

function elementSchema(schema: Schema | null | undefined, part: 'key' | 'value'): Schema | null {
  if (!schema) return null;
  if (part === 'key') return schema.type === 'MAP' ? schema.keySchema : null;
  return schema.type === 'MAP' || schema.type === 'ARRAY' ? schema.valueSchema : null;
}

/**
 * Java's `String.valueOf(value)` for Connect values. The schema, when known, tells a float from a
 * double and an int from a double (JS has one number type). Without it integers print as integers
 * and other numbers as doubles. Bytes print as `[1, 2, 3]` (Java prints an identity hash).
 */
export function javaToString(value: unknown, schema?: Schema | null): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (typeof value === 'number') {
    if (schema?.type === 'FLOAT32') return formatJavaFloat(value);
    if (schema?.type === 'FLOAT64') return formatJavaDouble(value);
    if (schema) return String(value);
    return Number.isInteger(value) ? String(value) : formatJavaDouble(value);
  }
  if (value instanceof Date) return formatJavaDate(value);
  if (value instanceof Uint8Array) return `[${Array.from(value).join(', ')}]`;
  if (Array.isArray(value)) {
    const items = elementSchema(schema, 'value');
    return `[${value.map((v) => javaToString(v, items)).join(', ')}]`;
  }
  if (value instanceof Map) {
    const keys = elementSchema(schema, 'key');
    const values = elementSchema(schema, 'value');
    const entries = [...value].map(([k, v]) => `${javaToString(k, keys)}=${javaToString(v, values)}`);
    return `{${entries.join(', ')}}`;
  }
  if (isPlainObject(value)) {
    return `{${Object.entries(value).map(([k, v]) => `${k}=${javaToString(v)}`).join(', ')}}`;
  }
  return String(value);
}

/** The Java class a Java worker would report for this value in error messages. */
export function javaClassName(value: unknown): string {
  if (typeof value === 'string') return 'class java.lang.String';
  if (typeof value === 'boolean') return 'class java.lang.Boolean';
  if (typeof value === 'bigint') return 'class java.lang.Long';
  if (typeof value === 'number') {
    return Number.isInteger(value) && value >= -(2 ** 31) && value < 2 ** 31
      ? 'class java.lang.Integer'
      : 'class java.lang.Double';
  }
  if (value instanceof Uint8Array) return 'class [B';
  if (Array.isArray(value)) return 'class java.util.ArrayList';
  if (value instanceof Map || isPlainObject(value)) return 'class java.util.LinkedHashMap';
  if (value instanceof Date) return 'class java.util.Date';
  if (value instanceof BigDecimal) return 'class java.math.BigDecimal';
  if (value instanceof Struct) return 'class org.apache.kafka.connect.data.Struct';
  if (value === null || value === undefined) return 'null';
  return `class ${(value as object).constructor?.name ?? 'Object'}`;
}
