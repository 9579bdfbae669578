import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  BigDecimal, ConfigException, ConnectDate, DataException, Decimal, SchemaAndValue, SchemaBuilder, Schemas, Struct,
  Time, Timestamp, type Schema,
} from '@tsconnect/api';
import { JsonConverter } from '../../src/index.js';

function converter(configs: Record<string, unknown> = {}): JsonConverter {
  const c = new JsonConverter();
  c.configure(configs, false);
  return c;
}

function read(c: JsonConverter, json: string): SchemaAndValue {
  return c.toConnectData('topic', null, Buffer.from(json, 'utf8'));
}

function assertDataError(action: () => unknown, message: string): void {
  assert.throws(action, (e: unknown) => e instanceof DataException && e.message === message);
}

const ENVELOPE_ERROR = 'JsonConverter with schemas.enable requires "schema" and "payload" fields and may not contain' +
  ' additional fields. If you are trying to deserialize plain JSON data, set schemas.enable=false in your converter' +
  ' configuration.';

describe('JsonConverter reading with schemas', () => {
  const c = converter();

  it('reads every primitive type with its schema', () => {
    const cases: [string, Schema, unknown][] = [
      ['{ "schema": { "type": "boolean" }, "payload": true }', Schemas.BOOLEAN, true],
      ['{"schema":{"type":"int8"},"payload":12}', Schemas.INT8, 12],
      ['{"schema":{"type":"int16"},"payload":12}', Schemas.INT16, 12],
      ['{"schema":{"type":"int32"},"payload":12}', Schemas.INT32, 12],
      ['{"schema":{"type":"int64"},"payload":4398046511104}', Schemas.INT64, 4398046511104n],
      ['{"schema":{"type":"float"},"payload":12.34}', Schemas.FLOAT32, Math.fround(12.34)],
      ['{"schema":{"type":"double"},"payload":12.34}', Schemas.FLOAT64, 12.34],
      ['{"schema":{"type":"string"},"payload":"foo-bar-baz"}', Schemas.STRING, 'foo-bar-baz'],
      ['{"schema":{"type":"string","optional":true},"payload":null}', Schemas.OPTIONAL_STRING, null],
    ];
    for (const [json, schema, value] of cases) {
      const result = read(c, json);
      assert.ok(result.schema!.equals(schema), json);
      assert.deepEqual(result.value, value, json);
    }
    assert.deepEqual(read(c, '{"schema":{"type":"bytes"},"payload":"dGVzdC1zdHJpbmc="}').value,
      new Uint8Array(Buffer.from('test-string')));
  });

  it('reads schema metadata: name, version, doc, parameters, default', () => {
    const result = read(c, '{"schema":{"type":"boolean","optional":false,"name":"bool","version":2,' +
      '"doc":"the documentation","parameters":{"foo":"bar"},"default":false},"payload":null}');
    const expected = SchemaBuilder.bool().withName('bool').withVersion(2).withDoc('the documentation')
      .parameter('foo', 'bar').withDefault(false).build();
    assert.ok(result.schema!.equals(expected));
    assert.equal(result.value, false);
  });

  it('reads logical types', () => {
    const decimal = '{"schema":{"type":"bytes","name":"org.apache.kafka.connect.data.Decimal","version":1,' +
      '"parameters":{"scale":"2"}},"payload":';
    const base64 = read(c, `${decimal}"AJw="}`);
    assert.ok(base64.schema!.equals(Decimal.schema(2)));
    assert.ok((base64.value as BigDecimal).equals(new BigDecimal(156n, 2)));
    // A JSON number is taken as written, whatever decimal.format says: its own scale is kept.
    assert.ok((read(c, `${decimal}1.5}`).value as BigDecimal).equals(new BigDecimal(15n, 1)));
    assert.ok((read(c, `${decimal}1.2345678901234567890123456789}`).value as BigDecimal)
      .equals(new BigDecimal(12345678901234567890123456789n, 28)));
    const date = read(c, '{"schema":{"type":"int32","name":"org.apache.kafka.connect.data.Date","version":1},"payload":10000}');
    assert.ok(date.schema!.equals(ConnectDate.SCHEMA));
    assert.equal((date.value as Date).toISOString(), '1997-05-19T00:00:00.000Z');
    const time = read(c, '{"schema":{"type":"int32","name":"org.apache.kafka.connect.data.Time","version":1},"payload":14400000}');
    assert.ok(time.schema!.equals(Time.SCHEMA));
    assert.equal((time.value as Date).getTime(), 14400000);
    const ts = read(c, '{"schema":{"type":"int64","name":"org.apache.kafka.connect.data.Timestamp","version":1},"payload":4000000000}');
    assert.ok(ts.schema!.equals(Timestamp.SCHEMA));
    assert.equal((ts.value as Date).getTime(), 4000000000);
  });

  it('reads arrays, maps in both encodings and structs (extra JSON keys ignored, missing ones null)', () => {
    assert.deepEqual(read(c, '{"schema":{"type":"array","items":{"type":"int32"}},"payload":[1,2,3]}').value, [1, 2, 3]);
    assert.deepEqual(read(c, '{"schema":{"type":"map","keys":{"type":"string"},"values":{"type":"int32"}},' +
      '"payload":{"key1":12,"key2":15}}').value, new Map([['key1', 12], ['key2', 15]]));
    assert.deepEqual(read(c, '{"schema":{"type":"map","keys":{"type":"int32"},"values":{"type":"int32"}},' +
      '"payload":[[1,12],[2,15]]}').value, new Map([[1, 12], [2, 15]]));
    const result = read(c, '{"schema":{"type":"struct","fields":[{"field":"field1","type":"boolean"},' +
      '{"field":"field2","type":"string","optional":true}]},"payload":{"field1":true,"extra":1}}');
    const schema = SchemaBuilder.struct().addField('field1', Schemas.BOOLEAN).addField('field2', Schemas.OPTIONAL_STRING).build();
    assert.ok(result.schema!.equals(schema));
    assert.ok((result.value as Struct).equals(new Struct(schema).put('field1', true)));
  });

  it('applies Jackson and Kafka quirks: leading zeros, narrowing casts, non-string text, trailing content', () => {
    assert.equal(read(c, '{"schema":{"type":"int32"},"payload":0012}').value, 12);
    assert.equal(read(c, '{"schema":{"type":"int8"},"payload":300}').value, 44);
    assert.equal(read(c, '{"schema":{"type":"int32"},"payload":12.9}').value, 12);
    assert.equal(read(c, '{"schema":{"type":"int64"},"payload":18446744073709551617}').value, 1n);
    assert.equal(read(c, '{"schema":{"type":"string"},"payload":12}').value, null);
    assert.equal(read(c, '{"schema":{"type":"int32"},"payload":12} trailing').value, 12);
  });

  it('reads a negative zero as 0.0, as Kafka reads decimals exactly (BigDecimal has no -0)', () => {
    assert.ok(Object.is(read(c, '{"schema":{"type":"double"},"payload":-0.0}').value, 0));
    assert.ok(Object.is(read(c, '{"schema":{"type":"float"},"payload":-0E5}').value, 0));
    assert.ok(Object.is(read(c, '{"schema":{"type":"double"},"payload":-1e-400}').value, -0));
  });

  it('replaces a null payload by the schema default unless replace.null.with.default=false', () => {
    const json = '{"schema":{"type":"int32","optional":true,"default":42},"payload":null}';
    assert.equal(read(c, json).value, 42);
    assert.equal(read(converter({ 'replace.null.with.default': false }), json).value, null);
  });

  it('rejects input that is not an envelope, with Kafka\'s message', () => {
    for (const json of ['{"payload":1}', '{"schema":null,"payload":1,"x":2}', '12', '[]', '']) {
      assertDataError(() => read(c, json), ENVELOPE_ERROR);
    }
  });

  it('reports malformed JSON as a serialization error with the parser error as cause', () => {
    for (const json of ['{', '{"schema":null,"payload":tru}', '{"a":1,}', '\u0001', '{"schema":nul']) {
      assert.throws(() => read(c, json), (e: unknown) => e instanceof DataException &&
        e.message === 'Converting byte[] to Kafka Connect data failed due to serialization error: ' && e.cause instanceof Error, json);
    }
  });

  it('rejects bad schemas and payloads with Kafka\'s messages', () => {
    const cases: [string, string][] = [
      ['{"schema":{},"payload":1}', "Schema must contain 'type' field"],
      ['{"schema":{"type":1},"payload":1}', "Schema must contain 'type' field"],
      ['{"schema":{"type":"foo"},"payload":1}', 'Unknown schema type: foo'],
      ['{"schema":{"type":"array"},"payload":[]}', 'Array schema did not specify the element type'],
      ['{"schema":{"type":"map","values":{"type":"int32"}},"payload":{}}', 'Map schema did not specify the key type'],
      ['{"schema":{"type":"map","keys":{"type":"int32"}},"payload":{}}', 'Map schema did not specify the value type'],
      ['{"schema":{"type":"struct"},"payload":{}}', 'Struct schema\'s "fields" argument is not an array.'],
      ['{"schema":{"type":"struct","fields":[{"type":"int32"}]},"payload":{}}', "Struct schema's field name not specified properly"],
      ['{"schema":{"type":"int32","parameters":{"a":1}},"payload":1}', 'Schema parameters must have string values.'],
      ['{"schema":{"type":"int32"},"payload":null}', 'Invalid null value for required INT32 field'],
      ['{"schema":{"type":"struct","fields":[]},"payload":[]}', 'Structs should be encoded as JSON objects, but found ARRAY'],
      ['{"schema":{"type":"map","keys":{"type":"string"},"values":{"type":"int32"}},"payload":[]}',
        'Maps with string fields should be encoded as JSON objects, but found ARRAY'],
      ['{"schema":{"type":"map","keys":{"type":"int32"},"values":{"type":"int32"}},"payload":{}}',
        'Maps with non-string fields should be encoded as JSON array of tuples, but found OBJECT'],
      ['{"schema":{"type":"map","keys":{"type":"int32"},"values":{"type":"int32"}},"payload":[1]}',
        'Found invalid map entry instead of array tuple: NUMBER'],
      ['{"schema":{"type":"map","keys":{"type":"int32"},"values":{"type":"int32"}},"payload":[[1]]}',
        'Found invalid map entry, expected length 2 but found :1'],
      ['{"schema":{"type":"bytes"},"payload":"not base64!"}', 'Invalid bytes field'],
      ['{"schema":{"type":"int32","name":"org.apache.kafka.connect.data.Date"},"payload":"x"}',
        'Invalid type for Date, underlying representation should be integer but was STRING'],
      ['{"schema":{"type":"int32","name":"org.apache.kafka.connect.data.Date"},"payload":3000000000}',
        'Invalid type for Date, underlying representation should be integer but was NUMBER'],
      ['{"schema":{"type":"int64","name":"org.apache.kafka.connect.data.Timestamp"},"payload":1.5}',
        'Invalid type for Timestamp, underlying representation should be integral but was NUMBER'],
      ['{"schema":{"type":"bytes","name":"org.apache.kafka.connect.data.Decimal","parameters":{"scale":"2"}},"payload":true}',
        'Invalid type for Decimal, underlying representation should be numeric or bytes but was BOOLEAN'],
      ['{"schema":{"type":"bytes","name":"org.apache.kafka.connect.data.Decimal","parameters":{"scale":"2"}},"payload":"AJw"}',
        'Invalid bytes for Decimal field'],
    ];
    for (const [json, message] of cases) assertDataError(() => read(c, json), message);
  });
});

