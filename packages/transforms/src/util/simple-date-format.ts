/**
 * `java.text.SimpleDateFormat` patterns in UTC, for TimestampConverter and TimestampRouter:
 * `yyyy-MM-dd'T'HH:mm:ss.SSSZ` and friends. Supported letters: G y M L d D E u a H k K h m s S z Z X;
 * `'...'` quotes literals and `''` is a single quote. Like `DateFormat.parse(String)`, parsing reads
 * from the start and ignores text after the pattern; adjacent numeric fields take their width.
 */

const JAVA_PATTERN_LETTERS = 'GyMdkHmsSEDFwWahKzZYuXL';
const SUPPORTED_LETTERS = 'GyMLdDEuaHkKhmsSzZX';
const NUMERIC_LETTERS = 'yMLdDuHkKhmsS';
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October',
  'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MILLIS_PER_DAY = 86_400_000;

type Token = { literal: string } | { letter: string; count: number };

function tokenize(pattern: string): Token[] {
  const tokens: Token[] = [];
  const pushLiteral = (text: string): void => {
    const last = tokens[tokens.length - 1];
    if (last && 'literal' in last) last.literal += text;
    else tokens.push({ literal: text });
  };
  for (let i = 0; i < pattern.length;) {
    const c = pattern[i]!;
    if (c === "'") {
      if (pattern[i + 1] === "'") { pushLiteral("'"); i += 2; continue; }
      let text = '';
      let j = i + 1;
      for (;; j++) {
        if (j >= pattern.length) throw new Error('Unterminated quote');
        if (pattern[j] === "'") {
          if (pattern[j + 1] === "'") { text += "'"; j++; continue; }
          break;
        }
        text += pattern[j];
      }
      pushLiteral(text);
      i = j + 1;
    } else if (/[a-zA-Z]/.test(c)) {
      if (!JAVA_PATTERN_LETTERS.includes(c)) throw new Error(`Illegal pattern character '${c}'`);
      if (!SUPPORTED_LETTERS.includes(c)) throw new Error(`Pattern character '${c}' is not supported`);
      let j = i;
      while (pattern[j] === c) j++;
      tokens.push({ letter: c, count: j - i });
      i = j;
    } else {
      pushLiteral(c);
      i++;
    }
  }
  return tokens;
}

function pad(n: number, width: number): string {
  const text = String(Math.abs(n)).padStart(width, '0');
  return n < 0 ? `-${text}` : text;
}

/** Raised when text does not match the pattern; `index` is where parsing stopped. */
export class DateParseError extends Error {
  constructor(message: string, readonly index: number) {
    super(message);
  }
}

export class SimpleDateFormat {
  readonly #tokens: Token[];

  /** @throws Error (Java's IllegalArgumentException) for an invalid or unsupported pattern. */
  constructor(readonly pattern: string) {
    this.#tokens = tokenize(pattern);
  }

  toPattern(): string {
    return this.pattern;
  }

  format(date: Date): string {
    return this.#tokens.map((token) => ('literal' in token ? token.literal : formatField(date, token))).join('');
  }

  /** The instant the text describes (UTC unless it carries a zone). */
  parse(text: string): Date {
    const fields = { year: 1970, month: 0, day: 1, hour: 0, minute: 0, second: 0, millis: 0, pm: null as boolean | null,
      hourOfHalfDay: null as number | null, offsetMinutes: 0, twoDigitYear: false };
    let pos = 0;
    this.#tokens.forEach((token, index) => {
      if ('literal' in token) {
        if (!text.startsWith(token.literal, pos)) throw new DateParseError('Unparseable date', pos);
        pos += token.literal.length;
        return;
      }
      const next = this.#tokens[index + 1];
      const abutting = next !== undefined && 'letter' in next && NUMERIC_LETTERS.includes(next.letter) &&
        !((next.letter === 'M' || next.letter === 'L') && next.count >= 3);
      pos = parseField(text, pos, token, abutting, fields);
    });
    if (fields.hourOfHalfDay !== null) fields.hour = fields.hourOfHalfDay + (fields.pm ? 12 : 0);
    if (fields.twoDigitYear) fields.year = resolveTwoDigitYear(fields.year);
    const utc = new Date(0);
    utc.setUTCFullYear(fields.year, fields.month, fields.day);
    utc.setUTCHours(fields.hour, fields.minute, fields.second, fields.millis);
    return new Date(utc.getTime() - fields.offsetMinutes * 60_000);
  }
}

/** Java's rule: a two-digit year lands within 80 years before and 20 years after now. */
function resolveTwoDigitYear(yy: number): number {
  const start = new Date().getUTCFullYear() - 80;
  const century = Math.floor(start / 100) * 100;
  const year = century + yy;
  return year < start ? year + 100 : year;
}

