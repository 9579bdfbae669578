/**
 * Tells a Struct from other values without importing struct.ts, whose own imports (validation,
 * equality, text forms) need this test: an `instanceof Struct` there would close an import cycle.
 */
import type { Struct } from './struct.js';

export const STRUCT_BRAND: unique symbol = Symbol('tsconnect.Struct');

export function isStruct(value: unknown): value is Struct {
  return typeof value === 'object' && value !== null && (value as { [STRUCT_BRAND]?: true })[STRUCT_BRAND] === true;
}