describe('JsonConverter reading without schemas', () => {
  const c = converter({ 'schemas.enable': false });

  it('infers values: objects as plain objects, integers as number when safe and bigint beyond', () => {
    assert.deepEqual(read(c, '{"a":{"b":[1,"2",3.5,true,null]},"big":9007199254740993,"neg":-9007199254740991}').value,
      { a: { b: [1, '2', 3.5, true, null] }, big: 9007199254740993n, neg: -9007199254740991 });
    assert.equal(read(c, '12').value, 12);
    assert.equal(read(c, '12.24').value, 12.24);
    assert.equal(read(c, '"AQI="').value, 'AQI=');
    assert.equal(read(c, '{"schema":{"type":"int32"},"payload":1}').schema, null);
  });

  it('writes a -0 number as the double -0.0, never as an integer', () => {
    assert.equal(Buffer.from(c.fromConnectData('topic', null, null, [-0, 0])!).toString(), '[-0.0,0]');
  });

  it('reads empty input and JSON null as (null, null) and null bytes as SchemaAndValue.NULL', () => {
    assert.ok(read(c, '').equals(SchemaAndValue.NULL));
    assert.ok(read(c, ' null ').equals(SchemaAndValue.NULL));
    assert.equal(c.toConnectData('topic', null, null), SchemaAndValue.NULL);
  });

  it('keeps object keys that are special in JavaScript as plain data', () => {
    const value = read(c, '{"__proto__":{"polluted":true},"constructor":1}').value as Record<string, unknown>;
    assert.deepEqual(Object.keys(value), ['__proto__', 'constructor']);
    assert.equal(Object.getPrototypeOf(value), Object.prototype);
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
  });
});

