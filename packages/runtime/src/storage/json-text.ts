/**
 * JSON text exactly as Kafka's JsonConverter (Jackson) writes it with schemas.enable=false, by the
 * converters' writer (`writePlainJsonText`): no whitespace, object fields in the order given,
 * Jackson's string escapes except for characters beyond the BMP (written as raw UTF-8 where
 * Jackson writes `\uD83D\uDE00`; readers take either), integers as plain digits, other numbers as
 * Java's Double.toString.
 *
 * Parsing uses JSON.parse; its one difference from Jackson is that integers beyond 2^53 lose
 * precision, which no record the runtime writes contains.
 */
import { DataException } from '@tsconnect/api';
import { writePlainJsonText } from '@tsconnect/converters';

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
  return writePlainJsonText(value, false);
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
