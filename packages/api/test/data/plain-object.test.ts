import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isPlainObject, SchemaBuilder, Struct } from '../../src/index.js';

describe('isPlainObject', () => {
  it('accepts schemaless object values and nothing else', () => {
    assert.equal(isPlainObject({ a: 1 }), true);
    assert.equal(isPlainObject(Object.create(null)), true);
    const others = [null, undefined, 1, 'x', [], new Map(), new Date(0), new Uint8Array(1), new Struct(SchemaBuilder.struct().build())];
    for (const other of others) {
      assert.equal(isPlainObject(other), false, String(other));
    }
  });
});
