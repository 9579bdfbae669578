/**
 * Java `.properties` files, read as java.util.Properties.load does: `#`/`!` comment lines, keys
 * ended by an unescaped `=`, `:` or white space, a trailing odd backslash continuing the line
 * (the next line's leading white space dropped), and the escapes \t \n \r \f \uXXXX (any other
 * escaped character stands for itself). Later duplicates win; keys keep their first position.
 */
import { readFile } from 'node:fs/promises';
import { ConfigException } from '@tsconnect/api';

const NATURAL_LINE = /\r\n|\r|\n/;

function isBlank(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\f';
}

function skipLeadingBlanks(line: string): string {
  let i = 0;
  while (i < line.length && isBlank(line[i])) i++;
  return line.slice(i);
}

function endsWithOddBackslashes(line: string): boolean {
  let count = 0;
  for (let i = line.length - 1; i >= 0 && line[i] === '\\'; i--) count++;
  return count % 2 === 1;
}

/** The logical lines: comments and blank lines dropped, continuations joined. */
function logicalLines(text: string): string[] {
  const natural = text.split(NATURAL_LINE);
  const lines: string[] = [];
  for (let i = 0; i < natural.length; i++) {
    let line = skipLeadingBlanks(natural[i]!);
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    while (endsWithOddBackslashes(line)) {
      line = line.slice(0, -1);
      if (i + 1 >= natural.length) break;
      line += skipLeadingBlanks(natural[++i]!);
    }
    lines.push(line);
  }
  return lines;
}

const ESCAPES: Record<string, string> = { t: '\t', n: '\n', r: '\r', f: '\f' };

/** Properties.loadConvert: resolves backslash escapes. */
function unescape(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c !== '\\' || i + 1 >= text.length) {
      if (c !== '\\') out += c;
      continue;
    }
    const next = text[++i]!;
    if (next === 'u') {
      const hex = text.slice(i + 1, i + 5);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new ConfigException('Malformed \\uxxxx encoding.');
      out += String.fromCharCode(parseInt(hex, 16));
      i += 4;
    } else {
      out += ESCAPES[next] ?? next;
    }
  }
  return out;
}

function splitKeyValue(line: string): [string, string] {
  let keyEnd = 0;
  let valueStart = line.length;
  let hasSeparator = false;
  let escaped = false;
  for (; keyEnd < line.length; keyEnd++) {
    const c = line[keyEnd]!;
    if (!escaped && (c === '=' || c === ':')) {
      valueStart = keyEnd + 1;
      hasSeparator = true;
      break;
    }
    if (!escaped && isBlank(c)) {
      valueStart = keyEnd + 1;
      break;
    }
    escaped = c === '\\' ? !escaped : false;
  }
  for (; valueStart < line.length; valueStart++) {
    const c = line[valueStart]!;
    if (isBlank(c)) continue;
    if (!hasSeparator && (c === '=' || c === ':')) {
      hasSeparator = true;
      continue;
    }
    break;
  }
  return [unescape(line.slice(0, keyEnd)), unescape(line.slice(valueStart))];
}

/**
 * Parses the text of a .properties file.
 * @throws ConfigException on a malformed \uXXXX escape.
 */
export function parseProperties(text: string): Record<string, string> {
  const entries = new Map<string, string>();
  for (const line of logicalLines(text)) {
    const [key, value] = splitKeyValue(line);
    entries.set(key, value);
  }
  return Object.fromEntries(entries);
}

interface ReadPropertiesOptions {
  /**
   * Kafka's launchers load property files as ISO-8859-1 (Properties.load(InputStream)), so that
   * is the default: a file that works with a Java worker reads the same here.
   */
  encoding?: BufferEncoding;
}

/** Reads and parses a .properties file. */
export async function readPropertiesFile(
  path: string,
  options: ReadPropertiesOptions = {},
): Promise<Record<string, string>> {
  return parseProperties(await readFile(path, { encoding: options.encoding ?? 'latin1' }));
}