function formatField(date: Date, { letter, count }: { letter: string; count: number }): string {
  const hour = date.getUTCHours();
  switch (letter) {
    case 'G': return date.getUTCFullYear() > 0 ? 'AD' : 'BC';
    case 'y': {
      const year = date.getUTCFullYear();
      return count === 2 ? pad(year % 100, 2) : pad(year, count);
    }
    case 'M': case 'L': {
      const month = date.getUTCMonth();
      if (count >= 4) return MONTHS[month]!;
      if (count === 3) return MONTHS[month]!.slice(0, 3);
      return pad(month + 1, count);
    }
    case 'd': return pad(date.getUTCDate(), count);
    case 'D': {
      const dayOfYear = Math.floor((date.getTime() - Date.UTC(date.getUTCFullYear(), 0, 1)) / MILLIS_PER_DAY) + 1;
      return pad(dayOfYear, count);
    }
    case 'E': return count >= 4 ? DAYS[date.getUTCDay()]! : DAYS[date.getUTCDay()]!.slice(0, 3);
    case 'u': return pad(date.getUTCDay() === 0 ? 7 : date.getUTCDay(), count);
    case 'a': return hour < 12 ? 'AM' : 'PM';
    case 'H': return pad(hour, count);
    case 'k': return pad(hour === 0 ? 24 : hour, count);
    case 'K': return pad(hour % 12, count);
    case 'h': return pad(hour % 12 === 0 ? 12 : hour % 12, count);
    case 'm': return pad(date.getUTCMinutes(), count);
    case 's': return pad(date.getUTCSeconds(), count);
    case 'S': return pad(date.getUTCMilliseconds(), count);
    case 'z': return count >= 4 ? 'Coordinated Universal Time' : 'UTC';
    case 'Z': return '+0000';
    default: return 'Z'; // X: ISO 8601 zone, "Z" for UTC
  }
}

interface ParsedFields {
  year: number; month: number; day: number; hour: number; minute: number; second: number; millis: number;
  pm: boolean | null; hourOfHalfDay: number | null; offsetMinutes: number; twoDigitYear: boolean;
}

function matchName(text: string, pos: number, names: readonly string[]): { index: number; end: number } {
  let best: { index: number; end: number } | null = null;
  names.forEach((name, index) => {
    for (const candidate of [name, name.slice(0, 3)]) {
      const slice = text.slice(pos, pos + candidate.length);
      if (slice.toLowerCase() === candidate.toLowerCase() && (!best || best.end < pos + candidate.length)) {
        best = { index, end: pos + candidate.length };
      }
    }
  });
  if (!best) throw new DateParseError('Unparseable date', pos);
  return best;
}

function parseZone(text: string, pos: number): { offset: number; end: number } {
  if (text[pos] === 'Z') return { offset: 0, end: pos + 1 };
  const named = /^(?:UTC|GMT)/.exec(text.slice(pos));
  let start = pos;
  if (named) {
    start += named[0].length;
    if (text[start] !== '+' && text[start] !== '-') return { offset: 0, end: start };
  }
  const m = /^([+-])(\d{2}):?(\d{2})?/.exec(text.slice(start));
  if (!m) throw new DateParseError('Unparseable date', pos);
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return { offset: m[1] === '-' ? -minutes : minutes, end: start + m[0].length };
}

function parseField(text: string, pos: number, token: { letter: string; count: number }, abutting: boolean,
  fields: ParsedFields): number {
  const { letter, count } = token;
  if ((letter === 'M' || letter === 'L') && count >= 3) {
    const { index, end } = matchName(text, pos, MONTHS);
    fields.month = index;
    return end;
  }
  switch (letter) {
    case 'E': return matchName(text, pos, DAYS).end;
    case 'G': {
      const era = /^(AD|BC)/i.exec(text.slice(pos));
      if (!era) throw new DateParseError('Unparseable date', pos);
      return pos + 2;
    }
    case 'a': {
      const marker = /^(AM|PM)/i.exec(text.slice(pos));
      if (!marker) throw new DateParseError('Unparseable date', pos);
      fields.pm = marker[1]!.toUpperCase() === 'PM';
      return pos + 2;
    }
    case 'z': case 'Z': case 'X': {
      const { offset, end } = parseZone(text, pos);
      fields.offsetMinutes = offset;
      return end;
    }
  }
  const digits = abutting ? new RegExp(`^\\d{${count}}`).exec(text.slice(pos)) : /^\d+/.exec(text.slice(pos));
  if (!digits) throw new DateParseError('Unparseable date', pos);
  const n = Number(digits[0]);
  switch (letter) {
    case 'y':
      fields.year = n;
      fields.twoDigitYear = count <= 2 && digits[0].length === 2;
      break;
    case 'M': case 'L': fields.month = n - 1; break;
    case 'd': fields.day = n; break;
    case 'H': fields.hour = n; break;
    case 'k': fields.hour = n === 24 ? 0 : n; break;
    case 'K': fields.hourOfHalfDay = n; break;
    case 'h': fields.hourOfHalfDay = n === 12 ? 0 : n; break;
    case 'm': fields.minute = n; break;
    case 's': fields.second = n; break;
    case 'S': fields.millis = n; break;
    default: break; // D and u carry nothing the other fields do not
  }
  return pos + digits[0].length;
}
