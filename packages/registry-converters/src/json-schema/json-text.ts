/**
 * JSON text with exact numbers. JavaScript's JSON.parse rounds integers beyond 2^53, which would
 * corrupt INT64 values, so the reader keeps each number's text (`JsonNumber`); the writer prints
 * `JsonNumber` text and bigints as they are, and everything else as JSON.stringify does.
 */
import { DataException } from '@tsconnect/api';

export class JsonNumber {
  constructor(readonly text: string) {}

  get isIntegral(): boolean {
    return /^-?\d+$/.test(this.text);
  }

  toNumber(): number {
    return Number(this.text);
  }

  toBigInt(): bigint {
    if (this.isIntegral) return BigInt(this.text);
    return BigInt(Math.trunc(Number(this.text)));
  }
}

/** A parsed JSON value: objects keep key order (Map), numbers keep their text. */
export type JsonValue = null | boolean | string | JsonNumber | JsonValue[] | Map<string, JsonValue>;

export function writeJsonText(value: unknown): string {
  if (value instanceof JsonNumber) return value.text;
  if (typeof value === 'bigint') return value.toString();
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(writeJsonText).join(',')}]`;
  if (value instanceof Map) {
    return `{${[...value].map(([k, v]) => `${JSON.stringify(String(k))}:${writeJsonText(v)}`).join(',')}}`;
  }
  if (typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${JSON.stringify(k)}:${writeJsonText(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

export function parseJsonText(text: string): JsonValue {
  let pos = 0;
  const fail = (what: string): never => {
    throw new DataException(`Invalid JSON at offset ${pos}: ${what}`);
  };
  const skip = (): void => {
    while (pos < text.length && ' \t\n\r'.includes(text[pos]!)) pos++;
  };
  const readString = (): string => {
    const start = pos;
    pos++;
    while (pos < text.length && text[pos] !== '"') pos += text[pos] === '\\' ? 2 : 1;
    if (pos >= text.length) fail('unterminated string');
    pos++;
    return JSON.parse(text.slice(start, pos)) as string;
  };
  const readValue = (): JsonValue => {
    skip();
    const c = text[pos];
    if (c === '{') {
      pos++;
      const out = new Map<string, JsonValue>();
      skip();
      if (text[pos] === '}') { pos++; return out; }
      for (;;) {
        skip();
        if (text[pos] !== '"') fail('expected a property name');
        const key = readString();
        skip();
        if (text[pos] !== ':') fail('expected ":"');
        pos++;
        out.set(key, readValue());
        skip();
        if (text[pos] === ',') { pos++; continue; }
        if (text[pos] === '}') { pos++; return out; }
        fail('expected "," or "}"');
      }
    }
    if (c === '[') {
      pos++;
      const out: JsonValue[] = [];
      skip();
      if (text[pos] === ']') { pos++; return out; }
      for (;;) {
        out.push(readValue());
        skip();
        if (text[pos] === ',') { pos++; continue; }
        if (text[pos] === ']') { pos++; return out; }
        fail('expected "," or "]"');
      }
    }
    if (c === '"') return readString();
    if (text.startsWith('true', pos)) { pos += 4; return true; }
    if (text.startsWith('false', pos)) { pos += 5; return false; }
    if (text.startsWith('null', pos)) { pos += 4; return null; }
    NUMBER.lastIndex = pos;
    const m = NUMBER.exec(text);
    if (m === null) return fail('unexpected character');
    pos += m[0].length;
    return new JsonNumber(m[0]);
  };
  const value = readValue();
  skip();
  if (pos !== text.length) fail('trailing characters');
  return value;
}
