import { DataException } from '../errors.js';
import { BigDecimal } from './big-decimal.js';
import type { Field } from './field.js';
import { hashString } from './hash.js';
import { javaClassName } from './java-text.js';
import { schemasEqual, type Schema } from './schema.js';
import type { SchemaType } from './schema-type.js';
import type { Struct } from './struct.js';
import { isStruct } from './struct-brand.js';
import { hashValue, valuesEqual } from './values-equal.js';

export interface ConnectSchemaOptions {
  optional?: boolean;
  defaultValue?: unknown;
  name?: string | null;
  version?: number | null;
  doc?: string | null;
  parameters?: ReadonlyMap<string, string> | Readonly<Record<string, string>> | null;
  fields?: readonly Field[] | null;
  keySchema?: Schema | null;
  valueSchema?: Schema | null;
}

/** The immutable `Schema`, normally made by `SchemaBuilder`. */
export class ConnectSchema implements Schema {
  readonly type: SchemaType;
  readonly isOptional: boolean;
  readonly defaultValue: unknown;
  readonly name: string | null;
  readonly version: number | null;
  readonly doc: string | null;
  readonly parameters: ReadonlyMap<string, string> | null;
  readonly #fields: readonly Field[] | null;
  readonly #fieldsByName: ReadonlyMap<string, Field> | null;
  readonly #keySchema: Schema | null;
  readonly #valueSchema: Schema | null;
  #hash: number | undefined;

  constructor(type: SchemaType, options: ConnectSchemaOptions = {}) {
    this.type = type;
    this.isOptional = options.optional ?? false;
    this.defaultValue = options.defaultValue ?? null;
    this.name = options.name ?? null;
    this.version = options.version ?? null;
    this.doc = options.doc ?? null;
    const params = options.parameters;
    this.parameters = params == null
      ? null
      : new Map(params instanceof Map ? params : Object.entries(params as Record<string, string>));
    if (type === 'STRUCT') {
      this.#fields = Object.freeze([...(options.fields ?? [])]);
      this.#fieldsByName = new Map(this.#fields.map((f) => [f.name, f]));
    } else if (options.fields != null) {
      throw new DataException('Cannot specify fields on non-struct type.');
    } else {
      this.#fields = null;
      this.#fieldsByName = null;
    }
    this.#keySchema = options.keySchema ?? null;
    this.#valueSchema = options.valueSchema ?? null;
  }

