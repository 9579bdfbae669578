import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LruCache } from '../src/index.js';

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
});
