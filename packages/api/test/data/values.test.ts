import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  BigDecimal, ConnectDate, DataException, Decimal, SchemaAndValue, SchemaBuilder, Schemas, Struct, Time, Timestamp,
  Values,
} from '../../src/index.js';

function parsed(text: string): [string | null, unknown] {
  const r = Values.parseString(text);
  return [r.schema === null ? null : r.schema.toString(), r.value];
}

describe('Values.parseString', () => {
  it('infers the smallest integer type', () => {
    assert.deepEqual(parsed('42'), ['Schema{INT8}', 42]);
    assert.deepEqual(parsed('-128'), ['Schema{INT8}', -128]);
    assert.deepEqual(parsed('1000'), ['Schema{INT16}', 1000]);
    assert.deepEqual(parsed('+70000'), ['Schema{INT32}', 70000]);
    assert.deepEqual(parsed('3000000000'), ['Schema{INT64}', 3000000000n]);
    assert.deepEqual(parsed('1e3'), ['Schema{INT16}', 1000]);
    assert.deepEqual(parsed('1.0'), ['Schema{INT8}', 1]);
  });

  it('goes past long to Decimal with scale 0', () => {
    const [schema, value] = parsed('9223372036854775808');
    assert.equal(schema, 'Schema{org.apache.kafka.connect.data.Decimal:BYTES}');
    assert.ok((value as BigDecimal).equals(new BigDecimal(9223372036854775808n, 0)));
    assert.ok(Values.parseString('12345678901234567890').schema!.equals(Decimal.schema(0)));
  });

  it('reads non-integers as FLOAT32 when they fit, else FLOAT64, else Decimal', () => {
    assert.deepEqual(parsed('1.5'), ['Schema{FLOAT32}', 1.5]);
    assert.deepEqual(parsed('1.1'), ['Schema{FLOAT32}', Math.fround(1.1)]);
    assert.deepEqual(parsed('0.5'), ['Schema{FLOAT32}', 0.5]);
    assert.deepEqual(parsed('1.5e300'), ['Schema{FLOAT64}', 1.5e300]);
    const big = Values.parseString('1.5e400');
    assert.ok(big.schema!.equals(Decimal.schema(-399)));
  });

  it('reads booleans, null and empty strings', () => {
    assert.deepEqual(parsed('true'), ['Schema{BOOLEAN}', true]);
    assert.deepEqual(parsed('false'), ['Schema{BOOLEAN}', false]);
    assert.equal(Values.parseString('null'), SchemaAndValue.NULL);
    assert.equal(Values.parseString(null), SchemaAndValue.NULL);
    assert.deepEqual(parsed(''), ['Schema{STRING}', '']);
    assert.deepEqual(parsed('   '), ['Schema{STRING}', '   ']);
  });

  it('keeps anything else, including a literal with trailing text, as the original string', () => {
    assert.deepEqual(parsed('abc'), ['Schema{STRING}', 'abc']);
    assert.deepEqual(parsed('true}'), ['Schema{STRING}', 'true}']);
    assert.deepEqual(parsed('42abc'), ['Schema{STRING}', '42abc']);
    assert.deepEqual(parsed('{a:1}'), ['Schema{STRING}', '{a:1}']);
    assert.deepEqual(parsed('[1,2'), ['Schema{STRING}', '[1,2']);
    assert.deepEqual(parsed('[1,,2]'), ['Schema{STRING}', '[1,,2]']);
  });

  it('parses arrays with a merged element schema and aligned values', () => {
    const ints = Values.parseString('[1, 2, 3]');
    assert.ok(ints.schema!.equals(SchemaBuilder.array(Schemas.INT8).build()));
    assert.deepEqual(ints.value, [1, 2, 3]);
    const widened = Values.parseString('[1,1000,3000000000]');
    assert.ok(widened.schema!.equals(SchemaBuilder.array(Schemas.INT64).build()));
    assert.deepEqual(widened.value, [1n, 1000n, 3000000000n]);
    const floats = Values.parseString('[1.5,2]');
    assert.ok(floats.schema!.equals(SchemaBuilder.array(Schemas.FLOAT32).build()));
    assert.deepEqual(floats.value, [1.5, 2]);
    const strings = Values.parseString('["a","b c"]');
    assert.ok(strings.schema!.equals(SchemaBuilder.array(Schemas.STRING).build()));
    assert.deepEqual(strings.value, ['a', 'b c']);
    const empty = Values.parseString('[]');
    assert.equal(empty.schema!.type, 'ARRAY');
    assert.equal(empty.schema!.valueSchema, null);
    assert.deepEqual(empty.value, []);
  });

  it('falls back to a string for arrays of mixed or partly null elements, as Kafka does', () => {
    assert.deepEqual(parsed('[1, null]'), ['Schema{STRING}', '[1, null]']);
    assert.deepEqual(parsed('[null, 1]'), ['Schema{STRING}', '[null, 1]']);
    const mixed = Values.parseString('[1,"a"]');
    assert.equal(mixed.schema!.type, 'ARRAY');
    assert.equal(mixed.schema!.valueSchema, null);
    assert.deepEqual(mixed.value, [1, 'a']);
  });

  it('parses maps with quoted or numeric keys', () => {
    const m = Values.parseString('{"a":1,"b":2}');
    assert.ok(m.schema!.equals(SchemaBuilder.map(Schemas.STRING, Schemas.INT8).build()));
    assert.deepEqual([...(m.value as Map<unknown, unknown>)], [['a', 1], ['b', 2]]);
    const n = Values.parseString('{1:true, 2:false}');
    assert.ok(n.schema!.equals(SchemaBuilder.map(Schemas.INT8, Schemas.BOOLEAN).build()));
    assert.deepEqual([...(n.value as Map<unknown, unknown>)], [[1, true], [2, false]]);
    const empty = Values.parseString('{}');
    assert.equal(empty.schema!.type, 'MAP');
    assert.deepEqual([...(empty.value as Map<unknown, unknown>)], []);
  });

  it('parses ISO dates, times and timestamps by length', () => {
    const date = Values.parseString('2020-01-02');
    assert.equal(date.schema, ConnectDate.SCHEMA);
    assert.equal((date.value as Date).toISOString(), '2020-01-02T00:00:00.000Z');
    const time = Values.parseString('12:34:56.789Z');
    assert.equal(time.schema, Time.SCHEMA);
    assert.equal((time.value as Date).getTime(), 45_296_789);
    const ts = Values.parseString('2020-01-02T12:34:56.789Z');
    assert.equal(ts.schema, Timestamp.SCHEMA);
    assert.equal((ts.value as Date).toISOString(), '2020-01-02T12:34:56.789Z');
    const quoted = Values.parseString('["2020-01-02"]');
    assert.ok(quoted.schema!.equals(SchemaBuilder.array(ConnectDate.SCHEMA).build()));
  });

  it('accepts escaped colons in times and parses nested arrays', () => {
    const time = Values.parseString('12\\:34\\:56.789Z');
    assert.equal(time.schema, Time.SCHEMA);
    assert.equal((time.value as Date).getTime(), 45_296_789);
    const nested = Values.parseString('[[1,2],[3]]');
    assert.ok(nested.schema!.equals(SchemaBuilder.array(SchemaBuilder.array(Schemas.INT8).build()).build()));
    assert.deepEqual(nested.value, [[1, 2], [3]]);
  });

  it('reads only the first token of top-level numbers, as Kafka does', () => {
    assert.deepEqual(parsed('1,2'), ['Schema{INT8}', 1]);
  });
});

