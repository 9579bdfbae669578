/**
 * Values that are either ready or still pending. The per-record path (transforms, converters)
 * answers synchronously almost always; going through a promise only when one comes back saves
 * the promises, microtask turns and AsyncLocalStorage hooks that `await` would cost per record.
 */

/** Something `await` would wait for. */
export function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/** `next(value)`: at once when `value` is ready, once it settles when it is a promise. */
export function whenReady<T, U>(value: T | PromiseLike<T>, next: (value: T) => U | Promise<U>): U | Promise<U> {
  return isPromiseLike(value) ? Promise.resolve(value).then(next) : next(value);
}
