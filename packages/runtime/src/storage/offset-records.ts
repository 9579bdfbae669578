/**
 * Records of the offsets topic (KafkaOffsetBackingStore): source connector offsets. Key and
 * value are JsonConverter JSON without schemas; a null value deletes the partition's offset.
 *
 *   key     ["<connector>",{<source partition>}]      e.g. ["jdbc-src",{"table":"orders"}]
 *   value   {<source offset>}                          e.g. {"ts":1700000000000,"id":42}
 *
 * Kafka keeps the topic in a map keyed by the raw key bytes and finds an offset by serializing
 * [connector, partition] again and looking up exactly those bytes, so two keys match only when
 * their bytes are equal: the same JSON with fields in another order is another key. We do the
 * same (`offsetKeyIdentity`); to delete or reset an existing offset, write to the key bytes that
 * were read, not to a re-encoded key.
 *
 * Partition and offset maps have string keys and primitive values only (OffsetUtils.validateFormat).
 */
import { DataException } from '@tsconnect/api';
import { isJsonObject, parseJsonBytes, writeJsonBytes } from './json-text.js';

export type OffsetPrimitive = string | number | bigint | boolean | null;
/** A source partition or source offset: string keys, primitive values, fields in insertion order. */
export type OffsetMap = ReadonlyMap<string, OffsetPrimitive> | { readonly [field: string]: OffsetPrimitive };

export function encodeOffsetKey(connector: string, partition: OffsetMap): Buffer {
  validateOffsetMap(partition);
  return writeJsonBytes([connector, partition]);
}

/** The connector and partition of a key, or null for a key Kafka skips as malformed. */
export function decodeOffsetKey(bytes: Buffer): { connector: string; partition: Record<string, unknown> } | null {
  let json: unknown;
  try {
    json = parseJsonBytes(bytes);
  } catch {
    return null;
  }
  if (!Array.isArray(json) || json.length !== 2) return null;
  const [connector, partition] = json as [unknown, unknown];
  if (typeof connector !== 'string' || !isJsonObject(partition)) return null;
  return { connector, partition };
}

/** The value bytes; null (a tombstone) for a null offset. */
export function encodeOffsetValue(offset: OffsetMap | null): Buffer | null {
  if (offset === null) return null;
  validateOffsetMap(offset);
  return writeJsonBytes(offset);
}

/** The offset of a value; null for a tombstone. Throws DataException for a value that is not an offset map. */
export function decodeOffsetValue(bytes: Buffer | null): Record<string, unknown> | null {
  if (bytes === null) return null;
  const json = parseJsonBytes(bytes);
  if (json === null) return null;
  if (!isJsonObject(json)) throw new DataException('Offsets must be specified as a Map');
  validateOffsetMap(json);
  return json;
}

/** The identity under which Kafka files an offset: the exact key bytes. */
export function offsetKeyIdentity(keyBytes: Buffer): string {
  return keyBytes.toString('base64');
}

function validateOffsetMap(map: OffsetMap | Record<string, unknown>): void {
  const entries: [string, unknown][] = map instanceof Map ? [...map] : Object.entries(map);
  for (const [field, value] of entries) {
    if (value === null || ['string', 'number', 'bigint', 'boolean'].includes(typeof value)) continue;
    const type = Array.isArray(value) ? 'ARRAY' : typeof value === 'object' ? 'MAP' : typeof value;
    throw new DataException(`Offsets may only contain primitive types as values, but field ${field} contains ${type}`);
  }
}