describe('Values.convertToString', () => {
  it('renders values in the header text format', () => {
    assert.equal(Values.convertToString(null, null), null);
    assert.equal(Values.convertToString(Schemas.STRING, 'a"b'), 'a"b');
    assert.equal(Values.convertToString(Schemas.INT64, 5n), '5');
    assert.equal(Values.convertToString(Schemas.FLOAT64, 12), '12.0');
    assert.equal(Values.convertToString(Schemas.FLOAT32, Math.fround(1.1)), '1.1');
    assert.equal(Values.convertToString(Schemas.BYTES, new Uint8Array([1, 2, 3])), 'AQID');
    assert.equal(Values.convertToString(null, ['a"\\b', 1, null, new Uint8Array([255])]), '["a\\"\\\\b",1,null,"/w=="]');
    assert.equal(Values.convertToString(null, new Map<unknown, unknown>([['k', 'v'], [1, [true]]])), '{"k":"v",1:[true]}');
    const schema = SchemaBuilder.struct().addField('a', Schemas.STRING)
      .addField('b', SchemaBuilder.int32().withDefault(7).build()).build();
    assert.equal(Values.convertToString(schema, new Struct(schema).put('a', 'x')), '{"a":"x","b":7}');
    assert.equal(Values.convertToString(Decimal.schema(2), BigDecimal.fromString('1.50')), '1.50');
  });

  it('renders dates by their distance from the epoch, in UTC', () => {
    assert.equal(Values.convertToString(Time.SCHEMA, new Date(45_296_789)), '12:34:56.789Z');
    assert.equal(Values.convertToString(ConnectDate.SCHEMA, new Date(Date.UTC(2020, 0, 2))), '2020-01-02');
    assert.equal(Values.convertToString(Timestamp.SCHEMA, new Date(Date.UTC(2020, 0, 2, 3, 4, 5, 6))),
      '2020-01-02T03:04:05.006Z');
  });

  it('round-trips through parseString', () => {
    for (const text of ['42', '[1,2,3]', '{"a":"b"}', 'hello', '2020-01-02T03:04:05.006Z', '1.5']) {
      const r = Values.parseString(text);
      assert.equal(Values.convertToString(r.schema, r.value), text, text);
    }
  });
});

