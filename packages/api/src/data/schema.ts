import type { Field } from './field.js';
import type { SchemaType } from './schema-type.js';

/**
 * The definition of a Connect value's shape, as Kafka's `org.apache.kafka.connect.data.Schema`.
 * `ConnectSchema` is the immutable implementation; `SchemaBuilder` is also a `Schema` while it is
 * being built. Absent attributes are `null`, never `undefined`.
 */
export interface Schema {
  readonly type: SchemaType;
  readonly isOptional: boolean;
  /** The default value, validated against the schema; `null` means "no default". */
  readonly defaultValue: unknown;
  readonly name: string | null;
  readonly version: number | null;
  readonly doc: string | null;
  /** Insertion-ordered; `null` when there are none (never an empty map). */
  readonly parameters: ReadonlyMap<string, string> | null;
  /** MAP only (a `ConnectSchema` throws `DataException` for other types). */
  readonly keySchema: Schema | null;
  /** MAP and ARRAY only (a `ConnectSchema` throws `DataException` for other types). */
  readonly valueSchema: Schema | null;
  /** STRUCT only (throws `DataException` for other types), in index order. */
  readonly fields: readonly Field[];
  /** The STRUCT field of that name, or null; throws `DataException` on other types. */
  field(name: string): Field | null;
  /** The built schema (a `ConnectSchema` returns itself). */
  schema(): Schema;
  equals(other: unknown): boolean;
  hashCode(): number;
  toString(): string;
}

/** True when both are null or `a.equals(b)` (Java's `Objects.equals` for schemas). */
export function schemasEqual(a: Schema | null | undefined, b: Schema | null | undefined): boolean {
  if (a === b) return true;
  if (a == null || b == null) return false;
  return a.equals(b);
}
