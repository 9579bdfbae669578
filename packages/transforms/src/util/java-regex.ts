/**
 * Java regular expressions (`java.util.regex.Pattern`) on JavaScript's RegExp. Connector configs
 * carry Java syntax; the common subset maps one to one, a few constructs are rewritten (leading
 * inline flags, `\A`, `\z`, `\Z`, `\Q...\E`) and the ones RegExp cannot express (possessive
 * quantifiers, atomic groups, `\p{...}` classes) are refused rather than silently misread.
 */

export interface JavaRegex {
  readonly pattern: string;
  /** Finds the first match anywhere (`Matcher.find`). */
  readonly search: RegExp;
  /** Matches only the whole input (`Matcher.matches`). */
  readonly whole: RegExp;
  readonly groupCount: number;
}

const INLINE_FLAGS = /^\(\?([imsuxd]+)\)/;

function unsupported(construct: string, pattern: string): Error {
  return new SyntaxError(`${construct} is not supported near index 0\n${pattern}`);
}

function escapeLiteral(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

function translate(pattern: string): { source: string; flags: string } {
  let flags = '';
  let rest = pattern;
  const inline = INLINE_FLAGS.exec(rest);
  if (inline) {
    for (const flag of inline[1]!) {
      if (flag === 'x') throw unsupported('The COMMENTS flag (?x)', pattern);
      if ('ims'.includes(flag) && !flags.includes(flag)) flags += flag;
    }
    rest = rest.slice(inline[0].length);
  }
  let out = '';
  let inClass = false;
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i]!;
    if (c === '\\') {
      const next = rest[i + 1];
      if (next === undefined) throw new SyntaxError(`Unexpected internal error near index ${pattern.length}\n${pattern}`);
      if (next === 'Q') {
        const end = rest.indexOf('\\E', i + 2);
        const literal = end < 0 ? rest.slice(i + 2) : rest.slice(i + 2, end);
        out += escapeLiteral(literal);
        i = end < 0 ? rest.length : end + 1;
        continue;
      }
      if (!inClass && next === 'A') out += '^';
      else if (!inClass && next === 'z') out += '$(?![\\s\\S])';
      else if (!inClass && next === 'Z') out += '(?=\\n?$(?![\\s\\S]))';
      else if (next === 'p' || next === 'P') throw unsupported('A \\p{...} character class', pattern);
      else out += c + next;
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      if (rest[i + 1] === '^') { out += '^'; i++; }
      if (rest[i + 1] === ']') { out += '\\]'; i++; }
      continue;
    }
    if (c === '(' && rest.startsWith('(?>', i)) throw unsupported('An atomic group (?>...)', pattern);
    if (c === '+' && i > 0 && /[*+?}]/.test(rest[i - 1]!) && rest[i - 2] !== '\\') {
      throw unsupported('A possessive quantifier', pattern);
    }
    out += c;
  }
  return { source: out, flags };
}

/** Compiles a Java regex; throws `SyntaxError` with the reason when it is not valid (or not supported). */
export function compileJavaRegex(pattern: string): JavaRegex {
  const { source, flags } = translate(pattern);
  const search = new RegExp(source, flags);
  const whole = new RegExp(`^(?:${source})$(?![\\s\\S])`, flags);
  const groupCount = (new RegExp(`${source}|`, flags).exec('')?.length ?? 1) - 1;
  return { pattern, search, whole, groupCount };
}

type ReplacementPart = string | number | { name: string };

/**
 * Parses a Java `Matcher` replacement: `$n` (the longest group number that exists), `${name}`,
 * and `\` escaping the next character. Throws `Error` as Java's `IllegalArgumentException` does.
 */
export function parseJavaReplacement(replacement: string, regex: JavaRegex): ReplacementPart[] {
  const parts: ReplacementPart[] = [];
  let literal = '';
  for (let i = 0; i < replacement.length; i++) {
    const c = replacement[i]!;
    if (c === '\\') {
      i++;
      if (i >= replacement.length) throw new Error('character to be escaped is missing');
      literal += replacement[i];
    } else if (c === '$') {
      i++;
      if (i >= replacement.length) throw new Error('Illegal group reference: group index is missing');
      if (literal) { parts.push(literal); literal = ''; }
      if (replacement[i] === '{') {
        const end = replacement.indexOf('}', i);
        if (end < 0) throw new Error("named capturing group is missing trailing '}'");
        parts.push({ name: replacement.slice(i + 1, end) });
        i = end;
        continue;
      }
      if (!/[0-9]/.test(replacement[i]!)) throw new Error('Illegal group reference');
      let group = Number(replacement[i]);
      while (i + 1 < replacement.length && /[0-9]/.test(replacement[i + 1]!)) {
        const longer = group * 10 + Number(replacement[i + 1]);
        if (longer > regex.groupCount) break;
        group = longer;
        i++;
      }
      if (group > regex.groupCount) throw new Error(`No group ${group}`);
      parts.push(group);
    } else {
      literal += c;
    }
  }
  if (literal) parts.push(literal);
  return parts;
}

/** Java's `String.replaceFirst(regex, replacement)` with a parsed replacement. */
export function javaReplaceFirst(input: string, regex: JavaRegex, replacement: readonly ReplacementPart[]): string {
  const match = regex.search.exec(input);
  if (match === null) return input;
  const text = replacement.map((part) => {
    if (typeof part === 'string') return part;
    if (typeof part === 'number') return match[part] ?? '';
    const groups = match.groups ?? {};
    if (!(part.name in groups)) throw new Error(`No group with name {${part.name}}`);
    return groups[part.name] ?? '';
  }).join('');
  return input.slice(0, match.index) + text + input.slice(match.index + match[0].length);
}
