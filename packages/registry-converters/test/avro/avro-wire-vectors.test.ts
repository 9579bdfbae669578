/**
 * Fixed vectors: for each Connect -> Avro mapping, the schema text our AvroConverter registers and
 * the exact record bytes, written out by hand from the Avro spec (zig-zag varints, little-endian
 * floats, union branch index first) and Confluent's framing (magic 0, big-endian schema id). The
 * schema id is 258 (00 00 01 02) so the byte order of the id is visible.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  BigDecimal, ConnectDate, Decimal, SchemaBuilder, Schemas, Struct, Time, Timestamp, type Schema,
} from '@tsconnect/api';
import { AvroConverter } from '../../src/avro/avro-converter.js';
import { FakeRegistry } from '../support/fake-registry.js';

const PREFIX = '00 00 00 01 02';

function hex(bytes: Uint8Array | null): string {
  return Buffer.from(bytes!).toString('hex').replace(/(..)(?!$)/g, '$1 ');
}

interface Vector {
  readonly name: string;
  readonly schema: Schema;
  readonly value: unknown;
  /** The schema text registered, as Confluent's AvroData + Avro's Schema.toString() print it. */
  readonly avro: string;
  /** Payload after the 5-byte prefix. */
  readonly payload: string;
  readonly config?: Record<string, unknown>;
}

const user = SchemaBuilder.struct().withName('com.example.User')
  .addField('id', Schemas.INT64).addField('name', Schemas.OPTIONAL_STRING).addField('age', Schemas.INT8).build();
const unionSchema = SchemaBuilder.struct().withName('io.confluent.connect.avro.Union')
  .addField('int', Schemas.OPTIONAL_INT32).addField('string', Schemas.OPTIONAL_STRING).build();
const enumSchema = SchemaBuilder.string().withName('com.example.Color')
  .parameter('io.confluent.connect.avro.Enum', 'com.example.Color')
  .parameter('io.confluent.connect.avro.Enum.RED', 'RED')
  .parameter('io.confluent.connect.avro.Enum.GREEN', 'GREEN')
  .parameter('io.confluent.connect.avro.Enum.BLUE', 'BLUE').build();
const fixedSchema = SchemaBuilder.bytes().withName('com.example.Pair').parameter('connect.fixed.size', '2').build();

