/**
 * How Java writes and reads the few values that reach Kafka's REST JSON and error messages. A Java
 * worker's answers are built with Java's String.trim, Double.toString and HashSet iteration order;
 * ours must produce the same text (Double.toString is `formatJavaDouble` in data/java-text.ts, shared
 * with the data model; String.hashCode is `hashString` in data/hash.ts). Internal: not part of the
 * plugin API.
 */
import { hashString } from '../data/hash.js';

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
    const h = hashString(s);
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
