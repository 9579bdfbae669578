/**
 * Writes a JsonNode tree exactly as Jackson's `writeValueAsBytes` does with Kafka's settings:
 * compact, object keys in insertion order, numbers as their text, binary as padded standard
 * base64, strings with Jackson's escapes (`\"`, `\\`, `\b \t \n \f \r`, other control characters
 * as upper-case `\u00XX`; everything else, `/` and non-ASCII included, as raw UTF-8). Jackson's UTF-8
 * generator escapes every UTF-16 surrogate (so an emoji is written `\uD83D\uDE00`) unless
 * COMBINE_UNICODE_SURROGATES_IN_UTF8 is enabled, which Kafka does not do.
 */
import { JsonNumber, type JsonNode } from './json-node.js';

const SHORT_ESCAPES: Record<number, string> = { 0x08: '\\b', 0x09: '\\t', 0x0a: '\\n', 0x0c: '\\f', 0x0d: '\\r' };
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

export function quoteJsonString(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return `"${text}"`;
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c < 0x20) out += SHORT_ESCAPES[c] ?? `\\u${c.toString(16).toUpperCase().padStart(4, '0')}`;
    else if (c >= 0xd800 && c <= 0xdfff) out += `\\u${c.toString(16).toUpperCase()}`;
    else out += text[i];
  }
  return `${out}"`;
}

function write(node: JsonNode, out: string[]): void {
  if (node === null) out.push('null');
  else if (typeof node === 'boolean') out.push(node ? 'true' : 'false');
  else if (typeof node === 'string') out.push(quoteJsonString(node));
  else if (node instanceof JsonNumber) out.push(node.text);
  else if (node instanceof Uint8Array) out.push(`"${Buffer.from(node.buffer, node.byteOffset, node.byteLength).toString('base64')}"`);
  else if (Array.isArray(node)) {
    out.push('[');
    node.forEach((item, i) => {
      if (i > 0) out.push(',');
      write(item, out);
    });
    out.push(']');
  } else {
    out.push('{');
    let first = true;
    for (const [key, value] of node) {
      if (!first) out.push(',');
      first = false;
      out.push(quoteJsonString(key), ':');
      write(value, out);
    }
    out.push('}');
  }
}

export function writeJsonText(node: JsonNode): string {
  const out: string[] = [];
  write(node, out);
  return out.join('');
}

export function writeJson(node: JsonNode): Uint8Array {
  return new Uint8Array(Buffer.from(writeJsonText(node), 'utf8'));
}
