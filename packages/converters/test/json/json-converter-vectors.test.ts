// Fixed vectors: the exact bytes Kafka 4.1's JsonConverter (Jackson, compact) writes. Each string
// was derived from Kafka's asJsonSchema/convertToJson rules (key order: type, items|keys,values|fields,
// optional, name, version, doc, parameters, default; struct fields end with "field").
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  BigDecimal, ConnectDate, Decimal, SchemaBuilder, Schemas, Struct, Time, Timestamp, type Schema,
} from '@tsconnect/api';
import { JsonConverter } from '../../src/index.js';

function converter(configs: Record<string, unknown> = {}): JsonConverter {
  const c = new JsonConverter();
  c.configure(configs, false);
  return c;
}

function written(c: JsonConverter, schema: Schema | null, value: unknown): string | null {
  const bytes = c.fromConnectData('topic', null, schema, value);
  return bytes === null ? null : Buffer.from(bytes).toString('utf8');
}

const USER = SchemaBuilder.struct().withName('com.example.User').withVersion(3)
  .addField('id', Schemas.INT64)
  .addField('name', Schemas.OPTIONAL_STRING)
  .addField('price', Decimal.schema(2))
  .addField('ts', Timestamp.builder().optional().build())
  .build();

describe('JsonConverter fixed vectors, schemas.enable=true', () => {
  const c = converter();
  const cases: [string, Schema | null, unknown, string][] = [
    ['boolean', Schemas.BOOLEAN, true, '{"schema":{"type":"boolean","optional":false},"payload":true}'],
    ['int8', Schemas.INT8, 12, '{"schema":{"type":"int8","optional":false},"payload":12}'],
    ['int16', Schemas.INT16, -12, '{"schema":{"type":"int16","optional":false},"payload":-12}'],
    ['int32', Schemas.INT32, 2147483647, '{"schema":{"type":"int32","optional":false},"payload":2147483647}'],
    ['int64', Schemas.INT64, 9223372036854775807n,
      '{"schema":{"type":"int64","optional":false},"payload":9223372036854775807}'],
    ['float32', Schemas.FLOAT32, Math.fround(12.34), '{"schema":{"type":"float","optional":false},"payload":12.34}'],
    ['float32 whole', Schemas.FLOAT32, 1, '{"schema":{"type":"float","optional":false},"payload":1.0}'],
    ['float64', Schemas.FLOAT64, 12.34, '{"schema":{"type":"double","optional":false},"payload":12.34}'],
    ['float64 whole', Schemas.FLOAT64, 12, '{"schema":{"type":"double","optional":false},"payload":12.0}'],
    ['float64 large', Schemas.FLOAT64, 1e10, '{"schema":{"type":"double","optional":false},"payload":1.0E10}'],
    ['float64 small', Schemas.FLOAT64, 0.0001, '{"schema":{"type":"double","optional":false},"payload":1.0E-4}'],
    ['float64 NaN', Schemas.FLOAT64, NaN, '{"schema":{"type":"double","optional":false},"payload":"NaN"}'],
    ['float64 -Infinity', Schemas.FLOAT64, -Infinity,
      '{"schema":{"type":"double","optional":false},"payload":"-Infinity"}'],
    ['string', Schemas.STRING, 'foo-bar-baz', '{"schema":{"type":"string","optional":false},"payload":"foo-bar-baz"}'],
    ['bytes', Schemas.BYTES, Buffer.from('test-string'),
      '{"schema":{"type":"bytes","optional":false},"payload":"dGVzdC1zdHJpbmc="}'],
    ['array', SchemaBuilder.array(Schemas.INT32).build(), [1, 2, 3],
      '{"schema":{"type":"array","items":{"type":"int32","optional":false},"optional":false},"payload":[1,2,3]}'],
    ['map with string keys', SchemaBuilder.map(Schemas.STRING, Schemas.INT32).build(), new Map([['key1', 12], ['key2', 15]]),
      '{"schema":{"type":"map","keys":{"type":"string","optional":false},"values":{"type":"int32","optional":false},' +
      '"optional":false},"payload":{"key1":12,"key2":15}}'],
    ['map with int keys', SchemaBuilder.map(Schemas.INT32, Schemas.INT32).build(), new Map([[1, 12], [2, 15]]),
      '{"schema":{"type":"map","keys":{"type":"int32","optional":false},"values":{"type":"int32","optional":false},' +
      '"optional":false},"payload":[[1,12],[2,15]]}'],
    ['struct', USER, new Struct(USER).put('id', 42n).put('price', new BigDecimal(156n, 2)).put('ts', new Date(1700000000000)),
      '{"schema":{"type":"struct","fields":[{"type":"int64","optional":false,"field":"id"},' +
      '{"type":"string","optional":true,"field":"name"},' +
      '{"type":"bytes","optional":false,"name":"org.apache.kafka.connect.data.Decimal","version":1,"parameters":{"scale":"2"},"field":"price"},' +
      '{"type":"int64","optional":true,"name":"org.apache.kafka.connect.data.Timestamp","version":1,"field":"ts"}],' +
      '"optional":false,"name":"com.example.User","version":3},' +
      '"payload":{"id":42,"name":null,"price":"AJw=","ts":1700000000000}}'],
    ['decimal', Decimal.schema(2), new BigDecimal(156n, 2),
      '{"schema":{"type":"bytes","optional":false,"name":"org.apache.kafka.connect.data.Decimal","version":1,' +
      '"parameters":{"scale":"2"}},"payload":"AJw="}'],
    ['negative decimal', Decimal.schema(2), new BigDecimal(-156n, 2),
      '{"schema":{"type":"bytes","optional":false,"name":"org.apache.kafka.connect.data.Decimal","version":1,' +
      '"parameters":{"scale":"2"}},"payload":"/2Q="}'],
    ['date', ConnectDate.SCHEMA, new Date(10000 * 86400000),
      '{"schema":{"type":"int32","optional":false,"name":"org.apache.kafka.connect.data.Date","version":1},"payload":10000}'],
    ['time', Time.SCHEMA, new Date(14400000),
      '{"schema":{"type":"int32","optional":false,"name":"org.apache.kafka.connect.data.Time","version":1},"payload":14400000}'],
    ['timestamp', Timestamp.SCHEMA, new Date(4000000000),
      '{"schema":{"type":"int64","optional":false,"name":"org.apache.kafka.connect.data.Timestamp","version":1},' +
      '"payload":4000000000}'],
    ['optional null', Schemas.OPTIONAL_BOOLEAN, null, '{"schema":{"type":"boolean","optional":true},"payload":null}'],
    ['null replaced by default', SchemaBuilder.bool().withDefault(true).build(), null,
      '{"schema":{"type":"boolean","optional":false,"default":true},"payload":true}'],
    ['metadata', SchemaBuilder.bool().required().withName('bool').withVersion(3).withDoc('the documentation')
      .parameter('foo', 'bar').parameter('a', 'b').build(), true,
    '{"schema":{"type":"boolean","optional":false,"name":"bool","version":3,"doc":"the documentation",' +
      '"parameters":{"foo":"bar","a":"b"}},"payload":true}'],
    ['decimal default', Decimal.builder(2).withDefault(new BigDecimal(156n, 2)).build(), new BigDecimal(100n, 2),
      '{"schema":{"type":"bytes","optional":false,"name":"org.apache.kafka.connect.data.Decimal","version":1,' +
      '"parameters":{"scale":"2"},"default":"AJw="},"payload":"ZA=="}'],
    ['schemaless in envelope', null, { a: 1, b: [1.5, true, null], c: 'x' },
      '{"schema":null,"payload":{"a":1,"b":[1.5,true,null],"c":"x"}}'],
  ];
  for (const [name, schema, value, expected] of cases) {
    it(`writes ${name}`, () => assert.equal(written(c, schema, value), expected));
  }

  it('writes a struct field default when the field is null, and keeps null when replace.null.with.default=false', () => {
    const schema = SchemaBuilder.struct().addField('a', SchemaBuilder.int32().optional().withDefault(7).build()).build();
    const value = new Struct(schema);
    const schemaJson = '{"type":"struct","fields":[{"type":"int32","optional":true,"default":7,"field":"a"}],"optional":false}';
    assert.equal(written(c, schema, value), `{"schema":${schemaJson},"payload":{"a":7}}`);
    const keepNull = converter({ 'replace.null.with.default': 'false' });
    assert.equal(written(keepNull, schema, value), `{"schema":${schemaJson},"payload":{"a":null}}`);
  });

  it('escapes strings as Jackson does, surrogates included', () => {
    const value = 'q"b\\s/\b\t\n\f\r\u0001\u001f\u007fé€😀\ud800';
    assert.equal(written(c, Schemas.STRING, value),
      '{"schema":{"type":"string","optional":false},' +
      '"payload":"q\\"b\\\\s/\\b\\t\\n\\f\\r\\u0001\\u001F\u007fé€\\uD83D\\uDE00\\uD800"}');
  });

  it('writes a null value with a null schema as a tombstone, not an envelope', () => {
    assert.equal(c.fromConnectData('topic', null, null, null), null);
  });
});