describe('JsonConverter round trips', () => {
  const nested = SchemaBuilder.struct().withName('inner').addField('x', Schemas.FLOAT64).build();
  const all = SchemaBuilder.struct().withName('all').withVersion(2).withDoc('every type')
    .addField('bool', Schemas.BOOLEAN)
    .addField('int8', Schemas.INT8)
    .addField('int16', Schemas.INT16)
    .addField('int32', Schemas.INT32)
    .addField('int64', Schemas.INT64)
    .addField('float32', Schemas.FLOAT32)
    .addField('float64', Schemas.FLOAT64)
    .addField('string', SchemaBuilder.string().withDefault('dflt').build())
    .addField('bytes', Schemas.OPTIONAL_BYTES)
    .addField('array', SchemaBuilder.array(Schemas.OPTIONAL_STRING).build())
    .addField('map', SchemaBuilder.map(Schemas.STRING, nested).build())
    .addField('structKeys', SchemaBuilder.map(nested, Schemas.INT64).optional().build())
    .addField('struct', nested)
    .addField('decimal', Decimal.builder(3).parameter('note', 'x').build())
    .addField('date', ConnectDate.SCHEMA)
    .addField('time', Time.SCHEMA)
    .addField('timestamp', Timestamp.builder().optional().build())
    .build();
  const inner = (x: number): Struct => new Struct(nested).put('x', x);
  const value = new Struct(all)
    .put('bool', true).put('int8', -128).put('int16', 32767).put('int32', -2147483648)
    .put('int64', -9223372036854775808n).put('float32', Math.fround(3.4e38)).put('float64', 5e-324)
    .put('string', 'ünïcödé "q"').put('bytes', Uint8Array.of(0, 255, 128))
    .put('array', ['a', null, '']).put('map', new Map([['k', inner(1.5)]]))
    .put('structKeys', new Map([[inner(2), 7n]])).put('struct', inner(-0.25))
    .put('decimal', new BigDecimal(-123456789012345678901234567890n, 3))
    .put('date', new Date(-86400000)).put('time', new Date(86399999)).put('timestamp', new Date(-1));

  for (const configs of [{}, { 'decimal.format': 'NUMERIC' }]) {
    it(`returns every type unchanged through bytes (${JSON.stringify(configs)})`, () => {
      const c = converter(configs);
      const bytes = c.fromConnectData('topic', null, all, value)!;
      const back = c.toConnectData('topic', null, bytes);
      assert.ok(back.schema!.equals(all));
      assert.ok((back.value as Struct).equals(value));
      assert.deepEqual(c.fromConnectData('topic', null, back.schema, back.value), bytes);
    });
  }

  it('returns schemaless data unchanged through bytes', () => {
    const c = converter({ 'schemas.enable': false });
    const data = { s: 'x', n: 1, f: 0.5, big: -9223372036854775808n, list: [true, null, { deep: [] }] };
    assert.deepEqual(c.toConnectData('topic', null, c.fromConnectData('topic', null, null, data)).value, data);
  });
});

