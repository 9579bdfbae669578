/**
 * JSON text exactly as Kafka's JsonConverter (Jackson) writes it with schemas.enable=false: no
 * whitespace, object fields in the order given, strings escaped as Jackson does (`\"`, `\\`,
 * `\b \t \n \f \r`, other control characters as `\u00XX` with upper-case hex; nothing else escaped,
 * non-ASCII written as UTF-8), integers as plain digits, and other numbers as Java's
 * Double.toString writes doubles (`1.5`, `1.0E-4`, `1.0E21`).
 *
 * Parsing uses JSON.parse; its one difference from Jackson is that integers beyond 2^53 lose
 * precision, which no record the runtime writes contains.
 */
import { DataException } from '@tsconnect/api';

export type JsonValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | readonly JsonValue[]
  | ReadonlyMap<string, JsonValue>
  | { readonly [field: string]: JsonValue };

/** Serializes a value; Maps keep their insertion order, which plain objects cannot for integer-like keys. */
export function writeJson(value: JsonValue): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'number':
      return writeNumber(value);
    case 'string':
      return writeString(value);
  }
  if (Array.isArray(value)) return `[${value.map(writeJson).join(',')}]`;
  const entries = value instanceof Map ? [...value] : Object.entries(value);
  return `{${entries.map(([k, v]) => `${writeString(k)}:${writeJson(v as JsonValue)}`).join(',')}}`;
}

export function writeJsonBytes(value: JsonValue): Buffer {
  return Buffer.from(writeJson(value), 'utf8');
}

/** Parses record bytes; throws DataException on invalid JSON, as JsonConverter does. */
export function parseJsonBytes(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (e) {
    const message = 'Converting byte[] to Kafka Connect data failed due to serialization error: ';
    throw new DataException(message, { cause: e });
  }
}

export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const NAMED_ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\b': '\\b',
  '\t': '\\t',
  '\n': '\\n',
  '\f': '\\f',
  '\r': '\\r',
};

function writeString(s: string): string {
  // eslint-disable-next-line no-control-regex
  const escaped = s.replace(/["\\\u0000-\u001f]/g, (c) => {
    return NAMED_ESCAPES[c] ?? `\\u00${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;
  });
  return `"${escaped}"`;
}

const LONG_MIN = -(2 ** 63);
const LONG_MAX = 2 ** 63;

function writeNumber(n: number): string {
  if (!Number.isFinite(n)) throw new DataException(`Cannot write ${n} as JSON`);
  // Whole numbers in the range of a Java long are longs (Connect's schemaless INT64).
  if (Number.isInteger(n) && n >= LONG_MIN && n < LONG_MAX) return BigInt(n).toString();
  return javaDoubleToString(n);
}

/** Java's Double.toString (JDK 19+, shortest repr): plain within [1e-3, 1e7), else d.dddE±n. */
function javaDoubleToString(d: number): string {
  const abs = Math.abs(d);
  if (abs >= 1e-3 && abs < 1e7) {
    const plain = String(d);
    return plain.includes('.') ? plain : `${plain}.0`;
  }
  const [mantissa, exponent] = d.toExponential().split('e') as [string, string];
  const digits = mantissa.includes('.') ? mantissa : `${mantissa}.0`;
  return `${digits}E${exponent.startsWith('+') ? exponent.slice(1) : exponent}`;
}