describe('JsonConverter fixed vectors, schemas.enable=false', () => {
  const c = converter({ 'schemas.enable': 'false' });
  const cases: [string, Schema | null, unknown, string][] = [
    ['int64', Schemas.INT64, 4398046511104n, '4398046511104'],
    ['float64', Schemas.FLOAT64, 1, '1.0'],
    ['float32 shortest form', Schemas.FLOAT32, 0.1, '0.1'],
    ['string', Schemas.STRING, 'hi', '"hi"'],
    ['optional null', Schemas.OPTIONAL_STRING, null, 'null'],
    ['struct', USER, new Struct(USER).put('id', 1n).put('name', 'Ann').put('price', new BigDecimal(-1n, 2)),
      '{"id":1,"name":"Ann","price":"/w==","ts":null}'],
    ['schemaless object', null, { a: 1, b: [1.5, true, null], c: Uint8Array.of(1, 2) }, '{"a":1,"b":[1.5,true,null],"c":"AQI="}'],
    ['schemaless map with string keys', null, new Map([['k', 'v']]), '{"k":"v"}'],
    ['schemaless map with other keys', null, new Map<unknown, unknown>([[1, 'x'], ['y', 2n]]), '[[1,"x"],["y",2]]'],
    ['schemaless big integers', null, [9007199254740993n, 1e21, -0.5], '[9007199254740993,1.0E21,-0.5]'],
    ['offset key form', null, ['my-connector', { table: 'users' }], '["my-connector",{"table":"users"}]'],
  ];
  for (const [name, schema, value, expected] of cases) {
    it(`writes ${name}`, () => assert.equal(written(c, schema, value), expected));
  }

  it('writes decimals as numbers with decimal.format=NUMERIC, keeping the scale', () => {
    const numeric = converter({ 'schemas.enable': 'false', 'decimal.format': 'numeric' });
    assert.equal(written(numeric, Decimal.schema(2), new BigDecimal(156n, 2)), '1.56');
    assert.equal(written(numeric, Decimal.schema(4), new BigDecimal(15600n, 4)), '1.5600');
    assert.equal(written(numeric, Decimal.schema(8), new BigDecimal(1n, 8)), '1E-8');
    assert.equal(written(numeric, Decimal.schema(0), new BigDecimal(-12345678901234567890n, 0)), '-12345678901234567890');
  });
});
