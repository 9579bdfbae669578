/**
 * avsc types for our Avro schema trees: unions always wrapped (`{branch: value}`, so a branch is
 * never guessed from the value) and `long` read and written as `bigint`, Connect's INT64.
 */
import avro from 'avsc';
import { writeAvroSchema, type AvroSchema } from './avro-schema.js';

const BigIntLong = avro.types.LongType.__with({
  fromBuffer: (buf: Buffer) => buf.readBigInt64LE(),
  toBuffer: (n: bigint) => {
    const buf = Buffer.alloc(8);
    buf.writeBigInt64LE(n);
    return buf;
  },
  fromJSON: (json: unknown) => BigInt(json as number),
  toJSON: (n: bigint) => Number(n),
  isValid: (n: unknown) => typeof n === 'bigint' && n >= -(2n ** 63n) && n < 2n ** 63n,
  compare: (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0),
});

export type AvscType = avro.Type;

const PRIMITIVES = new Set(['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string']);

/**
 * The schema with primitive types written as bare names: avsc only applies our bigint `long` to
 * the name form, and the properties dropped (logicalType, connect.*) do not change the encoding.
 */
function barePrimitives(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(barePrimitives);
  if (node === null || typeof node !== 'object') return node;
  const obj = node as Record<string, unknown>;
  const type = obj['type'];
  if (typeof type === 'string' && PRIMITIVES.has(type)) return type;
  if (typeof type !== 'string') return { ...obj, type: barePrimitives(type) };
  switch (type) {
    case 'record':
    case 'error':
      return { ...obj, fields: (obj['fields'] as Array<Record<string, unknown>>).map((f) => ({ ...f, type: barePrimitives(f['type']) })) };
    case 'array': return { ...obj, items: barePrimitives(obj['items']) };
    case 'map': return { ...obj, values: barePrimitives(obj['values']) };
    default: return obj;
  }
}

/** An avsc type for schema text. */
export function avscTypeFromText(text: string): AvscType {
  return avro.Type.forSchema(barePrimitives(JSON.parse(text)) as avro.Schema, { wrapUnions: true, registry: { long: BigIntLong } });
}

export function avscType(schema: AvroSchema): AvscType {
  return avscTypeFromText(writeAvroSchema(schema));
}