const VECTORS: Vector[] = [
  { name: 'INT8', schema: Schemas.INT8, value: 5, avro: '{"type":"int","connect.type":"int8"}', payload: '0a' },
  { name: 'INT16', schema: Schemas.INT16, value: -3, avro: '{"type":"int","connect.type":"int16"}', payload: '05' },
  { name: 'INT32', schema: Schemas.INT32, value: 300, avro: '"int"', payload: 'd8 04' },
  { name: 'INT64 -1', schema: Schemas.INT64, value: -1n, avro: '"long"', payload: '01' },
  { name: 'INT64 2^40', schema: Schemas.INT64, value: 2n ** 40n, avro: '"long"', payload: '80 80 80 80 80 40' },
  { name: 'INT64 max', schema: Schemas.INT64, value: 2n ** 63n - 1n, avro: '"long"', payload: 'fe ff ff ff ff ff ff ff ff 01' },
  { name: 'FLOAT32', schema: Schemas.FLOAT32, value: 1.5, avro: '"float"', payload: '00 00 c0 3f' },
  { name: 'FLOAT64', schema: Schemas.FLOAT64, value: -2.25, avro: '"double"', payload: '00 00 00 00 00 00 02 c0' },
  { name: 'BOOLEAN', schema: Schemas.BOOLEAN, value: true, avro: '"boolean"', payload: '01' },
  { name: 'STRING', schema: Schemas.STRING, value: 'hé', avro: '"string"', payload: '06 68 c3 a9' },
  { name: 'BYTES', schema: Schemas.BYTES, value: new Uint8Array([1, 2, 255]), avro: '"bytes"', payload: '06 01 02 ff' },
  {
    name: 'Decimal(2) 12.34', schema: Decimal.schema(2), value: new BigDecimal(1234n, 2),
    avro: '{"type":"bytes","scale":2,"precision":64,"connect.version":1,"connect.parameters":{"scale":"2"},' +
      '"connect.name":"org.apache.kafka.connect.data.Decimal","logicalType":"decimal"}',
    payload: '04 04 d2',
  },
  {
    name: 'Decimal(2) -1.00 with connect.decimal.precision 5',
    schema: Decimal.builder(2).parameter('connect.decimal.precision', '5').build(), value: new BigDecimal(-100n, 2),
    avro: '{"type":"bytes","scale":2,"precision":5,"connect.version":1,' +
      '"connect.parameters":{"scale":"2","connect.decimal.precision":"5"},' +
      '"connect.name":"org.apache.kafka.connect.data.Decimal","logicalType":"decimal"}',
    payload: '02 9c',
  },
  {
    name: 'Date 2020-01-01', schema: ConnectDate.SCHEMA, value: new Date('2020-01-01T00:00:00Z'),
    avro: '{"type":"int","connect.version":1,"connect.name":"org.apache.kafka.connect.data.Date","logicalType":"date"}',
    payload: 'ac 9d 02',
  },
  {
    name: 'Time 01:00:00.001', schema: Time.SCHEMA, value: new Date(3_600_001),
    avro: '{"type":"int","connect.version":1,"connect.name":"org.apache.kafka.connect.data.Time","logicalType":"time-millis"}',
    payload: '82 ba b7 03',
  },
  {
    name: 'Timestamp epoch + 1s', schema: Timestamp.SCHEMA, value: new Date(1000),
    avro: '{"type":"long","connect.version":1,"connect.name":"org.apache.kafka.connect.data.Timestamp",' +
      '"logicalType":"timestamp-millis"}',
    payload: 'd0 0f',
  },
  { name: 'optional STRING', schema: Schemas.OPTIONAL_STRING, value: 'a', avro: '["null","string"]', payload: '02 02 61' },
  {
    name: 'optional INT32 with default', schema: SchemaBuilder.int32().optional().withDefault(7).build(), value: 3,
    avro: '[{"type":"int","connect.default":7},"null"]', payload: '00 06',
  },
  {
    name: 'ARRAY<INT32>', schema: SchemaBuilder.array(Schemas.INT32).build(), value: [1, 2],
    avro: '{"type":"array","items":"int"}', payload: '04 02 04 00',
  },
  {
    name: 'empty ARRAY', schema: SchemaBuilder.array(Schemas.STRING).build(), value: [],
    avro: '{"type":"array","items":"string"}', payload: '00',
  },
  {
    name: 'MAP<STRING,INT32>', schema: SchemaBuilder.map(Schemas.STRING, Schemas.INT32).build(), value: new Map([['a', 1]]),
    avro: '{"type":"map","values":"int"}', payload: '02 02 61 02 00',
  },
  {
    name: 'MAP<INT32,STRING> as array of MapEntry', schema: SchemaBuilder.map(Schemas.INT32, Schemas.STRING).build(),
    value: new Map([[1, 'x']]),
    avro: '{"type":"array","items":{"type":"record","name":"MapEntry","namespace":"io.confluent.connect.avro",' +
      '"fields":[{"name":"key","type":"int"},{"name":"value","type":"string"}]}}',
    payload: '02 02 02 78 00',
  },
  {
    name: 'STRUCT com.example.User', schema: user, value: new Struct(user).put('id', 1n).put('name', 'Ann').put('age', 3),
    avro: '{"type":"record","name":"User","namespace":"com.example","fields":[{"name":"id","type":"long"},' +
      '{"name":"name","type":["null","string"],"default":null},' +
      '{"name":"age","type":{"type":"int","connect.type":"int8"}}],"connect.name":"com.example.User"}',
    payload: '02 02 06 41 6e 6e 06',
  },
  {
    name: 'STRUCT with a null optional field', schema: user, value: new Struct(user).put('id', 2n).put('age', -1),
    avro: '{"type":"record","name":"User","namespace":"com.example","fields":[{"name":"id","type":"long"},' +
      '{"name":"name","type":["null","string"],"default":null},' +
      '{"name":"age","type":{"type":"int","connect.type":"int8"}}],"connect.name":"com.example.User"}',
    payload: '04 00 01',
  },
  {
    name: 'unnamed STRUCT', schema: SchemaBuilder.struct().addField('b', Schemas.BOOLEAN).build(),
    value: new Struct(SchemaBuilder.struct().addField('b', Schemas.BOOLEAN).build()).put('b', false),
    avro: '{"type":"record","name":"ConnectDefault","namespace":"io.confluent.connect.avro","fields":[{"name":"b","type":"boolean"}]}',
    payload: '00',
  },
  {
    name: 'Union struct (string branch)', schema: unionSchema, value: new Struct(unionSchema).put('string', 'z'),
    avro: '["int","string"]', payload: '02 02 7a',
  },
  {
    name: 'enum with enhanced.avro.schema.support', schema: enumSchema, value: 'BLUE',
    config: { 'enhanced.avro.schema.support': true },
    avro: '{"type":"enum","name":"Color","namespace":"com.example","symbols":["RED","GREEN","BLUE"],' +
      '"connect.parameters":{"io.confluent.connect.avro.Enum":"com.example.Color",' +
      '"io.confluent.connect.avro.Enum.RED":"RED","io.confluent.connect.avro.Enum.GREEN":"GREEN",' +
      '"io.confluent.connect.avro.Enum.BLUE":"BLUE"},"connect.name":"com.example.Color"}',
    payload: '04',
  },
  {
    name: 'fixed (connect.fixed.size)', schema: fixedSchema, value: new Uint8Array([0xab, 0xcd]),
    avro: '{"type":"fixed","name":"Pair","namespace":"com.example","size":2,' +
      '"connect.parameters":{"connect.fixed.size":"2"},"connect.name":"com.example.Pair"}',
    payload: 'ab cd',
  },
];

