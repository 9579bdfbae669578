/**
 * A bounded least-recently-used cache, as Kafka's `LRUCache` that JsonConverter and the SMTs keep
 * per schema and Confluent's converters and registry client keep per id or subject. Keys are
 * bucketed by a hash and compared with `equals`: by default the key itself and `===`, which suits
 * strings and numbers; `LruCache.bySchema` keys by schema structure (`hashCode`/`equals`).
 */
import type { Schema } from './schema.js';

interface Entry<K, V> {
  readonly key: K;
  readonly hash: unknown;
  value: V;
}

export class LruCache<K, V> {
  readonly #buckets = new Map<unknown, Entry<K, V>[]>();
  /** Least recently used first. */
  readonly #recency = new Set<Entry<K, V>>();
  readonly #hash: (key: K) => unknown;
  readonly #equals: (a: K, b: K) => boolean;

  constructor(
    readonly maxSize: number,
    hash: (key: K) => unknown = (key) => key,
    equals: (a: K, b: K) => boolean = (a, b) => a === b,
  ) {
    this.#hash = hash;
    this.#equals = equals;
  }

  /** A cache keyed by Connect schema structure, as Java's caches keyed by `Schema` are. */
  static bySchema<V>(maxSize: number): LruCache<Schema, V> {
    return new LruCache<Schema, V>(maxSize, (s) => s.hashCode(), (a, b) => a.equals(b));
  }

  get size(): number {
    return this.#recency.size;
  }

  get(key: K): V | undefined {
    const entry = this.#find(key, this.#hash(key));
    if (entry === undefined) return undefined;
    this.#recency.delete(entry);
    this.#recency.add(entry);
    return entry.value;
  }

  set(key: K, value: V): void {
    const hash = this.#hash(key);
    const existing = this.#find(key, hash);
    if (existing !== undefined) {
      existing.value = value;
      this.#recency.delete(existing);
      this.#recency.add(existing);
      return;
    }
    const entry: Entry<K, V> = { key, hash, value };
    const bucket = this.#buckets.get(hash);
    if (bucket) bucket.push(entry);
    else this.#buckets.set(hash, [entry]);
    this.#recency.add(entry);
    while (this.#recency.size > Math.max(this.maxSize, 0)) this.#remove(this.#recency.values().next().value as Entry<K, V>);
  }

  /** The cached value, or `build(key)` stored and returned. */
  computeIfAbsent(key: K, build: (key: K) => V): V {
    const cached = this.get(key);
    if (cached !== undefined) return cached;
    const value = build(key);
    this.set(key, value);
    return value;
  }

  delete(key: K): void {
    const entry = this.#find(key, this.#hash(key));
    if (entry !== undefined) this.#remove(entry);
  }

  clear(): void {
    this.#buckets.clear();
    this.#recency.clear();
  }

  #find(key: K, hash: unknown): Entry<K, V> | undefined {
    return this.#buckets.get(hash)?.find((e) => this.#equals(e.key, key));
  }

  #remove(entry: Entry<K, V>): void {
    this.#recency.delete(entry);
    const bucket = this.#buckets.get(entry.hash)!;
    bucket.splice(bucket.indexOf(entry), 1);
    if (bucket.length === 0) this.#buckets.delete(entry.hash);
  }
}
