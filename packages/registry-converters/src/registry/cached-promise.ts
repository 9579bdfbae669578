import type { LruCache } from '@tsconnect/api';

/**
 * The cached promise for `key`, or a new one from `load`. Caching the promise makes concurrent
 * callers share one registry request; a failed load is forgotten so the next call retries.
 */
export function cachedPromise<K extends string | number, V>(
  cache: LruCache<K, Promise<V>>,
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
