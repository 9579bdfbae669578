/**
 * JSON text with exact numbers, by the converters' reader and writer (Jackson's rules): JavaScript's
 * JSON.parse rounds integers beyond 2^53, which would corrupt INT64 values, so numbers keep their
 * text (`JsonNumber`).
 */
import { DataException } from '@tsconnect/api';
import { JsonNumber, parseJsonValueAt, type JsonNode } from '@tsconnect/converters';

export { JsonNumber, writePlainJsonText as writeJsonText } from '@tsconnect/converters';

/** A parsed JSON value: objects keep key order (Map), numbers keep their text. */
export type JsonValue = JsonNode;

/** The JSON value of `text`; throws DataException on invalid input or anything after the value. */
export function parseJsonText(text: string): JsonValue {
  let parsed: { node: JsonValue; end: number };
  try {
    parsed = parseJsonValueAt(text, 0);
  } catch (cause) {
    throw new DataException(`Invalid JSON: ${(cause as Error).message}`, { cause });
  }
  if (!/^[ \t\n\r]*$/.test(text.slice(parsed.end))) throw new DataException(`Invalid JSON at offset ${parsed.end}: trailing characters`);
  return parsed.node;
}

/** The number's value as a JavaScript number. */
export function jsonNumberValue(n: JsonNumber): number {
  return Number(n.text);
}

/** The number's value as a long: exact for integral text, else the double truncated. */
export function jsonNumberLong(n: JsonNumber): bigint {
  return n.isIntegral() ? BigInt(n.text) : BigInt(Math.trunc(Number(n.text)));
}
