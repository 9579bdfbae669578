/**
 * Query and path parameters converted as JAX-RS converts them in Kafka's resources: booleans by
 * Boolean.valueOf (only a case-insensitive "true" is true), repeated parameters kept in order,
 * and an integer path parameter that does not parse is a 404 (Jersey's answer when a path
 * parameter cannot be converted).
 */
import type { Request } from 'express';
import { jaxRsError } from './rest-errors.js';

function searchParams(req: Request): URLSearchParams {
  const url = req.originalUrl;
  const q = url.indexOf('?');
  return new URLSearchParams(q < 0 ? '' : url.slice(q + 1));
}

/** Every value of a query parameter, in order (`expand=status&expand=info`). */
export function queryValues(req: Request, name: string): string[] {
  return searchParams(req).getAll(name);
}

export function hasQueryParam(req: Request, name: string): boolean {
  return searchParams(req).has(name);
}

/** A string query parameter; undefined when absent. */
export function queryString(req: Request, name: string): string | undefined {
  return searchParams(req).get(name) ?? undefined;
}

/** A boolean query parameter with a default, as `@DefaultValue("..") @QueryParam Boolean`. */
export function queryBoolean(req: Request, name: string, defaultValue: boolean): boolean {
  const value = searchParams(req).get(name);
  return value === null ? defaultValue : value.toLowerCase() === 'true';
}

/** The internal `forward` parameter: null when absent. */
export function forwardParam(req: Request): boolean | null {
  const value = searchParams(req).get('forward');
  return value === null ? null : value.toLowerCase() === 'true';
}

/** A path parameter as Java's Integer.valueOf reads it; 404 when it is not an int. */
export function intPathParam(value: string | undefined): number {
  if (value === undefined || !/^[+-]?\d+$/.test(value)) throw jaxRsError(404);
  const n = Number(value);
  if (n < -(2 ** 31) || n > 2 ** 31 - 1) throw jaxRsError(404);
  return n;
}

/** A path parameter, already URL-decoded by express. */
export function pathParam(req: Request, name: string): string {
  const value: unknown = req.params[name];
  if (typeof value !== 'string') throw jaxRsError(404);
  return value;
}

/** A path segment for a forwarded URL or a Location header. */
export function encodePathSegment(segment: string): string {
  return encodeURIComponent(segment);
}
