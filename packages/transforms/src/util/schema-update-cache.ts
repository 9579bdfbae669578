import type { Schema } from '@tsconnect/api';

/**
 * The derived schema per input schema, as the `LRUCache<Schema, Schema>(16)` of Kafka's SMTs:
 * looked up by schema equality (not identity), least recently used entry evicted first.
 */
export class SchemaUpdateCache {
  readonly #entries: { key: Schema; value: Schema }[] = [];

  constructor(private readonly maxSize = 16) {}

  get(schema: Schema): Schema | null {
    const hash = schema.hashCode();
    const index = this.#entries.findIndex((e) => e.key.hashCode() === hash && e.key.equals(schema));
    if (index < 0) return null;
    const [entry] = this.#entries.splice(index, 1);
    this.#entries.push(entry!);
    return entry!.value;
  }

  put(schema: Schema, updated: Schema): void {
    if (this.get(schema) !== null) this.#entries.pop();
    this.#entries.push({ key: schema, value: updated });
    if (this.#entries.length > this.maxSize) this.#entries.shift();
  }

  /** The cached schema, or `build(schema)` stored and returned. */
  computeIfAbsent(schema: Schema, build: (schema: Schema) => Schema): Schema {
    const cached = this.get(schema);
    if (cached !== null) return cached;
    const updated = build(schema);
    this.put(schema, updated);
    return updated;
  }

  get size(): number {
    return this.#entries.length;
  }
}
