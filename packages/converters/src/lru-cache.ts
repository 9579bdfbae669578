/**
 * A bounded least-recently-used cache keyed by structural equality (Kafka's LRUCache, used by
 * JsonConverter for `schemas.cache.size`). Keys are bucketed by a hash and compared with `equals`.
 */
interface Entry<K, V> {
  readonly key: K;
  readonly hash: number | string;
  value: V;
}

export class LruCache<K, V> {
  readonly #buckets = new Map<number | string, Entry<K, V>[]>();
  /** Least recently used first. */
  readonly #recency = new Set<Entry<K, V>>();

  constructor(
    readonly maxSize: number,
    private readonly hash: (key: K) => number | string,
    private readonly equals: (a: K, b: K) => boolean,
  ) {}

  get size(): number {
    return this.#recency.size;
  }

  get(key: K): V | undefined {
    const entry = this.#find(key, this.hash(key));
    if (entry === undefined) return undefined;
    this.#recency.delete(entry);
    this.#recency.add(entry);
    return entry.value;
  }

  set(key: K, value: V): void {
    const hash = this.hash(key);
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
    while (this.#recency.size > Math.max(this.maxSize, 0)) this.#evict();
  }

  #find(key: K, hash: number | string): Entry<K, V> | undefined {
    return this.#buckets.get(hash)?.find((e) => this.equals(e.key, key));
  }

  #evict(): void {
    const oldest = this.#recency.values().next().value as Entry<K, V>;
    this.#recency.delete(oldest);
    const bucket = this.#buckets.get(oldest.hash)!;
    bucket.splice(bucket.indexOf(oldest), 1);
    if (bucket.length === 0) this.#buckets.delete(oldest.hash);
  }
}
