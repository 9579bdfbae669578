/**
 * Reads JSON bytes into a JsonNode tree the way Kafka's JsonDeserializer configures Jackson:
 * strict JSON, except that numbers may have leading zeros (`0012`); number text is kept whole
 * (USE_BIG_DECIMAL_FOR_FLOATS); duplicate keys keep the last value at the first position; content
 * after the first value is ignored, as Jackson's `readTree` does. Empty input gives `undefined`
 * (Jackson's missing node).
 */
import { JsonNumber, type JsonNode, type JsonObject } from './json-node.js';

export class JsonParseError extends Error {}

// ignoreBOM: parseJson skips one byte-order mark itself, as Jackson does; the decoder would drop another.
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const MAX_DEPTH = 1000;
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

class Parser {
  pos = 0;

  constructor(readonly text: string) {}

  fail(what: string): never {
    const found = this.pos < this.text.length ? `'${this.text[this.pos]}'` : 'end-of-input';
    throw new JsonParseError(`${what}: found ${found} at position ${this.pos}`);
  }

  skipWhitespace(): void {
    while (this.pos < this.text.length && isWhitespace(this.text.charCodeAt(this.pos))) this.pos++;
  }

  value(depth: number): JsonNode {
    if (depth > MAX_DEPTH) this.fail('Nesting too deep');
    this.skipWhitespace();
    const c = this.text[this.pos];
    switch (c) {
      case '{': return this.object(depth);
      case '[': return this.array(depth);
      case '"': return this.string();
      case 't': return this.literal('true', true);
      case 'f': return this.literal('false', false);
      case 'n': return this.literal('null', null);
      default:
        if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
        return this.fail('Unexpected character');
    }
  }

  literal<T extends JsonNode>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.pos)) this.fail(`Expected '${word}'`);
    this.pos += word.length;
    const next = this.text[this.pos];
    if (next !== undefined && /[A-Za-z0-9_$]/.test(next)) this.fail('Unrecognized token');
    return value;
  }

  number(): JsonNumber {
    NUMBER.lastIndex = this.pos;
    const m = NUMBER.exec(this.text);
    if (m === null) this.fail('Invalid number');
    this.pos += m[0].length;
    const next = this.text[this.pos];
    if (next !== undefined && /[.eE0-9A-Za-z]/.test(next)) this.fail('Invalid number');
    // Leading zeros are allowed (ALLOW_LEADING_ZEROS_FOR_NUMBERS) but not kept in the text.
    return new JsonNumber(m[0].replace(/^(-?)0+(?=\d)/, '$1'));
  }

  string(): string {
    this.pos++; // opening quote
    let out = '';
    let start = this.pos;
    for (;;) {
      if (this.pos >= this.text.length) this.fail('Unexpected end-of-input in string');
      const c = this.text.charCodeAt(this.pos);
      if (c === 0x22) {
        out += this.text.slice(start, this.pos);
        this.pos++;
        return out;
      }
      if (c < 0x20) this.fail('Illegal unquoted character in string');
      if (c === 0x5c) {
        out += this.text.slice(start, this.pos);
        out += this.escape();
        start = this.pos;
        continue;
      }
      this.pos++;
    }
  }

  escape(): string {
    const e = this.text[this.pos + 1];
    this.pos += 2;
    switch (e) {
      case '"': return '"';
      case '\\': return '\\';
      case '/': return '/';
      case 'b': return '\b';
      case 'f': return '\f';
      case 'n': return '\n';
      case 'r': return '\r';
      case 't': return '\t';
      case 'u': {
        const hex = this.text.slice(this.pos, this.pos + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('Invalid unicode escape');
        this.pos += 4;
        return String.fromCharCode(parseInt(hex, 16));
      }
      default:
        this.pos -= 1;
        return this.fail('Unrecognized character escape');
    }
  }

  array(depth: number): JsonNode[] {
    this.pos++;
    const out: JsonNode[] = [];
    this.skipWhitespace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return out;
    }
    for (;;) {
      out.push(this.value(depth + 1));
      this.skipWhitespace();
      const c = this.text[this.pos++];
      if (c === ']') return out;
      if (c !== ',') {
        this.pos--;
        this.fail("Expected ',' or ']'");
      }
    }
  }

  object(depth: number): JsonObject {
    this.pos++;
    const out: JsonObject = new Map();
    this.skipWhitespace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.pos] !== '"') this.fail('Expected a field name in double quotes');
      const key = this.string();
      this.skipWhitespace();
      if (this.text[this.pos] !== ':') this.fail("Expected ':'");
      this.pos++;
      out.set(key, this.value(depth + 1));
      this.skipWhitespace();
      const c = this.text[this.pos++];
      if (c === '}') return out;
      if (c !== ',') {
        this.pos--;
        this.fail("Expected ',' or '}'");
      }
    }
  }
}

/** The JSON value at `start` of `text` (leading whitespace skipped) and where it ends. Throws JsonParseError. */
export function parseJsonValueAt(text: string, start: number): { node: JsonNode; end: number } {
  const parser = new Parser(text);
  parser.pos = start;
  const node = parser.value(1);
  return { node, end: parser.pos };
}

/** Parses UTF-8 JSON; `undefined` for empty or whitespace-only input. Throws JsonParseError. */
export function parseJson(bytes: Uint8Array): JsonNode | undefined {
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch (cause) {
    throw new JsonParseError('Invalid UTF-8 in JSON input', { cause });
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const parser = new Parser(text);
  parser.skipWhitespace();
  if (parser.pos >= text.length) return undefined;
  return parser.value(0);
}
