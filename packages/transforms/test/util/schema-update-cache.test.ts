import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SchemaBuilder, Schemas } from '@tsconnect/api';
import { SchemaUpdateCache } from '../../src/index.js';

const schema = (name: string) => SchemaBuilder.struct().withName(name).addField('a', Schemas.INT32).build();

describe('SchemaUpdateCache', () => {
  it('finds entries by schema equality, not identity', () => {
    const cache = new SchemaUpdateCache();
    cache.put(schema('s'), Schemas.STRING);
    assert.equal(cache.get(schema('s')), Schemas.STRING);
    assert.equal(cache.get(schema('other')), null);
  });

  it('evicts the least recently used entry beyond its size', () => {
    const cache = new SchemaUpdateCache(2);
    cache.put(schema('a'), Schemas.INT8);
    cache.put(schema('b'), Schemas.INT16);
    cache.get(schema('a'));
    cache.put(schema('c'), Schemas.INT32);
    assert.equal(cache.size, 2);
    assert.equal(cache.get(schema('b')), null);
    assert.equal(cache.get(schema('a')), Schemas.INT8);
    let builds = 0;
    cache.computeIfAbsent(schema('c'), () => { builds++; return Schemas.INT64; });
    assert.equal(builds, 0);
  });
});
