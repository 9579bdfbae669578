import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConnectHeaders, SchemaAndValue, SchemaBuilder, Schemas, Timestamp, type Schema } from '@tsconnect/api';
import { SimpleHeaderConverter } from '../../src/index.js';

const c = new SimpleHeaderConverter();
const read = (text: string): SchemaAndValue => c.toConnectHeader('t', 'h', Buffer.from(text, 'utf8'));
const write = (schema: Schema | null, value: unknown): string => Buffer.from(c.fromConnectHeader('t', 'h', schema, value)!).toString('utf8');

describe('SimpleHeaderConverter', () => {
  it('infers the smallest fitting type from header text', () => {
    const cases: [string, Schema | null, unknown][] = [
      ['42', Schemas.INT8, 42],
      ['300', Schemas.INT16, 300],
      ['70000', Schemas.INT32, 70000],
      ['5000000000', Schemas.INT64, 5000000000n],
      ['1.5', Schemas.FLOAT32, 1.5],
      ['true', Schemas.BOOLEAN, true],
      ['hello world', Schemas.STRING, 'hello world'],
      ['', Schemas.STRING, ''],
      ['null', null, null],
    ];
    for (const [text, schema, value] of cases) {
      const result = read(text);
      assert.ok(schema === null ? result.schema === null : result.schema!.equals(schema), text);
      assert.equal(result.value, value, text);
    }
  });

  it('parses arrays, maps and ISO timestamps', () => {
    const array = read('[1,2,3]');
    assert.ok(array.schema!.equals(SchemaBuilder.array(Schemas.INT8).build()));
    assert.deepEqual(array.value, [1, 2, 3]);
    const map = read('{"a":1,"b":2}');
    assert.ok(map.schema!.equals(SchemaBuilder.map(Schemas.STRING, Schemas.INT8).build()));
    assert.deepEqual(map.value, new Map([['a', 1], ['b', 2]]));
    const ts = read('2024-01-02T03:04:05.678Z');
    assert.ok(ts.schema!.equals(Timestamp.SCHEMA));
    assert.equal((ts.value as Date).toISOString(), '2024-01-02T03:04:05.678Z');
  });

  it('reads maps and lists of mixed value types with no value schema, and the headers take them', () => {
    const oldKey = read('{"region":"north","item_id":1}');
    assert.equal(oldKey.schema!.type, 'MAP');
    assert.ok(oldKey.schema!.keySchema!.equals(Schemas.STRING));
    assert.equal(oldKey.schema!.valueSchema, null);
    assert.deepEqual(oldKey.value, new Map<string, unknown>([['region', 'north'], ['item_id', 1]]));
    const list = read('["north",1,true]');
    assert.equal(list.schema!.type, 'ARRAY');
    assert.equal(list.schema!.valueSchema, null);
    assert.deepEqual(list.value, ['north', 1, true]);
    const headers = new ConnectHeaders().add('__debezium.oldkey', oldKey).add('list', list);
    assert.equal(headers.size, 2);
    assert.equal(write(oldKey.schema, oldKey.value), '{"region":"north","item_id":1}');
  });

  it('returns (null, null) for a null header', () => {
    assert.equal(c.toConnectHeader('t', 'h', null), SchemaAndValue.NULL);
    assert.equal(c.fromConnectHeader('t', 'h', Schemas.OPTIONAL_STRING, null), null);
  });

  it('writes values as Values.convertToString text in UTF-8', () => {
    assert.equal(write(Schemas.INT32, 42), '42');
    assert.equal(write(Schemas.FLOAT64, 12), '12.0');
    assert.equal(write(Schemas.STRING, 'plain "text"'), 'plain "text"');
    assert.equal(write(SchemaBuilder.array(Schemas.STRING).build(), ['a', 'b"c']), '["a","b\\"c"]');
    assert.equal(write(SchemaBuilder.map(Schemas.STRING, Schemas.INT32).build(), new Map([['k', 1]])), '{"k":1}');
    assert.equal(write(Timestamp.SCHEMA, new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678))), '2024-01-02T03:04:05.678Z');
    assert.equal(write(Schemas.BYTES, Uint8Array.of(1, 2)), 'AQI=');
  });

  it('round-trips written headers to equal values', () => {
    for (const [schema, value] of [[Schemas.INT8, 5], [Schemas.BOOLEAN, false], [Schemas.STRING, 'x y']] as const) {
      const back = read(write(schema, value));
      assert.ok(back.schema!.equals(schema));
      assert.equal(back.value, value);
    }
  });
});
