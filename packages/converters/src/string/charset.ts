/**
 * The Java charsets StringConverter can use (`converter.encoding`), with Java's behaviour:
 * encoding replaces what the charset cannot hold with `?`, decoding replaces bad input with
 * U+FFFD. Names are matched case-insensitively against the Java names and common aliases.
 */
export interface Charset {
  readonly name: string;
  encode(text: string): Uint8Array;
  decode(bytes: Uint8Array): string;
}

const QUESTION_MARK = 0x3f;

/** Code points of a string, with lone surrogates as `undefined` (unmappable in every charset). */
function* codePoints(text: string): Generator<number | undefined> {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        i++;
        yield ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
        continue;
      }
    }
    yield c >= 0xd800 && c <= 0xdfff ? undefined : c;
  }
}

function singleByte(name: string, max: number): Charset {
  return {
    name,
    encode(text) {
      const out: number[] = [];
      for (const cp of codePoints(text)) out.push(cp !== undefined && cp <= max ? cp : QUESTION_MARK);
      return Uint8Array.from(out);
    },
    decode(bytes) {
      let out = '';
      for (const b of bytes) out += b <= max ? String.fromCharCode(b) : '\uFFFD';
      return out;
    },
  };
}

const UTF_8: Charset = {
  name: 'UTF-8',
  encode(text) {
    // Java writes '?' for a lone surrogate where TextEncoder would write U+FFFD.
    let clean = '';
    for (const cp of codePoints(text)) clean += cp === undefined ? '?' : String.fromCodePoint(cp);
    return new Uint8Array(Buffer.from(clean, 'utf8'));
  },
  decode: (bytes) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes),
};

function utf16(name: string, littleEndian: boolean, withBom: boolean): Charset {
  return {
    name,
    encode(text) {
      const units: number[] = withBom && text.length > 0 ? [0xfeff] : [];
      for (const cp of codePoints(text)) {
        if (cp === undefined) units.push(QUESTION_MARK);
        else if (cp > 0xffff) units.push(0xd800 + ((cp - 0x10000) >> 10), 0xdc00 + ((cp - 0x10000) & 0x3ff));
        else units.push(cp);
      }
      const out = new Uint8Array(units.length * 2);
      const view = new DataView(out.buffer);
      units.forEach((u, i) => view.setUint16(i * 2, u, littleEndian));
      return out;
    },
    decode(bytes) {
      let le = littleEndian;
      let start = 0;
      // Java's "UTF-16" reads a byte-order mark and defaults to big-endian.
      if (withBom && bytes.length >= 2) {
        if (bytes[0] === 0xfe && bytes[1] === 0xff) start = 2;
        else if (bytes[0] === 0xff && bytes[1] === 0xfe) [le, start] = [true, 2];
      }
      const body = bytes.subarray(start);
      const swapped = new Uint8Array(body.length);
      for (let i = 0; i + 1 < body.length; i += 2) {
        swapped[i] = le ? body[i]! : body[i + 1]!;
        swapped[i + 1] = le ? body[i + 1]! : body[i]!;
      }
      if (body.length % 2 === 1) swapped[body.length - 1] = body[body.length - 1]!;
      return new TextDecoder('utf-16le', { ignoreBOM: true }).decode(swapped);
    },
  };
}

const CHARSETS: ReadonlyMap<string, Charset> = new Map<string, Charset>([
  ...['utf-8', 'utf8', 'unicode-1-1-utf-8'].map((n) => [n, UTF_8] as const),
  ...['iso-8859-1', 'iso8859_1', 'iso_8859_1', 'iso8859-1', 'latin1', 'l1', 'iso_8859-1', 'cp819', 'ibm819']
    .map((n) => [n, singleByte('ISO-8859-1', 0xff)] as const),
  ...['us-ascii', 'ascii', 'us', 'iso646-us', 'default', 'ascii7', '646', 'cp367', 'ibm367']
    .map((n) => [n, singleByte('US-ASCII', 0x7f)] as const),
  ...['utf-16', 'utf16', 'utf_16'].map((n) => [n, utf16('UTF-16', false, true)] as const),
  ...['utf-16be', 'utf_16be', 'iso-10646-ucs-2', 'x-utf-16be', 'unicodebigunmarked'].map((n) => [n, utf16('UTF-16BE', false, false)] as const),
  ...['utf-16le', 'utf_16le', 'x-utf-16le', 'unicodelittleunmarked'].map((n) => [n, utf16('UTF-16LE', true, false)] as const),
]);

/** The charset of that Java name or alias, or null when it is not supported here. */
export function charsetForName(name: string): Charset | null {
  return CHARSETS.get(name.toLowerCase()) ?? null;
}
