/**
 * Nested Connect values (STRUCT, MAP, ARRAY) as JSON text, for databases without a matching
 * column type. Shapes follow Kafka's JsonConverter without envelopes: structs and string-keyed
 * maps become objects, other maps arrays of [key, value] pairs, INT64 exact digits, bytes base64,
 * Decimals their plain digits, logical time values ISO-8601 text.
 */
import { BigDecimal, Struct, type Schema } from '@tsconnect/api';
import { columnKind } from './column-kind.js';
import { timeValueText } from './time-value.js';

function quote(text: string): string {
  return JSON.stringify(text);
}

function encode(value: unknown, schema: Schema | null): string {
  if (value === null || value === undefined) return 'null';
  if (schema) {
    const kind = columnKind(schema);
    if (kind === 'date' || kind === 'time' || kind === 'timestamp' || kind === 'timestamptz') {
      return quote(timeValueText(value, schema, 'UTC', true));
    }
  }
  if (value instanceof Struct) {
    return `{${value.schema.fields.map((f) => `${quote(f.name)}:${encode(value.get(f), f.schema)}`).join(',')}}`;
  }
  if (value instanceof Map) {
    const keySchema = schema?.type === 'MAP' ? schema.keySchema : null;
    const valueSchema = schema?.type === 'MAP' ? schema.valueSchema : null;
    const entries = [...value.entries()];
    if (entries.every(([k]) => typeof k === 'string')) {
      return `{${entries.map(([k, v]) => `${quote(k as string)}:${encode(v, valueSchema)}`).join(',')}}`;
    }
    return `[${entries.map(([k, v]) => `[${encode(k, keySchema)},${encode(v, valueSchema)}]`).join(',')}]`;
  }
  if (Array.isArray(value)) {
    const element = schema?.type === 'ARRAY' ? schema.valueSchema : null;
    return `[${value.map((v) => encode(v, element)).join(',')}]`;
  }
  if (value instanceof BigDecimal) return value.toPlainString();
  if (value instanceof Uint8Array) return quote(Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64'));
  if (value instanceof Date) return quote(value.toISOString());
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : quote(String(value));
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'object') {
    return `{${Object.entries(value).map(([k, v]) => `${quote(k)}:${encode(v, null)}`).join(',')}}`;
  }
  return quote(String(value));
}

export function toJsonText(value: unknown, schema: Schema | null): string {
  return encode(value, schema);
}
