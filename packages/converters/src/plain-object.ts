// @tsconnect/api has isPlainObject internally but does not export it; same rule here.
/** A schemaless object value (`{...}` or `Object.create(null)`), as opposed to class instances. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
