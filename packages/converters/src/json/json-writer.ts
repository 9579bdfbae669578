/**
 * Writes a JsonNode tree exactly as Jackson's `writeValueAsBytes` does with Kafka's settings:
 * compact, object keys in insertion order, numbers as their text, binary as padded standard
 * base64, strings with Jackson's escapes (`\"`, `\\`, `\b \t \n \f \r`, other control characters
 * as upper-case `\u00XX`; everything else, `/` and non-ASCII included, as raw UTF-8). Jackson's UTF-8
 * generator escapes every UTF-16 surrogate (so an emoji is written `\uD83D\uDE00`) unless
 * COMBINE_UNICODE_SURROGATES_IN_UTF8 is enabled, which Kafka does not do.
 */
import { DataException, formatJavaDouble } from '@tsconnect/api';
import { JsonNumber, type JsonNode } from './json-node.js';

const SHORT_ESCAPES: Record<number, string> = { 0x08: '\\b', 0x09: '\\t', 0x0a: '\\n', 0x0c: '\\f', 0x0d: '\\r' };
// eslint-disable-next-line no-control-regex -- Jackson escapes control characters
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;
// eslint-disable-next-line no-control-regex -- Jackson escapes control characters
const NEEDS_ESCAPE_BUT_SURROGATES = /["\\\u0000-\u001f]/;

/**
 * A JSON string literal with Jackson's escapes. `escapeSurrogates: false` writes characters beyond
 * the BMP as raw UTF-8, as the runtime's internal records always have.
 */
export function quoteJsonString(text: string, escapeSurrogates = true): string {
  if (!(escapeSurrogates ? NEEDS_ESCAPE : NEEDS_ESCAPE_BUT_SURROGATES).test(text)) return `"${text}"`;
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c < 0x20) out += SHORT_ESCAPES[c] ?? `\\u${c.toString(16).toUpperCase().padStart(4, '0')}`;
    else if (escapeSurrogates && c >= 0xd800 && c <= 0xdfff) out += `\\u${c.toString(16).toUpperCase()}`;
    else out += text[i];
  }
  return `${out}"`;
}

export function writeJsonText(node: JsonNode): string {
  if (node === null) return 'null';
  if (typeof node === 'boolean') return node ? 'true' : 'false';
  if (typeof node === 'string') return quoteJsonString(node);
  if (node instanceof JsonNumber) return node.text;
  if (node instanceof Uint8Array) return `"${Buffer.from(node.buffer, node.byteOffset, node.byteLength).toString('base64')}"`;
  // Concatenation, not parts joined at the end: V8 builds a rope, flattened once when encoded.
  let out: string;
  if (Array.isArray(node)) {
    out = '[';
    for (let i = 0; i < node.length; i++) out += i > 0 ? `,${writeJsonText(node[i]!)}` : writeJsonText(node[i]!);
    return `${out}]`;
  }
  out = '{';
  let first = true;
  for (const [key, value] of node) {
    out += `${first ? '' : ','}${quoteJsonString(key)}:${writeJsonText(value)}`;
    first = false;
  }
  return `${out}}`;
}

/** UTF-8 bytes of JSON text: a view of Node's shared buffer pool, so small records cost no allocation of their own. */
export function jsonTextBytes(text: string): Uint8Array {
  const bytes = Buffer.from(text, 'utf8');
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function writeJson(node: JsonNode): Uint8Array {
  return jsonTextBytes(writeJsonText(node));
}

const LONG_MIN = -(2 ** 63);
const LONG_MAX = 2 ** 63;

/**
 * JSON text of a plain JavaScript value as Jackson writes the Java value it stands for: whole
 * numbers in a long's range as digits, other numbers as Java's Double.toString, bigints as
 * digits, JsonNumber as its text, Maps and objects (undefined fields left out) in their order,
 * strings with Jackson's escapes (`escapeSurrogates` as for quoteJsonString). For the runtime's
 * internal records and the JSON Schema converter.
 */
export function writePlainJsonText(value: unknown, escapeSurrogates = true): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'number':
      if (!Number.isFinite(value)) throw new DataException(`Cannot write ${value} as JSON`);
      return Number.isInteger(value) && value >= LONG_MIN && value < LONG_MAX ? BigInt(value).toString() : formatJavaDouble(value);
    case 'string':
      return quoteJsonString(value, escapeSurrogates);
  }
  if (value instanceof JsonNumber) return value.text;
  if (Array.isArray(value)) return `[${value.map((v) => writePlainJsonText(v, escapeSurrogates)).join(',')}]`;
  const entries = value instanceof Map ? [...value] : Object.entries(value as object).filter(([, v]) => v !== undefined);
  return `{${entries.map(([k, v]) => `${quoteJsonString(String(k), escapeSurrogates)}:${writePlainJsonText(v, escapeSurrogates)}`).join(',')}}`;
}
