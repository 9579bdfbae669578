import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LruCache, SchemaBuilder, Schemas } from '../../src/index.js';

const schema = (name: string) => SchemaBuilder.struct().withName(name).addField('a', Schemas.INT32).build();

describe('LruCache', () => {
  it('evicts the least recently used entry and matches keys by equality within a hash bucket', () => {
    const cache = new LruCache<{ id: number }, string>(2, () => 0, (a, b) => a.id === b.id);
    cache.set({ id: 1 }, 'one');
    cache.set({ id: 2 }, 'two');
    assert.equal(cache.get({ id: 1 }), 'one');
    cache.set({ id: 3 }, 'three');
    assert.equal(cache.get({ id: 2 }), undefined);
    assert.equal(cache.get({ id: 1 }), 'one');
    assert.equal(cache.get({ id: 3 }), 'three');
    assert.equal(cache.size, 2);
  });

  it('by schema: finds entries by schema equality, not identity', () => {
    const cache = LruCache.bySchema(16);
    cache.set(schema('s'), Schemas.STRING);
    assert.equal(cache.get(schema('s')), Schemas.STRING);
    assert.equal(cache.get(schema('other')), undefined);
  });

  it('by schema: evicts the least recently used entry beyond its size', () => {
    const cache = LruCache.bySchema(2);
    cache.set(schema('a'), Schemas.INT8);
    cache.set(schema('b'), Schemas.INT16);
    cache.get(schema('a'));
    cache.set(schema('c'), Schemas.INT32);
    assert.equal(cache.size, 2);
    assert.equal(cache.get(schema('b')), undefined);
    assert.equal(cache.get(schema('a')), Schemas.INT8);
    let builds = 0;
    cache.computeIfAbsent(schema('c'), () => { builds++; return Schemas.INT64; });
    assert.equal(builds, 0);
  });

  it('keys strings and numbers by value by default, and forgets deleted keys', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.delete('a');
    assert.equal(cache.get('a'), undefined);
    assert.equal(cache.get('b'), 2);
    cache.clear();
    assert.equal(cache.size, 0);
  });
});
