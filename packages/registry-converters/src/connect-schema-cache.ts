/**
 * A bounded cache keyed by Connect schema structure (`equals`/`hashCode`), as the Kafka LRUCache
 * Confluent's AvroData and JsonSchemaData keep for `schemas.cache.config`.
 */
import type { Schema } from '@tsconnect/api';

export class ConnectSchemaCache<V> {
  readonly #buckets = new Map<number, Array<[Schema, V]>>();
  #size = 0;

  constructor(readonly maxSize: number) {}

  get(schema: Schema): V | undefined {
    return this.#buckets.get(schema.hashCode())?.find(([k]) => k.equals(schema))?.[1];
  }

  set(schema: Schema, value: V): void {
    const hash = schema.hashCode();
    const bucket = this.#buckets.get(hash) ?? [];
    const existing = bucket.find(([k]) => k.equals(schema));
    if (existing) {
      existing[1] = value;
      return;
    }
    if (this.#size >= this.maxSize) {
      // Drop the oldest bucket: Map keeps insertion order, which is close enough to LRU here.
      const [oldestHash, oldest] = this.#buckets.entries().next().value as [number, Array<[Schema, V]>];
      this.#buckets.delete(oldestHash);
      this.#size -= oldest.length;
    }
    bucket.push([schema, value]);
    this.#buckets.set(hash, bucket);
    this.#size++;
  }
}
