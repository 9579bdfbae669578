import assert from 'node:assert/strict';
import { test } from 'node:test';
import { javaHashMapString } from '../../src/config/java-hash-map-text.js';

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