describe('Values.convertTo*', () => {
  it('converts between numbers with Java narrowing', () => {
    assert.equal(Values.convertToByte(null, 300), 44);
    assert.equal(Values.convertToShort(null, 70000), 4464);
    assert.equal(Values.convertToInteger(null, 2n ** 32n + 5n), 5);
    assert.equal(Values.convertToInteger(null, -7.9), -7);
    assert.equal(Values.convertToLong(null, 1e300), 2n ** 63n - 1n);
    assert.equal(Values.convertToLong(null, Number.NaN), 0n);
    assert.equal(Values.convertToLong(Schemas.INT32, 12), 12n);
    assert.equal(Values.convertToFloat(null, 1.1), Math.fround(1.1));
    assert.equal(Values.convertToDouble(null, 5n), 5);
    assert.equal(Values.convertToDouble(null, BigDecimal.fromString('2.5')), 2.5);
  });

  it('converts strings through BigDecimal', () => {
    assert.equal(Values.convertToInteger(null, '12.7'), 12);
    assert.equal(Values.convertToLong(null, '1e3'), 1000n);
    assert.equal(Values.convertToDouble(null, '2.5'), 2.5);
    assert.throws(() => Values.convertToInteger(null, 'abc'), (e: unknown) => e instanceof DataException &&
      e.message === 'Unable to convert abc (class java.lang.String) to a number');
    assert.throws(() => Values.convertToInteger(Schemas.STRING, 'abc'),
      { message: 'Unable to convert abc (class java.lang.String) to Schema{STRING}' });
  });

  it('converts to boolean from booleans, boolean text and numbers', () => {
    assert.equal(Values.convertToBoolean(null, 'true'), true);
    assert.equal(Values.convertToBoolean(null, 'false'), false);
    assert.equal(Values.convertToBoolean(null, '0'), false);
    assert.equal(Values.convertToBoolean(null, 3), true);
    assert.equal(Values.convertToBoolean(null, null), null);
    assert.throws(() => Values.convertToBoolean(null, 'yes'), DataException);
  });

  it('returns null for null scalars but refuses null for structured and logical targets', () => {
    assert.equal(Values.convertToInteger(null, null), null);
    assert.equal(Values.convertToString(null, undefined), null);
    for (const fn of [
      () => Values.convertToList(null, null), () => Values.convertToMap(null, null),
      () => Values.convertToStruct(null, null), () => Values.convertToDate(null, null),
      () => Values.convertToTime(null, null), () => Values.convertToTimestamp(null, null),
      () => Values.convertToDecimal(null, null, 2),
    ]) {
      assert.throws(fn, { message: 'Unable to convert a null value to a schema that requires a value' });
    }
  });

  it('parses lists and maps from text', () => {
    assert.deepEqual(Values.convertToList(null, '[1,2]'), [1, 2]);
    assert.deepEqual([...Values.convertToMap(null, '{"a":true}')], [['a', true]]);
    assert.deepEqual([...Values.convertToMap(null, { a: 1 })], [['a', 1]]);
    assert.throws(() => Values.convertToList(null, 'x'), { message: 'Unable to convert x (class java.lang.String) to Schema{ARRAY}' });
    assert.throws(() => Values.convertToStruct(null, 1), { message: 'Unable to convert 1 (class java.lang.Integer) to Schema{STRUCT}' });
  });

  it('converts between temporal types and numbers', () => {
    const ts = new Date(Date.UTC(2020, 0, 2, 3, 4, 5, 6));
    assert.equal(Values.convertToDate(Timestamp.SCHEMA, ts).toISOString(), '2020-01-02T00:00:00.000Z');
    assert.equal(Values.convertToTime(Timestamp.SCHEMA, ts).getTime(), ((3 * 60 + 4) * 60 + 5) * 1000 + 6);
    assert.equal(Values.convertToTimestamp(ConnectDate.SCHEMA, new Date(86_400_000)).getTime(), 86_400_000);
    assert.equal(Values.convertToTimestamp(null, 1234).getTime(), 1234);
    assert.equal(Values.convertToDate(null, 1).getTime(), 86_400_000);
    assert.equal(Values.convertToTimestamp(null, '2020-01-02T03:04:05.006Z').getTime(), ts.getTime());
    assert.equal(Values.convertToLong(Timestamp.SCHEMA, ts), BigInt(ts.getTime()));
    assert.equal(Values.convertToInteger(ConnectDate.SCHEMA, new Date(86_400_000 * 3)), 3);
    assert.throws(() => Values.convertToLong(null, ts), DataException);
  });

  it('converts to decimals from bytes, numbers (through double) and text', () => {
    assert.equal(Values.convertToDecimal(null, new Uint8Array([0x7b]), 2).toString(), '1.23');
    assert.equal(Values.convertToDecimal(null, 1, 2).toString(), '1.0');
    assert.equal(Values.convertToDecimal(null, '3.14159', 2).toString(), '3.14159');
    const d = BigDecimal.fromString('9.99');
    assert.equal(Values.convertToDecimal(null, d, 5), d);
  });
});

describe('Values.inferSchema', () => {
  it('infers primitive, list and map schemas from JS values', () => {
    assert.equal(Values.inferSchema('a'), Schemas.STRING);
    assert.equal(Values.inferSchema(true), Schemas.BOOLEAN);
    assert.equal(Values.inferSchema(5), Schemas.INT32);
    assert.equal(Values.inferSchema(2 ** 40), Schemas.FLOAT64);
    assert.equal(Values.inferSchema(1.5), Schemas.FLOAT64);
    assert.equal(Values.inferSchema(5n), Schemas.INT64);
    assert.equal(Values.inferSchema(new Uint8Array()), Schemas.BYTES);
    assert.ok(Values.inferSchema([1, null])!.equals(SchemaBuilder.array(Schemas.OPTIONAL_INT32).build()));
    assert.ok(Values.inferSchema({ a: 'x' })!.equals(SchemaBuilder.map(Schemas.STRING, Schemas.STRING).build()));
    assert.equal(Values.inferSchema([1, 'a']), null);
    assert.equal(Values.inferSchema([]), null);
    assert.equal(Values.inferSchema(new Date()), null);
    assert.equal(Values.inferSchema(null), null);
  });
});
