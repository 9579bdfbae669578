import { SchemaBuilder, Struct, type Schema } from '@tsconnect/api';
import { hasField, type RowValue } from './row-value.js';
import { transformDataError } from './transform-error.js';

interface RecordKey {
  readonly keySchema: Schema | null;
  readonly key: unknown;
}

/**
 * Builds a record key from row fields, as ValueToKey does: an unnamed struct of those fields
 * (its schema cached per row schema), or a plain object when schemaless.
 */
export class RowKeyBuilder {
  readonly #transform: string;
  readonly #configName: string;
  readonly #fields: readonly string[];
  readonly #schemas = new WeakMap<Schema, Schema>();

  constructor(transform: string, configName: string, fields: readonly string[]) {
    this.#transform = transform;
    this.#configName = configName;
    this.#fields = fields;
  }

  keyOf(row: RowValue): RecordKey {
    for (const field of this.#fields) {
      if (!hasField(row, field)) {
        throw transformDataError(this.#transform, `${this.#configName} field '${field}' is not a field of the row`);
      }
    }
    if (!(row instanceof Struct)) {
      return { keySchema: null, key: Object.fromEntries(this.#fields.map((field) => [field, row[field]])) };
    }
    let keySchema = this.#schemas.get(row.schema);
    if (keySchema === undefined) {
      const builder = SchemaBuilder.struct();
      for (const field of this.#fields) builder.addField(field, row.schema.field(field)!.schema);
      keySchema = builder.build();
      this.#schemas.set(row.schema, keySchema);
    }
    const key = new Struct(keySchema);
    for (const field of this.#fields) key.put(field, row.get(field));
    return { keySchema, key };
  }
}
