import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { frame, unframe } from '../../src/serde/wire-format.js';

describe('Confluent wire format', () => {
  it('frames with magic 0 and a big-endian signed id', () => {
    assert.deepEqual([...frame(0x01020304, new Uint8Array([9]))], [0, 1, 2, 3, 4, 9]);
    const { schemaId, payload } = unframe(new Uint8Array([0, 0xff, 0xff, 0xff, 0xfe, 7, 8]));
    assert.equal(schemaId, -2);
    assert.deepEqual([...payload], [7, 8]);
  });

  it('rejects another magic byte and short messages', () => {
    assert.throws(() => unframe(new Uint8Array([1, 0, 0, 0, 1])), /Unknown magic byte!/);
    assert.throws(() => unframe(new Uint8Array([0, 0, 1])), /Unknown magic byte!/);
  });
});
