import { isPlainObject, Struct } from '@tsconnect/api';

/** A change event part (envelope, row, headers) as a converter hands it over: a Struct, or a plain object when schemaless. */
export type RowValue = Struct | Record<string, unknown>;

export function isRowValue(value: unknown): value is RowValue {
  return value instanceof Struct || isPlainObject(value);
}

/** Whether the row has the field: in its schema for a Struct, as an own key for an object. */
export function hasField(row: RowValue, name: string): boolean {
  return row instanceof Struct ? row.schema.field(name) !== null : Object.hasOwn(row, name);
}

/** The field's value as stored (no schema default), or undefined when the row has no such field. */
export function readField(row: RowValue, name: string): unknown {
  if (!hasField(row, name)) return undefined;
  return row instanceof Struct ? row.getWithoutDefault(name) : row[name];
}