describe('JsonConverter writing records that share a schema', () => {
  const row = (optional: boolean): Schema => {
    const name = SchemaBuilder.string();
    if (optional) name.optional();
    return SchemaBuilder.struct().withName('row').addField('id', Schemas.INT32).addField('name', name.build()).build();
  };
  const text = (bytes: Uint8Array | null | Promise<Uint8Array | null>): string => Buffer.from(bytes as Uint8Array).toString('utf8');

  it('writes each record with its own schema, however often the schema repeats', () => {
    const c = converter();
    const required = row(false);
    const schemaText = '{"type":"struct","fields":[{"type":"int32","optional":false,"field":"id"},' +
      `{"type":"string","optional":%s,"field":"name"}],"optional":false,"name":"row"}`;
    for (const [schema, id] of [[required, 1], [required, 2], [row(false), 3], [row(true), 4]] as const) {
      const value = new Struct(schema).put('id', id).put('name', `n${id}`);
      assert.equal(text(c.fromConnectData('t', null, schema, value)),
        `{"schema":${schemaText.replace('%s', String(schema.field('name')!.schema.isOptional))},"payload":{"id":${id},"name":"n${id}"}}`);
    }
  });

  it('returns plain Uint8Array bytes, as the Converter interface declares', () => {
    const c = converter();
    for (const bytes of [c.fromConnectData('t', null, Schemas.INT32, 1), converter({ 'schemas.enable': false }).fromConnectData('t', null, null, 'x')]) {
      assert.equal(Object.getPrototypeOf(bytes), Uint8Array.prototype);
    }
  });
});

