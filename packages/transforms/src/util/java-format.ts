/** Java's `String.split` on a literal separator: trailing empty strings are dropped. */
export function javaSplit(text: string, separator: string): string[] {
  const parts = text.split(separator);
  while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  if (parts.length === 1 && parts[0] === '' && text !== '') return [];
  return parts;
}

/** Java's integer `parse*` (`Integer.parseInt`, ...): optional sign, decimal digits, in range; else null. */
export function parseJavaInteger(text: string, bits: 8 | 16 | 32 | 64): bigint | null {
  if (!/^[+-]?\d+$/.test(text)) return null;
  const value = BigInt(text);
  const limit = 1n << BigInt(bits - 1);
  return value >= -limit && value < limit ? value : null;
}

/** Java's `Double.parseDouble`: trims, accepts NaN, Infinity and an `f`/`d` suffix; else null. */
export function parseJavaDouble(text: string): number | null {
  // eslint-disable-next-line no-control-regex -- Java's text rules name control characters
  const trimmed = text.replace(/^[\x00-\x20]+|[\x00-\x20]+$/g, '');
  const m = /^([+-]?)(NaN|Infinity|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)[fFdD]?$/.exec(trimmed);
  if (!m) return null;
  return Number(`${m[1]}${m[2]}`);
}
