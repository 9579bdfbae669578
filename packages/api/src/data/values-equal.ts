import { BigDecimal } from './big-decimal.js';
import { hashString } from './hash.js';
import { isPlainObject } from './plain-object.js';
import { isStruct } from './struct-brand.js';

/**
 * Deep equality of Connect values, as Java's `Objects.deepEquals` with the value classes' own
 * `equals`: bytes by content, lists in order, maps by entries (any order), structs by schema and
 * values, dates by instant, decimals by unscaled value and scale, numbers with `Object.is` (so NaN
 * equals NaN and 0 differs from -0, as Java's `Double.equals` has it).
 */
export function valuesEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (a === null || b === null || a === undefined || b === undefined) {
    return (a ?? null) === (b ?? null);
  }
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (a instanceof Uint8Array) {
    if (!(b instanceof Uint8Array) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((v, i) => valuesEqual(v, b[i]));
  }
  if (a instanceof Map) return b instanceof Map && mapsEqual(a, b);
  if (a instanceof Date) return b instanceof Date && a.getTime() === b.getTime();
  if (a instanceof BigDecimal || isStruct(a)) return a.equals(b);
  if (isPlainObject(a)) {
    if (!isPlainObject(b)) return false;
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length &&
      keys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && valuesEqual(a[k], b[k]));
  }
  return false;
}

function mapsEqual(a: Map<unknown, unknown>, b: Map<unknown, unknown>): boolean {
  if (a.size !== b.size) return false;
  for (const [key, value] of a) {
    if (b.has(key)) {
      if (!valuesEqual(value, b.get(key))) return false;
      continue;
    }
    // Keys that are objects (structs, lists) match by value, as Java's hash maps would.
    let found = false;
    for (const [otherKey, otherValue] of b) {
      if (valuesEqual(key, otherKey)) {
        found = valuesEqual(value, otherValue);
        break;
      }
    }
    if (!found) return false;
  }
  return true;
}

/** A hash consistent with `valuesEqual` (equal values, equal hashes). */
export function hashValue(value: unknown): number {
  if (value === null || value === undefined) return 0;
  switch (typeof value) {
    case 'string':
      return hashString(value);
    case 'boolean':
      return value ? 1231 : 1237;
    case 'number':
      return Number.isInteger(value) ? value | 0 : hashString(String(value));
    case 'bigint':
      return Number(BigInt.asIntN(32, value));
    default:
      break;
  }
  let h = 1;
  if (value instanceof Uint8Array || Array.isArray(value)) {
    for (const v of value as ArrayLike<unknown> & Iterable<unknown>) h = (Math.imul(h, 31) + hashValue(v)) | 0;
    return h;
  }
  if (value instanceof Map) {
    h = 0;
    for (const [k, v] of value) h = (h + (hashValue(k) ^ hashValue(v))) | 0;
    return h;
  }
  if (value instanceof Date) return value.getTime() | 0;
  if (value instanceof BigDecimal) return (Number(BigInt.asIntN(32, value.unscaledValue)) * 31 + value.scale) | 0;
  if (isStruct(value)) return value.hashCode();
  if (isPlainObject(value)) {
    h = 0;
    for (const [k, v] of Object.entries(value)) h = (h + (hashString(k) ^ hashValue(v))) | 0;
    return h;
  }
  return 0;
}
