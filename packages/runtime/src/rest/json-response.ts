/**
 * JSON answers as Kafka's Jackson writes them: fields in the order given, undefined (Kafka's
 * NON_NULL / NON_EMPTY) fields left out, bigints as plain digits, Jackson's string escaping.
 */
import type { Response } from 'express';
import { type JsonValue, writeJson } from '../storage/json-text.js';

export function sendJson(res: Response, status: number, value: unknown): void {
  // Node's setHeader and a Buffer, so express adds no charset parameter: Kafka sends plain application/json.
  res.status(status).setHeader('Content-Type', 'application/json');
  res.send(Buffer.from(writeJson(toJsonValue(value)), 'utf8'));
}

/** Drops undefined object fields (Kafka's NON_NULL / NON_EMPTY fields) so writeJson can write the rest. */
function toJsonValue(value: unknown): JsonValue {
  if (value === null || typeof value !== 'object') return value as JsonValue;
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (value instanceof Map) return new Map([...value].map(([k, v]) => [k, toJsonValue(v)]));
  // A Map, so that a field named __proto__ stays a field.
  const out = new Map<string, JsonValue>();
  for (const [k, v] of Object.entries(value)) {
    if (v !== undefined) out.set(k, toJsonValue(v));
  }
  return out;
}
