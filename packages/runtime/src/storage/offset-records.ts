/**
 * Records of the offsets topic (KafkaOffsetBackingStore): source connector offsets. Key and
 * value are JsonConverter JSON without schemas; a null value deletes the partition's offset.
 *
 *   key     ["<connector>",{<source partition>}]      e.g. ["jdbc-src",{"table":"orders"}]
 *   value   {<source offset>}                          e.g. {"ts":1700000000000,"id":42}
 *
 * Kafka keeps the topic in a map keyed by the raw key bytes and finds an offset by serializing
 * [connector, partition] again and looking up exactly those bytes, so for Java two keys match
 * only when their bytes are equal. We match keys by content instead (`offsetKeyIdentity`: the
 * canonical JSON, partition fields sorted), so that a key written by Java with its fields in
 * another order or with other spacing is still found. To replace or delete an offset that was
 * read, the writer must reuse the exact key bytes it read (the offset stores do), so that the
 * record compacts over the original one and Java workers see the change.
 *
 * Partition and offset maps have string keys and primitive values only (OffsetUtils.validateFormat).
 */
import { DataException } from '@tsconnect/api';
import { isJsonObject, parseJsonBytes, writeJson, writeJsonBytes } from './json-text.js';

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

/**
 * The identity under which we file an offset: the canonical JSON of [connector, partition] with
 * the partition's fields sorted, so keys with the same content match whatever their bytes.
 * A malformed key (which readers skip) is identified by its raw bytes.
 */
export function offsetKeyIdentity(keyBytes: Buffer): string {
  const key = decodeOffsetKey(keyBytes);
  if (key === null) return `raw:${keyBytes.toString('base64')}`;
  return offsetKeyIdentityOf(key.connector, key.partition as OffsetMap);
}

/** The identity of the key of `partition` of `connector` (see offsetKeyIdentity). */
export function offsetKeyIdentityOf(connector: string, partition: OffsetMap): string {
  const entries: [string, OffsetPrimitive][] = partition instanceof Map ? [...partition] : Object.entries(partition);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return writeJson([connector, new Map(entries)]);
}

function validateOffsetMap(map: OffsetMap | Record<string, unknown>): void {
  const entries: [string, unknown][] = map instanceof Map ? [...map] : Object.entries(map);
  for (const [field, value] of entries) {
    if (value === null || ['string', 'number', 'bigint', 'boolean'].includes(typeof value)) continue;
    const type = Array.isArray(value) ? 'ARRAY' : typeof value === 'object' ? 'MAP' : typeof value;
    throw new DataException(`Offsets may only contain primitive types as values, but field ${field} contains ${type}`);
  }
}
