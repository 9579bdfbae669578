import { DataException } from '../errors.js';
import type { BigDecimal } from './big-decimal.js';
import { validateValue } from './connect-schema.js';
import type { Field } from './field.js';
import { javaToString } from './java-text.js';
import type { Schema } from './schema.js';
import type { SchemaType } from './schema-type.js';
import { STRUCT_BRAND } from './struct-brand.js';
import { hashValue, valuesEqual } from './values-equal.js';

/**
 * A value of a STRUCT schema: one slot per field. `put` validates at once; `get` falls back to the
 * field's default when the stored value is null; `validate` checks that required fields are set.
 */
export class Struct {
  readonly schema: Schema;

  get [STRUCT_BRAND](): true {
    return true;
  }
  readonly #values: unknown[];

  constructor(schema: Schema) {
    if (schema.type !== 'STRUCT') throw new DataException(`Not a struct schema: ${schema.toString()}`);
    this.schema = schema;
    this.#values = new Array<unknown>(schema.fields.length).fill(null);
  }

  /** The stored value, or the field schema's default when it is null. */
  get(field: string | Field): unknown {
    const f = typeof field === 'string' ? this.#lookupField(field) : field;
    const value = this.#values[f.index];
    return value === null && f.schema.defaultValue !== null ? f.schema.defaultValue : value;
  }

  /** The stored value, without falling back to the default. */
  getWithoutDefault(fieldName: string): unknown {
    return this.#values[this.#lookupField(fieldName).index];
  }

  getInt8(fieldName: string): number | null { return this.#getCheckType(fieldName, 'INT8') as number | null; }
  getInt16(fieldName: string): number | null { return this.#getCheckType(fieldName, 'INT16') as number | null; }
  getInt32(fieldName: string): number | null { return this.#getCheckType(fieldName, 'INT32') as number | null; }
  getInt64(fieldName: string): bigint | null { return this.#getCheckType(fieldName, 'INT64') as bigint | null; }
  getFloat32(fieldName: string): number | null { return this.#getCheckType(fieldName, 'FLOAT32') as number | null; }
  getFloat64(fieldName: string): number | null { return this.#getCheckType(fieldName, 'FLOAT64') as number | null; }
  getBoolean(fieldName: string): boolean | null { return this.#getCheckType(fieldName, 'BOOLEAN') as boolean | null; }
  getString(fieldName: string): string | null { return this.#getCheckType(fieldName, 'STRING') as string | null; }
  /** BYTES fields, including Decimal ones stored as `BigDecimal` (returned as stored). */
  getBytes(fieldName: string): Uint8Array | BigDecimal | null {
    return this.#getCheckType(fieldName, 'BYTES') as Uint8Array | BigDecimal | null;
  }
  getArray<T = unknown>(fieldName: string): T[] | null { return this.#getCheckType(fieldName, 'ARRAY') as T[] | null; }
  getMap<K = unknown, V = unknown>(fieldName: string): Map<K, V> | null {
    return this.#getCheckType(fieldName, 'MAP') as Map<K, V> | null;
  }
  getStruct(fieldName: string): Struct | null { return this.#getCheckType(fieldName, 'STRUCT') as Struct | null; }

  /** Sets a field after validating the value against the field's schema. */
  put(field: string | Field, value: unknown): this {
    if (field == null) throw new DataException('field cannot be null.');
    const f = typeof field === 'string' ? this.#lookupField(field) : field;
    validateValue(f.schema, value, f.name);
    this.#values[f.index] = value ?? null;
    return this;
  }

  /** Throws `DataException` if a required field without a default is unset, or a value is invalid. */
  validate(): void {
    for (const field of this.schema.fields) {
      const value = this.#values[field.index];
      if (value === null && (field.schema.isOptional || field.schema.defaultValue !== null)) continue;
      validateValue(field.schema, value, field.name);
    }
  }

  equals(other: unknown): boolean {
    if (this === other) return true;
    if (!(other instanceof Struct)) return false;
    if (!this.schema.equals(other.schema)) return false;
    return this.#values.every((v, i) => valuesEqual(v, other.#values[i]));
  }

  hashCode(): number {
    let h = this.schema.hashCode();
    for (const v of this.#values) h = (Math.imul(h, 31) + hashValue(v)) | 0;
    return h;
  }

  /** Kafka's form: `Struct{name=Ann,age=3}`, null fields left out. */
  toString(): string {
    const parts: string[] = [];
    for (const field of this.schema.fields) {
      const value = this.#values[field.index];
      if (value !== null) parts.push(`${field.name}=${javaToString(value, field.schema)}`);
    }
    return `Struct{${parts.join(',')}}`;
  }

  #lookupField(fieldName: string): Field {
    const field = this.schema.field(fieldName);
    if (field === null) throw new DataException(`${fieldName} is not a valid field name`);
    return field;
  }

  #getCheckType(fieldName: string, type: SchemaType): unknown {
    const field = this.#lookupField(fieldName);
    if (field.schema.type !== type) throw new DataException(`Field '${fieldName}' is not of type ${type}`);
    return this.#values[field.index];
  }
}
