/**
 * How Java prints values. Connect output that other tools compare byte for byte (StringConverter's
 * `toString()` of a Struct, header strings, JSON numbers) follows Java's text forms, so the rules
 * live here once.
 */
import { BigDecimal } from './big-decimal.js';
import { isPlainObject } from './plain-object.js';
import type { Schema } from './schema.js';
import { isStruct } from './struct-brand.js';
import { formatJavaDouble, formatJavaFloat } from './java-number-text.js';

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
  if (isStruct(value)) return 'class org.apache.kafka.connect.data.Struct';
  if (value === null || value === undefined) return 'null';
  return `class ${(value as object).constructor?.name ?? 'Object'}`;
}