describe('JsonConverter writing errors', () => {
  const c = converter();

  it('reports values that do not fit the schema with Kafka\'s messages', () => {
    const other = SchemaBuilder.struct().addField('a', Schemas.INT32).build();
    const cases: [Schema | null, unknown, string][] = [
      [Schemas.INT32, null, 'Conversion error: null value for field that is required and has no default value'],
      [Schemas.INT32, 'x', 'Invalid type for INT32: class java.lang.String'],
      [Schemas.INT8, 200, 'Invalid type for INT8: class java.lang.Integer'],
      [Schemas.INT64, 1, 'Invalid type for INT64: class java.lang.Integer'],
      [Schemas.BYTES, 'x', 'Invalid type for bytes type: class java.lang.String'],
      [SchemaBuilder.struct().withName('x').addField('a', Schemas.INT32).build(), new Struct(other), 'Mismatching schema.'],
      [null, new Struct(other), 'Mismatching schema.'],
      [null, new Date(0), 'Java class class java.util.Date does not have corresponding schema type.'],
      [Decimal.schema(2), 1.5, 'Invalid type for Decimal, expected BigDecimal but was class java.lang.Double'],
      [Decimal.schema(2), new BigDecimal(1n, 1), 'Decimal value has mismatching scale for given Decimal schema. Schema has scale 2, value has scale 1.'],
      [ConnectDate.SCHEMA, new Date(1), 'Kafka Connect Date type should not have any time fields set to non-zero values.'],
      [Timestamp.SCHEMA, 1, 'Invalid type for Timestamp, expected Date but was class java.lang.Integer'],
    ];
    for (const [schema, value, message] of cases) assertDataError(() => c.fromConnectData('t', null, schema, value), message);
  });
});

describe('JsonConverter configuration', () => {
  it('declares Kafka\'s keys and defaults', () => {
    const def = new JsonConverter().config();
    assert.deepEqual(def.names(), ['converter.type', 'schemas.enable', 'schemas.cache.size', 'decimal.format', 'replace.null.with.default']);
    assert.deepEqual(def.defaultValues(), {
      'schemas.enable': true, 'schemas.cache.size': 1000, 'decimal.format': 'BASE64', 'replace.null.with.default': true,
    });
  });

  it('sets converter.type from isKey, and requires it when configured as a header converter', () => {
    const c = new JsonConverter();
    c.configure({}, true);
    assert.equal(c.converterConfig.converterType, 'key');
    assert.throws(() => c.configure({}), ConfigException);
    c.configure({ 'converter.type': 'header' });
    assert.equal(c.converterConfig.converterType, 'header');
    assert.throws(() => c.configure({ 'decimal.format': 'HEX' }, false), ConfigException);
  });

  it('works as a header converter through the value path', () => {
    const c = new JsonConverter();
    c.configure({ 'converter.type': 'header', 'schemas.enable': 'false' });
    const bytes = c.fromConnectHeader('t', 'h', Schemas.INT32, 5)!;
    assert.equal(Buffer.from(bytes).toString(), '5');
    assert.equal(c.toConnectHeader('t', 'h', bytes).value, 5);
  });

  it('bounds both schema caches by schemas.cache.size', () => {
    const c = converter({ 'schemas.cache.size': 2 });
    for (const schema of [Schemas.INT8, Schemas.INT16, Schemas.INT32, Schemas.INT8]) c.fromConnectData('t', null, schema, 1);
    for (const type of ['int8', 'int16', 'int32']) read(c, `{"schema":{"type":"${type}"},"payload":1}`);
    assert.deepEqual(c.jsonData.cacheSizes(), { fromConnect: 2, toConnect: 2 });
  });
});
