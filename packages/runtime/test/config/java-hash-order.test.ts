import assert from 'node:assert/strict';
import { test } from 'node:test';
import { javaHashMapString, javaHashSetOrder } from '../../src/config/java-hash-order.js';

test('a config prints in Java HashMap order, as Kafka 4.1 printed {b=1, a=2, z=3} plus the name', () => {
  // Seen from Kafka 4.1.1: POST /connectors {"name":"nt","config":{"b":"1","a":"2","z":"3"}}.
  assert.equal(javaHashMapString({ b: '1', a: '2', z: '3', name: 'nt' }), '{name=nt, a=2, b=1, z=3}');
});

test('keys in one bucket keep their order; an empty config is {}', () => {
  // 'b' (98) and 'z' (122) share bucket 2 of the table of 4 (or 8) a HashMap copy of 2 (or 3) keys has.
  assert.equal(javaHashMapString({ z: '1', b: '2' }), '{z=1, b=2}');
  assert.equal(javaHashMapString({ b: '2', z: '1', a: null }), '{a=null, b=2, z=1}');
  assert.equal(javaHashMapString({}), '{}');
});

test("a HashMap filled key by key iterates in bucket order, as Kafka 4.1 listed JsonConverter's validated keys", () => {
  // Kafka 4.1.1 answered validate with JsonConverter's groups as Serialization, Schemas: decimal.format comes first.
  assert.deepEqual(
    javaHashSetOrder(['converter.type', 'schemas.enable', 'schemas.cache.size', 'decimal.format', 'replace.null.with.default']),
    ['decimal.format', 'converter.type', 'schemas.cache.size', 'replace.null.with.default', 'schemas.enable'],
  );
  assert.deepEqual(javaHashSetOrder([]), []);
});
