import { DataException, SchemaBuilder, SchemaBuilderException, schemasEqual, Struct, type Schema } from '@tsconnect/api';
import { copySchemaBasics } from '../util/schema-util.js';
import type { RowValue } from './row-value.js';
import { transformDataError } from './transform-error.js';

/** A field appended to a row: its name, its schema (ignored for schemaless rows) and its value. */
export interface ExtraField {
  readonly name: string;
  readonly schema: Schema | null;
  readonly value: unknown;
}

interface CachedSchema {
  readonly extras: readonly ExtraField[];
  readonly schema: Schema;
}

function sameShape(a: readonly ExtraField[], b: readonly ExtraField[]): boolean {
  return a.length === b.length && a.every((e, i) => e.name === b[i]!.name && schemasEqual(e.schema, b[i]!.schema));
}

/**
 * Appends metadata fields (operation, source timestamp, deleted marker, ...) to a row. For a
 * Struct the new schema keeps the row schema's name, version, doc and parameters and is cached
 * per row schema, so a stream of rows of one table yields one output schema object.
 */
export class RowExtender {
  readonly #transform: string;
  readonly #cache = new WeakMap<Schema, CachedSchema[]>();

  constructor(transform: string) {
    this.#transform = transform;
  }

  /** @param replaceNullWithDefault copy a row field's schema default where its value is null. */
  extend(row: RowValue, extras: readonly ExtraField[], replaceNullWithDefault: boolean): RowValue {
    if (!(row instanceof Struct)) {
      const extended: Record<string, unknown> = { ...row };
      for (const extra of extras) {
        if (Object.hasOwn(extended, extra.name)) throw this.#duplicate(extra.name);
        extended[extra.name] = extra.value;
      }
      return extended;
    }
    const schema = this.#schemaFor(row.schema, extras);
    const extended = new Struct(schema);
    for (const field of row.schema.fields) {
      extended.put(field.name, replaceNullWithDefault ? row.get(field) : row.getWithoutDefault(field.name));
    }
    for (const extra of extras) {
      try {
        extended.put(extra.name, extra.value);
      } catch (error) {
        if (error instanceof DataException) {
          throw transformDataError(this.#transform, `cannot set field '${extra.name}': ${error.message}`, error);
        }
        throw error;
      }
    }
    return extended;
  }

  #schemaFor(rowSchema: Schema, extras: readonly ExtraField[]): Schema {
    let entries = this.#cache.get(rowSchema);
    const hit = entries?.find((entry) => sameShape(entry.extras, extras));
    if (hit) return hit.schema;
    const builder = copySchemaBasics(rowSchema, SchemaBuilder.struct());
    for (const field of rowSchema.fields) builder.addField(field.name, field.schema);
    for (const extra of extras) {
      if (extra.schema === null) {
        throw transformDataError(this.#transform, `no schema for field '${extra.name}' to add to a row with a schema`);
      }
      try {
        builder.addField(extra.name, extra.schema);
      } catch (error) {
        if (error instanceof SchemaBuilderException) throw this.#duplicate(extra.name);
        throw error;
      }
    }
    const schema = builder.build();
    if (entries === undefined) this.#cache.set(rowSchema, (entries = []));
    entries.push({ extras: extras.map((e) => ({ name: e.name, schema: e.schema, value: null })), schema });
    return schema;
  }

  #duplicate(name: string): DataException {
    return transformDataError(this.#transform, `cannot add field '${name}': the row already has a field of that name`);
  }
}
