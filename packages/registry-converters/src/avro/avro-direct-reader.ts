/**
 * Avro binary decoded straight into Connect values, for the schemas records nearly always have:
 * records of primitives, nested records and optional (`[null, X]`) fields. It skips avsc's
 * intermediate record objects, its 8-byte buffer per `long` and the per-field lookups of
 * `AvroData.toConnectValue`. It answers only when it is sure: on anything unusual (a varint too
 * long to read exactly in a double, a length past the end, trailing bytes, a value a Struct
 * refuses) it gives up with NOT_DECODED and the caller takes the avsc path, which yields the same
 * values and the exact errors.
 */
import { Struct, Timestamp, type Field, type Schema } from '@tsconnect/api';
import { AVRO_TYPE_UNION, toConnectLogical } from './avro-data.js';
import type { AvroRecord, AvroSchema } from './avro-schema.js';

/** The answer of a reader that was not sure. */
export const NOT_DECODED: unique symbol = Symbol('not decoded');

/** Decodes one value from `bytes` starting at `offset`, which must be consumed to the end. */
export type DirectReader = (bytes: Buffer, offset: number) => unknown;

class GiveUp extends Error {}
const GIVE_UP = new GiveUp();

/** A position in the bytes of one value; every read checks the end. */
class Cursor {
  pos = 0;
  end = 0;
  bytes: Buffer = Buffer.alloc(0);

  /** A zig-zag varint of up to 7 bytes (49 bits, exact in a double); longer ones go the avsc way. */
  varint(): number {
    const { bytes, end } = this;
    let u = 0;
    let scale = 1;
    for (let i = 0; i < 7; i++) {
      if (this.pos >= end) throw GIVE_UP;
      const b = bytes[this.pos++]!;
      u += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) return u % 2 === 1 ? -(u + 1) / 2 : u / 2;
      scale *= 128;
    }
    throw GIVE_UP;
  }

  /** The start of `length` bytes, which must lie before the end. */
  take(length: number): number {
    if (length < 0 || this.pos + length > this.end) throw GIVE_UP;
    const start = this.pos;
    this.pos += length;
    return start;
  }
}

type Read = (cursor: Cursor) => unknown;

/**
 * A reader for values of `avro` as Connect `schema`, or null when the pair is not one it knows
 * (general unions, arrays, maps, enums, fixed, ...).
 */
export function directReader(schema: Schema, avro: AvroSchema): DirectReader | null {
  const read = compile(schema, avro, new Set());
  if (read === null) return null;
  const cursor = new Cursor();
  return (bytes, offset) => {
    cursor.bytes = bytes;
    cursor.pos = offset;
    cursor.end = bytes.length;
    try {
      const value = read(cursor);
      return cursor.pos === cursor.end ? value : NOT_DECODED;
    } catch {
      // A GiveUp, a RangeError from a read past the end, or a DataException from Struct.put.
      return NOT_DECODED;
    }
  };
}

function compile(schema: Schema, avro: AvroSchema, enclosing: Set<AvroRecord>): Read | null {
  if (avro.type === 'union') return compileOptional(schema, avro.types, enclosing);
  const logical = schema.name;
  const plain = compilePlain(schema, avro, enclosing);
  if (plain === null || logical === null || schema.type === 'STRUCT') return plain;
  if (logical === Timestamp.LOGICAL_NAME && schema.type === 'INT64') {
    // A Date from the double the varint gave: what Timestamp.toLogical makes of its bigint.
    return (c) => Timestamp.toLogical(schema, c.varint());
  }
  return (c) => toConnectLogical(schema, plain(c));
}

function compilePlain(schema: Schema, avro: AvroSchema, enclosing: Set<AvroRecord>): Read | null {
  switch (avro.type) {
    case 'boolean':
      if (schema.type !== 'BOOLEAN') return null;
      return (c) => c.bytes[c.take(1)] !== 0;
    case 'int':
      if (schema.type !== 'INT8' && schema.type !== 'INT16' && schema.type !== 'INT32') return null;
      return (c) => c.varint();
    case 'long':
      if (schema.type !== 'INT64') return null;
      return (c) => BigInt(c.varint());
    case 'float':
      if (schema.type !== 'FLOAT32') return null;
      return (c) => c.bytes.readFloatLE(c.take(4));
    case 'double':
      if (schema.type !== 'FLOAT64') return null;
      return (c) => c.bytes.readDoubleLE(c.take(8));
    case 'string':
      if (schema.type !== 'STRING') return null;
      return (c) => {
        const length = c.varint();
        const start = c.take(length);
        return c.bytes.toString('utf8', start, start + length);
      };
    case 'bytes':
      if (schema.type !== 'BYTES') return null;
      return (c) => {
        const length = c.varint();
        const start = c.take(length);
        return new Uint8Array(c.bytes.subarray(start, start + length));
      };
    case 'record':
      return compileRecord(schema, avro, enclosing);
    default:
      return null;
  }
}

function compileRecord(schema: Schema, avro: AvroRecord, enclosing: Set<AvroRecord>): Read | null {
  if (schema.type !== 'STRUCT' || schema.name === AVRO_TYPE_UNION || enclosing.has(avro)) return null;
  if (schema.fields.length !== avro.fields.length) return null;
  const inner = new Set(enclosing).add(avro);
  const fields: Field[] = [];
  const reads: Read[] = [];
  // Avro order, which the bytes follow; each value goes to the Connect field of the same name.
  for (const avroField of avro.fields) {
    const field = schema.field(avroField.name);
    if (field === null) return null;
    const read = compile(field.schema, avroField.type, inner);
    if (read === null) return null;
    fields.push(field);
    reads.push(read);
  }
  return (c) => {
    const struct = new Struct(schema);
    for (let i = 0; i < reads.length; i++) struct.put(fields[i]!, reads[i]!(c));
    return struct;
  };
}

/** `[null, X]` or `[X, null]` for an optional Connect schema; other unions are the avsc path's. */
function compileOptional(schema: Schema, members: readonly AvroSchema[], enclosing: Set<AvroRecord>): Read | null {
  if (members.length !== 2 || !schema.isOptional || schema.name === AVRO_TYPE_UNION) return null;
  const nullIndex = members.findIndex((m) => m.type === 'null');
  const other = members[1 - nullIndex];
  if (nullIndex < 0 || other === undefined || other.type === 'null' || other.type === 'union') return null;
  const read = compile(schema, other, enclosing);
  if (read === null) return null;
  return (c) => {
    const index = c.varint();
    if (index === nullIndex) return null;
    if (index !== 1 - nullIndex) throw GIVE_UP;
    return read(c);
  };
}
