import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BigDecimal, ConnectDate, Decimal, SchemaBuilder, Schemas, Struct, Time, Timestamp, type Schema } from '@tsconnect/api';
import { AvroData } from '../../src/avro/avro-data.js';
import { directReader, NOT_DECODED } from '../../src/avro/avro-direct-reader.js';
import { parseAvroSchema, writeAvroSchema, type AvroSchema } from '../../src/avro/avro-schema.js';
import { avscType } from '../../src/avro/avsc-types.js';

const data = new AvroData();

/** The Avro schema as a reader sees it (parsed from registered text) and its Connect form. */
function readerSchemas(schema: Schema): { avro: AvroSchema; connect: Schema } {
  const avro = parseAvroSchema(writeAvroSchema(data.fromConnectSchema(schema)));
  return { avro, connect: data.toConnectSchema(avro, null) };
}

function encode(schema: Schema, value: unknown): Buffer {
  const avro = data.fromConnectSchema(schema);
  return avscType(avro).toBuffer(data.fromConnectValue(schema, avro, value));
}

/** What the avsc path reads: avsc's decoding, then AvroData.toConnectValue. */
function viaAvsc(connect: Schema, avro: AvroSchema, bytes: Buffer): unknown {
  return data.toConnectValue(connect, avro, avscType(avro).fromBuffer(bytes));
}

/** Struct slots and every value's own type (bigint, Date, Uint8Array), for deepStrictEqual. */
function plain(value: unknown): unknown {
  if (value instanceof Struct) return Object.fromEntries(value.schema.fields.map((f) => [f.name, plain(value.getWithoutDefault(f.name))]));
  return value;
}

const ROW = SchemaBuilder.struct().withName('bench.Row')
  .addField('id', Schemas.INT64)
  .addField('name', Schemas.STRING)
  .addField('amount', Schemas.FLOAT64)
  .addField('qty', Schemas.INT32)
  .addField('created', Timestamp.SCHEMA)
  .addField('active', Schemas.BOOLEAN)
  .build();

const ADDRESS = SchemaBuilder.struct().withName('a.Address').optional()
  .addField('street', Schemas.OPTIONAL_STRING)
  .addField('zip', Schemas.INT16)
  .build();
const WIDE = SchemaBuilder.struct().withName('a.Wide')
  .addField('i8', Schemas.INT8)
  .addField('f32', Schemas.FLOAT32)
  .addField('bytes', Schemas.BYTES)
  .addField('price', Decimal.schema(2))
  .addField('day', ConnectDate.SCHEMA)
  .addField('at', Time.SCHEMA)
  .addField('maybeLong', Schemas.OPTIONAL_INT64)
  .addField('maybeTs', Timestamp.builder().optional().build())
  .addField('address', ADDRESS)
  .build();

function row(id: bigint, name: string, created: number): Struct {
  return new Struct(ROW).put('id', id).put('name', name).put('amount', -12.5).put('qty', -7).put('created', new Date(created)).put('active', true);
}

function wide(street: string | null, withAddress: boolean, maybe: bigint | null): Struct {
  const address = withAddress ? new Struct(ADDRESS).put('street', street).put('zip', -300) : null;
  return new Struct(WIDE).put('i8', -128).put('f32', Math.fround(1.1)).put('bytes', new Uint8Array([0, 255, 7]))
    .put('price', new BigDecimal(-123456789n, 2)).put('day', new Date(Date.UTC(2024, 1, 29))).put('at', new Date(3_600_123))
    .put('maybeLong', maybe).put('maybeTs', maybe === null ? null : new Date(Number(maybe))).put('address', address);
}

describe('directReader: Avro binary straight to Connect values', () => {
  const cases: [string, Schema, Struct][] = [
    ['a record of primitives and a Timestamp', ROW, row(42n, 'customer-42', 1_700_000_000_000)],
    ['negative and extreme 49-bit values, non-ASCII text', ROW, row(-(2n ** 48n), 'Grüße, 東京 🚀', -(2 ** 48))],
    ['logical types, bytes, an int8, a float, optional and nested fields', WIDE, wide('Main St', true, 1_234_567n)],
    ['nulls in optional fields and an absent nested record', WIDE, wide(null, false, null)],
    ['a nested record with a null inside', WIDE, wide(null, true, -5n)],
  ];
  for (const [what, schema, value] of cases) {
    it(`reads ${what} as the avsc path does`, () => {
      const { avro, connect } = readerSchemas(schema);
      const read = directReader(connect, avro);
      assert.ok(read !== null, 'a reader for this schema');
      const bytes = encode(schema, value);
      const direct = read(bytes, 0);
      assert.notEqual(direct, NOT_DECODED);
      assert.deepStrictEqual(plain(direct), plain(viaAvsc(connect, avro, bytes)));
      assert.ok((direct as Struct).equals(value));
    });
  }

  it('starts at the offset given (after the wire-format prefix)', () => {
    const { avro, connect } = readerSchemas(ROW);
    const value = row(7n, 'x', 0);
    const framed = Buffer.concat([Buffer.from([0, 0, 0, 0, 9]), encode(ROW, value)]);
    assert.ok((directReader(connect, avro)!(framed, 5) as Struct).equals(value));
  });

  it('leaves longs beyond 49 bits to the avsc path, which reads them exactly', () => {
    const { avro, connect } = readerSchemas(ROW);
    const bytes = encode(ROW, row(2n ** 62n + 1n, 'big', 0));
    assert.equal(directReader(connect, avro)!(bytes, 0), NOT_DECODED);
    assert.equal((viaAvsc(connect, avro, bytes) as Struct).getInt64('id'), 2n ** 62n + 1n);
  });

  it('gives up on truncated bytes, trailing bytes and a bad union index', () => {
    const { avro, connect } = readerSchemas(ROW);
    const read = directReader(connect, avro)!;
    const bytes = encode(ROW, row(1n, 'name', 1000));
    assert.equal(read(bytes.subarray(0, bytes.length - 1), 0), NOT_DECODED);
    assert.equal(read(Buffer.concat([bytes, Buffer.from([0])]), 0), NOT_DECODED);
    assert.equal(read(bytes.subarray(0, 3), 0), NOT_DECODED);

    const optional = readerSchemas(SchemaBuilder.struct().withName('o.R').addField('s', Schemas.OPTIONAL_STRING).build());
    assert.equal(directReader(optional.connect, optional.avro)!(Buffer.from([4, 2, 0x41]), 0), NOT_DECODED);
  });

  it('declines schemas it does not know, which the avsc path reads', () => {
    for (const schema of [
      SchemaBuilder.struct().withName('x.A').addField('list', SchemaBuilder.array(Schemas.STRING).build()).build(),
      SchemaBuilder.struct().withName('x.M').addField('map', SchemaBuilder.map(Schemas.STRING, Schemas.INT32).build()).build(),
    ]) {
      const { avro, connect } = readerSchemas(schema);
      assert.equal(directReader(connect, avro), null);
    }
  });
});
