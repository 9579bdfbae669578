import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConnectDate, Decimal, SchemaBuilder, Schemas, Struct, Time, Timestamp } from '@tsconnect/api';
import {
  AVRO_FIELD_DEFAULT_FLAG_PROP, AVRO_FIELD_DOC_PREFIX_PROP, AVRO_RECORD_DOC_PROP, AvroData,
} from '../../src/avro/avro-data.js';
import { parseAvroSchema, writeAvroSchema } from '../../src/avro/avro-schema.js';

const data = new AvroData();
const avroText = (schema: Parameters<AvroData['fromConnectSchema']>[0], d = data): string => writeAvroSchema(d.fromConnectSchema(schema));

describe('AvroData: Connect schema -> Avro schema text', () => {
  it('writes doc, version, parameters, name and type, in Confluent order', () => {
    const schema = SchemaBuilder.int16().withName('n.Num').withVersion(2).withDoc('d').parameter('p', 'v').build();
    assert.equal(avroText(schema),
      '{"type":"int","connect.doc":"d","connect.version":2,"connect.parameters":{"p":"v"},"connect.name":"n.Num","connect.type":"int16"}');
  });

  it('leaves out connect.* properties with connect.meta.data=false, keeping logical types', () => {
    const plain = new AvroData({ connectMetaData: false });
    assert.equal(avroText(Timestamp.SCHEMA, plain), '{"type":"long","logicalType":"timestamp-millis"}');
    assert.equal(avroText(Schemas.INT8, plain), '"int"');
  });

  it('copies parameters starting with avro as plain properties', () => {
    const schema = SchemaBuilder.string().parameter('avro.java.string', 'String').build();
    assert.equal(avroText(schema),
      '{"type":"string","connect.parameters":{"avro.java.string":"String"},"avro.java.string":"String"}');
  });

  it('writes Connect defaults as field defaults and connect.default, with Java number text', () => {
    const schema = SchemaBuilder.struct().withName('a.R')
      .addField('d', SchemaBuilder.float64().withDefault(1).build())
      .addField('l', SchemaBuilder.int64().withDefault(5n).build())
      .addField('b', SchemaBuilder.bytes().withDefault(new Uint8Array([0x41, 0xe9])).build())
      .build();
    assert.equal(avroText(schema),
      '{"type":"record","name":"R","namespace":"a","fields":[' +
      '{"name":"d","type":{"type":"double","connect.default":1.0},"default":1.0},' +
      '{"name":"l","type":{"type":"long","connect.default":5},"default":5},' +
      '{"name":"b","type":{"type":"bytes","connect.default":"Aé"},"default":"Aé"}],"connect.name":"a.R"}');
  });

  it('names unnamed structs ConnectDefault, ConnectDefault2..., and writes a reused struct once', () => {
    const inner = SchemaBuilder.struct().addField('x', Schemas.INT32).build();
    const outer = SchemaBuilder.struct().addField('a', inner).addField('b', inner)
      .addField('c', SchemaBuilder.struct().addField('y', Schemas.STRING).optional().build()).build();
    assert.equal(avroText(outer),
      '{"type":"record","name":"ConnectDefault","namespace":"io.confluent.connect.avro","fields":[' +
      '{"name":"a","type":{"type":"record","name":"ConnectDefault2","fields":[{"name":"x","type":"int"}]}},' +
      '{"name":"b","type":"ConnectDefault2"},' +
      '{"name":"c","type":["null",{"type":"record","name":"ConnectDefault3","fields":[{"name":"y","type":"string"}]}],"default":null}]}');
  });

  it('gives a named non-string-keyed map a MapEntry record of that name', () => {
    const schema = SchemaBuilder.map(Schemas.OPTIONAL_STRING, Schemas.INT32).withName('foo.bar').build();
    assert.equal(avroText(schema),
      '{"type":"array","items":{"type":"record","name":"bar","namespace":"foo","fields":[' +
      '{"name":"key","type":["null","string"],"default":null},{"name":"value","type":"int"}],' +
      '"connect.internal.type":"MapEntry"},"connect.name":"foo.bar"}');
  });

  it('puts record and field docs from parameters into the Avro doc attributes', () => {
    const schema = SchemaBuilder.struct().withName('a.Doc').parameter(AVRO_RECORD_DOC_PROP, 'rec')
      .parameter(`${AVRO_FIELD_DOC_PREFIX_PROP}f`, 'fld').addField('f', Schemas.INT32).build();
    assert.equal(avroText(schema),
      '{"type":"record","name":"Doc","namespace":"a","doc":"rec","fields":[{"name":"f","type":"int","doc":"fld"}],' +
      '"connect.parameters":{"io.confluent.connect.avro.record.doc":"rec","io.confluent.connect.avro.field.doc.f":"fld"},' +
      '"connect.name":"a.Doc"}');
  });

  it('scrubs invalid names with scrub.invalid.names', () => {
    const schema = SchemaBuilder.struct().withName('my-db.1table').addField('a-b', Schemas.INT32).build();
    assert.equal(avroText(schema, new AvroData({ scrubInvalidNames: true })),
      '{"type":"record","name":"_1table","namespace":"my_db","fields":[{"name":"a_b","type":"int"}],"connect.name":"my-db.1table"}');
  });
});

