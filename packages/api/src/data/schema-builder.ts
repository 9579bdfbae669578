import { DataException, SchemaBuilderException } from '../errors.js';
import { ConnectSchema, validateValue } from './connect-schema.js';
import { Field } from './field.js';
import type { Schema } from './schema.js';
import type { SchemaType } from './schema-type.js';

let nextIdentityHash = 1;

/**
 * Fluent construction of a `ConnectSchema`, with Kafka's `SchemaBuilder` checks: each of
 * optional/default/name/version/doc may be set once, defaults must validate, struct field names
 * must be unique and non-empty. A builder is itself a `Schema`, compared by identity.
 */
export class SchemaBuilder implements Schema {
  readonly type: SchemaType;
  #optional: boolean | null = null;
  #defaultValue: unknown = null;
  #name: string | null = null;
  #version: number | null = null;
  #doc: string | null = null;
  #parameters: Map<string, string> | null = null;
  readonly #fields: Map<string, Field> | null;
  #keySchema: Schema | null = null;
  #valueSchema: Schema | null = null;
  #identityHash: number | undefined;

  constructor(type: SchemaType) {
    if (type == null) throw new SchemaBuilderException('type cannot be null');
    this.type = type;
    this.#fields = type === 'STRUCT' ? new Map() : null;
  }

  static type(type: SchemaType): SchemaBuilder { return new SchemaBuilder(type); }
  static int8(): SchemaBuilder { return new SchemaBuilder('INT8'); }
  static int16(): SchemaBuilder { return new SchemaBuilder('INT16'); }
  static int32(): SchemaBuilder { return new SchemaBuilder('INT32'); }
  static int64(): SchemaBuilder { return new SchemaBuilder('INT64'); }
  static float32(): SchemaBuilder { return new SchemaBuilder('FLOAT32'); }
  static float64(): SchemaBuilder { return new SchemaBuilder('FLOAT64'); }
  static bool(): SchemaBuilder { return new SchemaBuilder('BOOLEAN'); }
  static string(): SchemaBuilder { return new SchemaBuilder('STRING'); }
  static bytes(): SchemaBuilder { return new SchemaBuilder('BYTES'); }
  static struct(): SchemaBuilder { return new SchemaBuilder('STRUCT'); }

  static array(valueSchema: Schema): SchemaBuilder {
    if (valueSchema == null) throw new SchemaBuilderException('valueSchema cannot be null.');
    const builder = new SchemaBuilder('ARRAY');
    builder.#valueSchema = valueSchema;
    return builder;
  }

  static map(keySchema: Schema, valueSchema: Schema): SchemaBuilder {
    if (keySchema == null) throw new SchemaBuilderException('keySchema cannot be null.');
    if (valueSchema == null) throw new SchemaBuilderException('valueSchema cannot be null.');
    const builder = new SchemaBuilder('MAP');
    builder.#keySchema = keySchema;
    builder.#valueSchema = valueSchema;
    return builder;
  }

  get isOptional(): boolean { return this.#optional === true; }
  get defaultValue(): unknown { return this.#defaultValue; }
  get name(): string | null { return this.#name; }
  get version(): number | null { return this.#version; }
  get doc(): string | null { return this.#doc; }
  get parameters(): ReadonlyMap<string, string> | null { return this.#parameters; }
  get keySchema(): Schema | null { return this.#keySchema; }
  get valueSchema(): Schema | null { return this.#valueSchema; }

  get fields(): readonly Field[] {
    if (this.#fields === null) throw new DataException('Cannot list fields on non-struct type');
    return [...this.#fields.values()];
  }

  field(name: string): Field | null {
    if (this.#fields === null) throw new DataException('Cannot look up fields on non-struct type');
    return this.#fields.get(name) ?? null;
  }

  optional(): this {
    checkCanSet('optional', this.#optional, true);
    this.#optional = true;
    return this;
  }

  required(): this {
    checkCanSet('optional', this.#optional, false);
    this.#optional = false;
    return this;
  }

  /** Sets the default, which must validate against this schema as built so far. */
  withDefault(value: unknown): this {
    checkCanSet('default', this.#defaultValue, value);
    try {
      validateValue(this, value);
    } catch (e) {
      if (e instanceof DataException) throw new SchemaBuilderException('Invalid default value', { cause: e });
      throw e;
    }
    this.#defaultValue = value ?? null;
    return this;
  }

  withName(name: string | null): this {
    checkCanSet('name', this.#name, name);
    this.#name = name;
    return this;
  }

  withVersion(version: number | null): this {
    checkCanSet('version', this.#version, version);
    this.#version = version;
    return this;
  }

  withDoc(doc: string | null): this {
    checkCanSet('doc', this.#doc, doc);
    this.#doc = doc;
    return this;
  }

  parameter(name: string, value: string): this {
    (this.#parameters ??= new Map()).set(name, value);
    return this;
  }

  /** Adds all entries; an empty set is a no-op, so "no parameters" stays null. */
  withParameters(parameters: ReadonlyMap<string, string> | Readonly<Record<string, string>>): this {
    const entries = parameters instanceof Map ? [...parameters] : Object.entries(parameters);
    if (entries.length === 0) return this;
    for (const [k, v] of entries) this.parameter(k, v as string);
    return this;
  }

  /** Appends a STRUCT field; its index is its position. */
  addField(name: string, schema: Schema): this {
    if (this.#fields === null) throw new SchemaBuilderException(`Cannot create fields on type ${this.type}`);
    if (name == null || name === '') throw new SchemaBuilderException('fieldName cannot be null.');
    if (schema == null) throw new SchemaBuilderException(`fieldSchema for field ${name} cannot be null.`);
    if (this.#fields.has(name)) {
      throw new SchemaBuilderException(`Cannot create field because of field name duplication ${name}`);
    }
    this.#fields.set(name, new Field(name, this.#fields.size, schema));
    return this;
  }

  build(): ConnectSchema {
    return new ConnectSchema(this.type, {
      optional: this.isOptional,
      defaultValue: this.#defaultValue,
      name: this.#name,
      version: this.#version,
      doc: this.#doc,
      parameters: this.#parameters,
      fields: this.#fields === null ? null : [...this.#fields.values()],
      keySchema: this.#keySchema,
      valueSchema: this.#valueSchema,
    });
  }

  schema(): Schema {
    return this.build();
  }

  equals(other: unknown): boolean {
    return this === other;
  }

  /**
   * By identity, as `equals` (Kafka's SchemaBuilder keeps Object's identity hash). Hashing the built
   * schema instead would recurse forever when the default is a Struct of this very builder.
   */
  hashCode(): number {
    return (this.#identityHash ??= nextIdentityHash++);
  }

  toString(): string {
    return `SchemaBuilder{${this.#name !== null ? `${this.#name}:` : ''}${this.type}}`;
  }
}

function checkCanSet(attribute: string, current: unknown, next: unknown): void {
  if (current !== null && current !== next) {
    throw new SchemaBuilderException(`Invalid SchemaBuilder call: ${attribute} has already been set.`);
  }
}