describe('AvroConverter wire bytes match Confluent for every type mapping', () => {
  let registry: FakeRegistry;
  before(async () => {
    registry = await FakeRegistry.start(258);
  });
  after(async () => {
    await registry.stop();
  });

  for (const v of VECTORS) {
    it(v.name, async () => {
      // A subject per vector, each registering its schema first, so every schema gets id 258.
      const fresh = await FakeRegistry.start(258);
      try {
        const converter = new AvroConverter();
        converter.configure({ 'schema.registry.url': fresh.url, ...v.config }, false);
        const bytes = await converter.fromConnectData('t', null, v.schema, v.value);
        assert.equal(hex(bytes), `${PREFIX} ${v.payload}`);
        const registered = JSON.parse(fresh.requests.find((r) => r.method === 'POST')!.body) as { schema: string };
        assert.equal(registered.schema, v.avro);

        const back = await converter.toConnectData('t', null, bytes);
        assert.ok(back.schema!.type === v.schema.type, `schema type ${back.schema!.type}`);
        if (v.value instanceof Struct) assert.equal(String(back.value), String(v.value));
        else assert.deepEqual(back.value, v.value);
      } finally {
        await fresh.stop();
      }
    });
  }

  it('reads bytes a Confluent serializer wrote for a plain Avro record (no connect.* properties)', async () => {
    // A CDC tool's value schema: namespaced record, optional fields, a logical timestamp.
    const writer = '{"type":"record","name":"Row","namespace":"cdc.dbo","fields":[' +
      '{"name":"ID","type":"int"},{"name":"NAME","type":["null","string"],"default":null},' +
      '{"name":"TS","type":{"type":"long","logicalType":"timestamp-millis"}}]}';
    const id = registry.register('orders-value', writer);
    const converter = new AvroConverter();
    converter.configure({ 'schema.registry.url': registry.url }, false);
    // ID=7 -> 0e; NAME branch 1 "ab" -> 02 04 61 62; TS=1000 -> d0 0f
    const bytes = Buffer.from(`000000${id.toString(16).padStart(4, '0')}0e02046162d00f`, 'hex');
    const { schema, value } = await converter.toConnectData('orders', null, bytes);
    assert.equal(schema!.name, 'cdc.dbo.Row');
    assert.equal(schema!.version, 1, 'the registry version becomes the Connect version');
    assert.equal(schema!.field('NAME')!.schema.isOptional, true);
    assert.equal(schema!.field('TS')!.schema.name, Timestamp.LOGICAL_NAME);
    const struct = value as Struct;
    assert.equal(struct.get('ID'), 7);
    assert.equal(struct.get('NAME'), 'ab');
    assert.deepEqual(struct.get('TS'), new Date(1000));
  });

  it('writes a null value as a null message (tombstone), without a prefix', async () => {
    const converter = new AvroConverter();
    converter.configure({ 'schema.registry.url': registry.url }, false);
    assert.equal(await converter.fromConnectData('t', null, user, null), null);
    assert.equal((await converter.toConnectData('t', null, null)).value, null);
  });

  it('rejects bytes without the magic byte', async () => {
    const converter = new AvroConverter();
    converter.configure({ 'schema.registry.url': registry.url }, false);
    await assert.rejects(async () => converter.toConnectData('t', null, new Uint8Array([1, 0, 0, 0, 1, 2])), /Unknown magic byte!/);
  });
});
