/**
 * A least-recently-used map of bounded size (Confluent's clients bound their id and schema caches
 * the same way). Keys are strings or numbers, so plain Map identity is enough.
 */
export class BoundedCache<K extends string | number, V> {
  readonly #entries = new Map<K, V>();

  constructor(readonly maxSize: number) {}

  get size(): number {
    return this.#entries.size;
  }

  get(key: K): V | undefined {
    const value = this.#entries.get(key);
    if (value !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, value);
    }
    return value;
  }

  set(key: K, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    while (this.#entries.size > Math.max(this.maxSize, 1)) {
      this.#entries.delete(this.#entries.keys().next().value as K);
    }
  }

  delete(key: K): void {
    this.#entries.delete(key);
  }

  clear(): void {
    this.#entries.clear();
  }
}

/**
 * The cached promise for `key`, or a new one from `load`. Caching the promise makes concurrent
 * callers share one registry request; a failed load is forgotten so the next call retries.
 */
export function cachedPromise<K extends string | number, V>(
  cache: BoundedCache<K, Promise<V>>,
  key: K,
  load: () => Promise<V>,
): Promise<V> {
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const promise = load();
  cache.set(key, promise);
  promise.catch(() => {
    if (cache.get(key) === promise) cache.delete(key);
  });
  return promise;
}
