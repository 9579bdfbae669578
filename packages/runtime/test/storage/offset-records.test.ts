import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  decodeOffsetKey,
  decodeOffsetValue,
  encodeOffsetKey,
  encodeOffsetValue,
  offsetKeyIdentity,
  offsetKeyIdentityOf,
} from '../../src/storage/offset-records.js';

const bytes = (json: string) => Buffer.from(json, 'utf8');

describe('offsets topic records', () => {
  it('writes the key as a compact JSON array of connector and partition', () => {
    assert.equal(encodeOffsetKey('jdbc-src', { table: 'orders' }).toString(), '["jdbc-src",{"table":"orders"}]');
    assert.equal(
      encodeOffsetKey('s', new Map<string, string | number>([['db', 'x'], ['shard', 3]])).toString(),
      '["s",{"db":"x","shard":3}]',
    );
  });

  it('writes offset values with numbers as Java writes longs and doubles', () => {
    assert.equal(encodeOffsetValue({ ts: 1700000000000, id: 42 })!.toString(), '{"ts":1700000000000,"id":42}');
    assert.equal(encodeOffsetValue({ big: 9223372036854775807n, neg: -1 })!.toString(), '{"big":9223372036854775807,"neg":-1}');
    assert.equal(
      encodeOffsetValue({ a: 1.5, b: 0.0001, c: 1e21, d: 12345.678, e: -2.5e-7 })!.toString(),
      '{"a":1.5,"b":1.0E-4,"c":1.0E21,"d":12345.678,"e":-2.5E-7}',
    );
    assert.equal(encodeOffsetValue({ s: 'x', t: true, n: null })!.toString(), '{"s":"x","t":true,"n":null}');
  });

  it('writes a null offset as a tombstone', () => {
    assert.equal(encodeOffsetValue(null), null);
    assert.equal(decodeOffsetValue(null), null);
  });

  it('reads keys back and skips the malformed ones Kafka skips', () => {
    assert.deepEqual(decodeOffsetKey(bytes('["jdbc-src",{"table":"orders"}]')), { connector: 'jdbc-src', partition: { table: 'orders' } });
    for (const malformed of ['{"a":1}', '["c"]', '["c",{},1]', '[1,{}]', '["c",[1]]', '["c",null]', 'not json']) {
      assert.equal(decodeOffsetKey(bytes(malformed)), null, malformed);
    }
  });

  it('reads offset values and rejects values that are not flat maps', () => {
    assert.deepEqual(decodeOffsetValue(bytes('{"ts":1700000000000,"id":42}')), { ts: 1700000000000, id: 42 });
    assert.throws(() => decodeOffsetValue(bytes('[1]')), /Offsets must be specified as a Map/);
    assert.throws(() => decodeOffsetValue(bytes('{"a":{"b":1}}')), /primitive types as values, but field a contains MAP/);
    assert.throws(() => encodeOffsetKey('c', { a: [1] } as never), /field a contains ARRAY/);
  });

  it('matches keys by content: field order and spacing do not make another key', () => {
    const written = bytes('["c", {"b":2, "a":1}]');
    assert.equal(offsetKeyIdentity(encodeOffsetKey('c', { a: 1, b: 2 })), offsetKeyIdentity(written));
    assert.equal(offsetKeyIdentityOf('c', new Map<string, bigint | number>([['b', 2n], ['a', 1]])), offsetKeyIdentity(written));
    assert.equal(offsetKeyIdentityOf('c', { a: 1, b: 2 }), '["c",{"a":1,"b":2}]');
    assert.notEqual(offsetKeyIdentity(encodeOffsetKey('c', { a: 1, b: 3 })), offsetKeyIdentity(written));
    assert.notEqual(offsetKeyIdentity(encodeOffsetKey('d', { a: 1, b: 2 })), offsetKeyIdentity(written));
    assert.notEqual(offsetKeyIdentity(encodeOffsetKey('c', { a: '1', b: 2 })), offsetKeyIdentity(written));
  });

  it('identifies malformed keys by their bytes', () => {
    assert.equal(offsetKeyIdentity(bytes('["c"]')), offsetKeyIdentity(bytes('["c"]')));
    assert.notEqual(offsetKeyIdentity(bytes('["c"]')), offsetKeyIdentity(bytes('[ "c"]')));
  });
});