  get fields(): readonly Field[] {
    if (this.#fields === null) throw new DataException('Cannot list fields on non-struct type');
    return this.#fields;
  }

  field(name: string): Field | null {
    if (this.#fieldsByName === null) throw new DataException('Cannot look up fields on non-struct type');
    return this.#fieldsByName.get(name) ?? null;
  }

  get keySchema(): Schema | null {
    if (this.type !== 'MAP') throw new DataException('Cannot look up key schema on non-map type');
    return this.#keySchema;
  }

  get valueSchema(): Schema | null {
    if (this.type !== 'MAP' && this.type !== 'ARRAY') {
      throw new DataException('Cannot look up value schema on non-array and non-map type');
    }
    return this.#valueSchema;
  }

  schema(): Schema {
    return this;
  }

  /** Throws `DataException` unless the value is valid for this schema. */
  validateValue(value: unknown): void {
    validateValue(this, value);
  }

  /** Structural equality over every attribute, as Kafka's `ConnectSchema.equals`. */
  equals(other: unknown): boolean {
    if (this === other) return true;
    if (!(other instanceof ConnectSchema)) return false;
    return this.isOptional === other.isOptional &&
      this.version === other.version &&
      this.name === other.name &&
      this.doc === other.doc &&
      this.type === other.type &&
      valuesEqual(this.defaultValue, other.defaultValue) &&
      fieldListsEqual(this.#fields, other.#fields) &&
      schemasEqual(this.#keySchema, other.#keySchema) &&
      schemasEqual(this.#valueSchema, other.#valueSchema) &&
      parametersEqual(this.parameters, other.parameters);
  }

  /** Consistent with `equals`, for caches keyed by schema structure. */
  hashCode(): number {
    if (this.#hash === undefined) {
      let h = hashString(this.type);
      h = (Math.imul(h, 31) + (this.isOptional ? 1231 : 1237)) | 0;
      h = (Math.imul(h, 31) + hashString(this.name)) | 0;
      h = (Math.imul(h, 31) + (this.version ?? 0)) | 0;
      h = (Math.imul(h, 31) + hashValue(this.defaultValue)) | 0;
      for (const f of this.#fields ?? []) h = (Math.imul(h, 31) + f.hashCode()) | 0;
      h = (Math.imul(h, 31) + (this.#keySchema?.hashCode() ?? 0)) | 0;
      h = (Math.imul(h, 31) + (this.#valueSchema?.hashCode() ?? 0)) | 0;
      this.#hash = h;
    }
    return this.#hash;
  }

  toString(): string {
    return this.name !== null ? `Schema{${this.name}:${this.type}}` : `Schema{${this.type}}`;
  }
}

function fieldListsEqual(a: readonly Field[] | null, b: readonly Field[] | null): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && a.every((f, i) => f.equals(b[i]));
}

function parametersEqual(a: ReadonlyMap<string, string> | null, b: ReadonlyMap<string, string> | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

const INTEGER_RANGES: Partial<Record<SchemaType, [number, number]>> = {
  INT8: [-128, 127],
  INT16: [-32768, 32767],
  INT32: [-(2 ** 31), 2 ** 31 - 1],
};
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

const LOGICAL_CLASSES: ReadonlyMap<string, (value: unknown) => boolean> = new Map<string, (value: unknown) => boolean>([
  ['org.apache.kafka.connect.data.Decimal', (v: unknown) => v instanceof BigDecimal],
  ['org.apache.kafka.connect.data.Date', (v: unknown) => v instanceof Date],
  ['org.apache.kafka.connect.data.Time', (v: unknown) => v instanceof Date],
  ['org.apache.kafka.connect.data.Timestamp', (v: unknown) => v instanceof Date],
]);

/** Whether the value has the JS representation the schema type asks for (see docs/plugin-api.md). */
function hasExpectedClass(schema: Schema, value: unknown): boolean {
  const logical = schema.name === null ? undefined : LOGICAL_CLASSES.get(schema.name);
  if (logical) return logical(value);
  switch (schema.type) {
    case 'INT8':
    case 'INT16':
    case 'INT32': {
      const range = INTEGER_RANGES[schema.type]!;
      return typeof value === 'number' && Number.isInteger(value) && value >= range[0] && value <= range[1];
    }
    case 'INT64':
      return typeof value === 'bigint' && value >= INT64_MIN && value <= INT64_MAX;
    case 'FLOAT32':
    case 'FLOAT64':
      return typeof value === 'number';
    case 'BOOLEAN':
      return typeof value === 'boolean';
    case 'STRING':
      return typeof value === 'string';
    case 'BYTES':
      return value instanceof Uint8Array;
    case 'ARRAY':
      return Array.isArray(value);
    case 'MAP':
      return value instanceof Map;
    case 'STRUCT':
      return isStruct(value);
  }
}

function requireSchema(schema: Schema | null, prefix: string, field: string | null): Schema {
  if (schema === null) throw new DataException(`No schema defined for ${location(prefix, field)}`);
  return schema;
}

function describe(value: unknown): string {
  const cls = javaClassName(value);
  return typeof value === 'number' ? `${cls} (${value})` : cls;
}

/**
 * Kafka's `ConnectSchema.validateValue`: throws `DataException` when the value does not fit.
 * `field` names the struct field in the message (`field: "x"`); otherwise it says `value`.
 */
export function validateValue(schema: Schema, value: unknown, field?: string | null): void {
  validateAt(schema, value, '', field ?? null);
}

/**
 * Where a value is, for messages: `prefix` says what it is an element of, `field` names the
 * struct field. Put together only for a message: a struct put validates every field.
 */
function location(prefix: string, field: string | null): string {
  return `${prefix}${field === null ? 'value' : `field: "${field}"`}`;
}

function validateAt(schema: Schema, value: unknown, prefix: string, field: string | null): void {
  if (value === null || value === undefined) {
    if (!schema.isOptional) {
      throw new DataException(`Invalid value: null used for required ${location(prefix, field)}, schema type: ${schema.type}`);
    }
    return;
  }
  if (!hasExpectedClass(schema, value)) {
    const name = schema.name !== null ? ` "${schema.name}"` : '';
    throw new DataException(
      `Invalid Java object for schema${name} with type ${schema.type}: ${describe(value)} for ${location(prefix, field)}`,
    );
  }
  switch (schema.type) {
    case 'STRUCT': {
      const struct = value as Struct;
      if (!struct.schema.equals(schema)) throw new DataException('Struct schemas do not match.');
      struct.validate();
      break;
    }
    case 'ARRAY': {
      const entryPrefix = `element of array ${prefix}`;
      const items = requireSchema(schema.valueSchema, entryPrefix, field);
      for (const entry of value as unknown[]) validateAt(items, entry, entryPrefix, field);
      break;
    }
    case 'MAP': {
      const keyPrefix = `key of map ${prefix}`;
      const valuePrefix = `value of map ${prefix}`;
      const keys = requireSchema(schema.keySchema, keyPrefix, field);
      const values = requireSchema(schema.valueSchema, valuePrefix, field);
      for (const [k, v] of value as Map<unknown, unknown>) {
        validateAt(keys, k, keyPrefix, field);
        validateAt(values, v, valuePrefix, field);
      }
      break;
    }
    default:
      break;
  }
}
