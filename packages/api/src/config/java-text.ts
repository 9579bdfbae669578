/**
 * How Java writes and reads the few values that reach Kafka's REST JSON and error messages. A Java
 * worker's answers are built with Java's String.trim, Double.toString and HashSet iteration order;
 * ours must produce the same text. Internal to the config folder: not part of the plugin API.
 */

/** Java's String.trim: strips every char up to U+0020 at both ends, and nothing else. */
export function javaTrim(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) <= 0x20) start++;
  while (end > start && text.charCodeAt(end - 1) <= 0x20) end--;
  return text.slice(start, end);
}

function singleUpper(c: string): string {
  const u = c.toUpperCase();
  return u.length === 1 ? u : c;
}

function singleLower(c: string): string {
  const l = c.toLowerCase();
  return l.length === 1 ? l : c;
}

/** Java's String.equalsIgnoreCase: char by char, equal after upper- or lower-casing each char. */
export function javaEqualsIgnoreCase(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const c1 = a[i]!;
    const c2 = b[i]!;
    if (c1 === c2) continue;
    const u1 = singleUpper(c1);
    const u2 = singleUpper(c2);
    if (u1 === u2 || singleLower(u1) === singleLower(u2)) continue;
    return false;
  }
  return true;
}

/**
 * Java's Double.toString (JDK 19+): the shortest decimal that reads back as the same double,
 * written plainly between 10^-3 and 10^7 ("100.0", "0.001") and as "d.dddE<n>" outside.
 */
export function javaDoubleToString(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const sign = value < 0 ? '-' : '';
  const abs = Math.abs(value);
  let [mantissa, exp] = abs.toExponential().split('e') as [string, string];
  // With a one-digit shortest form Java picks a two-digit one when it is closer (4.9E-324).
  if (!mantissa.includes('.')) {
    const [two, twoExp] = abs.toExponential(1).split('e') as [string, string];
    if (Number(`${two}e${twoExp}`) === abs && !two.endsWith('0')) [mantissa, exp] = [two, twoExp];
  }
  const digits = mantissa.replace('.', '');
  const e = Number(exp);
  if (abs >= 1e-3 && abs < 1e7) {
    if (e >= 0) {
      const intPart = digits.slice(0, e + 1).padEnd(e + 1, '0');
      const fraction = digits.slice(e + 1) || '0';
      return `${sign}${intPart}.${fraction}`;
    }
    return `${sign}0.${'0'.repeat(-e - 1)}${digits}`;
  }
  return `${sign}${digits[0]}.${digits.slice(1) || '0'}E${e}`;
}

const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

/**
 * A LONG value as Java prints it. Integers beyond 2^53 are not exact in a JS number; the nearest
 * double to Long.MAX_VALUE is 2^63, outside the long range, so clamping prints Long.MAX_VALUE
 * (and Long.MIN_VALUE) exactly as Java does.
 */
export function javaLongToString(value: number): string {
  if (Number.isSafeInteger(value)) return String(value);
  if (!Number.isInteger(value)) return String(value);
  let big = BigInt(value);
  if (big > LONG_MAX) big = LONG_MAX;
  if (big < LONG_MIN) big = LONG_MIN;
  return big.toString();
}

/** Java's String.hashCode. */
function javaStringHash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(31, h) + text.charCodeAt(i)) | 0;
  return h;
}

/**
 * The iteration order of a java.util.HashSet<String> filled with `items` in the given order:
 * by bucket (spread hash masked by the table size, which starts at 16 and doubles past a 0.75
 * load), then by insertion within a bucket. Kafka prints some sets (CaseInsensitiveValidString)
 * in this order, so our messages list them the same way.
 */
export function javaHashSetOrder(items: Iterable<string>): string[] {
  const unique = [...new Set(items)];
  let capacity = 16;
  while (unique.length > capacity * 0.75) capacity *= 2;
  const bucket = (s: string): number => {
    const h = javaStringHash(s);
    return (h ^ (h >>> 16)) & (capacity - 1);
  };
  return unique
    .map((s, i) => ({ s, i, b: bucket(s) }))
    .sort((x, y) => x.b - y.b || x.i - y.i)
    .map((x) => x.s);
}

/** A value as Java's String.valueOf would show it in a message: lists as "[a, b]". */
export function javaValueString(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(javaValueString).join(', ')}]`;
  return String(value);
}

/** The name used in "but it was a <type>" messages for a value of the wrong type. */
export function jsTypeName(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'Object';
  return typeof value;
}