describe('AvroData: Avro schema -> Connect schema', () => {
  const toConnect = (text: string, version: number | null = null) => data.toConnectSchema(parseAvroSchema(text), version);

  it('maps int with connect.type, logical types and decimal precision', () => {
    assert.equal(toConnect('{"type":"int","connect.type":"int8"}').type, 'INT8');
    assert.equal(toConnect('{"type":"int","logicalType":"date"}').name, ConnectDate.LOGICAL_NAME);
    assert.equal(toConnect('{"type":"int","logicalType":"time-millis"}').name, Time.LOGICAL_NAME);
    assert.equal(toConnect('{"type":"long","logicalType":"timestamp-micros"}').name, null);
    const dec = toConnect('{"type":"bytes","logicalType":"decimal","precision":10,"scale":3}');
    assert.equal(dec.name, Decimal.LOGICAL_NAME);
    assert.deepEqual([...dec.parameters!], [['scale', '3'], ['connect.decimal.precision', '10']]);
    assert.deepEqual([...toConnect('{"type":"bytes","logicalType":"decimal","precision":64,"scale":3}').parameters!], [['scale', '3']]);
  });

  it('maps enums to strings with the symbols as parameters', () => {
    const schema = toConnect('{"type":"enum","name":"E","namespace":"n","symbols":["A","B"]}');
    assert.equal(schema.type, 'STRING');
    assert.equal(schema.name, 'n.E');
    assert.deepEqual([...schema.parameters!],
      [['io.confluent.connect.avro.Enum', 'n.E'], ['io.confluent.connect.avro.Enum.A', 'A'], ['io.confluent.connect.avro.Enum.B', 'B']]);
  });

  it('maps general unions to an io.confluent.connect.avro.Union struct of optional fields', () => {
    const schema = toConnect('["null","int",{"type":"record","name":"R","namespace":"x","fields":[]}]');
    assert.equal(schema.name, 'io.confluent.connect.avro.Union');
    assert.equal(schema.isOptional, true);
    assert.deepEqual(schema.fields.map((f) => [f.name, f.schema.type, f.schema.isOptional]), [['int', 'INT32', true], ['R', 'STRUCT', true]]);
  });

  it('takes record defaults (flagged) and connect.default, and drops ConnectDefault names', () => {
    const schema = toConnect('{"type":"record","name":"ConnectDefault","namespace":"io.confluent.connect.avro","fields":[' +
      '{"name":"a","type":"int","default":4},{"name":"b","type":{"type":"long","connect.default":42}},' +
      '{"name":"c","type":["null","string"],"default":null}]}', 3);
    assert.equal(schema.name, null);
    assert.equal(schema.version, 3);
    assert.equal(schema.field('a')!.schema.defaultValue, 4);
    assert.equal(schema.field('a')!.schema.parameters!.get(AVRO_FIELD_DEFAULT_FLAG_PROP), 'true');
    assert.equal(schema.field('b')!.schema.defaultValue, 42n);
    assert.equal(schema.field('c')!.schema.isOptional, true);
  });

  it('maps arrays of MapEntry records back to maps', () => {
    const schema = toConnect('{"type":"array","items":{"type":"record","name":"MapEntry","namespace":"io.confluent.connect.avro",' +
      '"fields":[{"name":"key","type":"int"},{"name":"value","type":"string"}]}}');
    assert.equal(schema.type, 'MAP');
    assert.equal(schema.keySchema!.type, 'INT32');
  });

  it('round-trips Connect schemas through Avro', () => {
    const schema = SchemaBuilder.struct().withName('com.x.All').withVersion(1).withDoc('all')
      .addField('i8', Schemas.INT8).addField('i16', Schemas.OPTIONAL_INT16).addField('dec', Decimal.schema(4))
      .addField('date', ConnectDate.SCHEMA).addField('ts', Timestamp.builder().optional().build())
      .addField('m', SchemaBuilder.map(Schemas.STRING, Schemas.OPTIONAL_FLOAT64).build())
      .addField('nm', SchemaBuilder.map(Schemas.INT64, Schemas.BOOLEAN).build())
      .addField('arr', SchemaBuilder.array(Schemas.BYTES).optional().build())
      .addField('dflt', SchemaBuilder.string().withDefault('x').build())
      .build();
    const back = toConnect(avroText(schema));
    assert.equal(back.name, 'com.x.All');
    assert.equal(back.doc, 'all');
    for (const f of schema.fields) {
      const g = back.field(f.name)!;
      assert.equal(g.schema.type, f.schema.type, f.name);
      assert.equal(g.schema.isOptional, f.schema.isOptional, f.name);
      assert.equal(g.schema.name, f.schema.name, f.name);
      assert.deepEqual(g.schema.defaultValue, f.schema.defaultValue, f.name);
    }
  });
});

describe('AvroData: values', () => {
  it('round-trips a struct value through the avsc value form', () => {
    const schema = SchemaBuilder.struct().withName('v.V')
      .addField('m', SchemaBuilder.map(Schemas.INT32, Schemas.OPTIONAL_STRING).build())
      .addField('a', SchemaBuilder.array(Schemas.OPTIONAL_INT64).build()).build();
    const value = new Struct(schema).put('m', new Map([[1, 'a'], [2, null]])).put('a', [1n, null]);
    const avro = data.fromConnectSchema(schema);
    const avroValue = data.fromConnectValue(schema, avro, value);
    assert.deepEqual(avroValue, { m: [{ key: 1, value: { string: 'a' } }, { key: 2, value: null }], a: [{ long: 1n }, null] });
    const back = data.toConnectValue(data.toConnectSchema(avro), avro, avroValue);
    assert.equal(String(back), String(value));
  });

  it('fails on null for a required schema and on a value of the wrong type', () => {
    const avro = data.fromConnectSchema(Schemas.INT32);
    assert.throws(() => data.fromConnectValue(Schemas.INT32, avro, null), /null value for non-optional schema/);
    assert.throws(() => data.fromConnectValue(Schemas.INT32, avro, 'x'), /Invalid type for INT32/);
  });
});
