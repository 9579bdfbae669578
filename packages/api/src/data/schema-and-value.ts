import { javaToString } from './java-text.js';
import { schemasEqual, type Schema } from './schema.js';
import { valuesEqual } from './values-equal.js';

/** A value with its schema, as converters return it. `SchemaAndValue.NULL` is (null, null). */
export class SchemaAndValue {
  static readonly NULL = new SchemaAndValue(null, null);

  constructor(
    readonly schema: Schema | null,
    readonly value: unknown,
  ) {
    Object.freeze(this);
  }

  equals(other: unknown): boolean {
    if (this === other) return true;
    if (!(other instanceof SchemaAndValue)) return false;
    return schemasEqual(this.schema, other.schema) && valuesEqual(this.value, other.value);
  }

  toString(): string {
    return `SchemaAndValue{schema=${this.schema?.toString() ?? 'null'}, value=${javaToString(this.value, this.schema)}}`;
  }
}
