/** An operation raced against a timer: the REST request timeout and the store's bounded reads share it. */

const TIMED_OUT = Symbol('timed out');

/** Resolves with the operation's result, or TIMED_OUT after `timeoutMs` (the operation runs on). */
export async function withTimeout<T>(operation: () => Promise<T>, timeoutMs: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), timeoutMs);
  });
  try {
    return await Promise.race([Promise.resolve().then(operation), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function isTimedOut(value: unknown): value is typeof TIMED_OUT {
  return value === TIMED_OUT;
}
