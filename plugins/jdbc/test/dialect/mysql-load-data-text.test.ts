import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadDataChunks } from '../../src/dialect/mysql-load-data-text.js';

describe('loadDataChunks', () => {
  it('writes tab-separated rows with \\N for null and backslash escapes', () => {
    assert.deepEqual(loadDataChunks([
      [1, 'plain', 2.5, null, 12345678901234567890n, true],
      [-2, 'tab\there\nnew\\line\rcr', 0, '\\N', 'ünïcödé', false],
    ]), ['1\tplain\t2.5\t\\N\t12345678901234567890\t1\n-2\ttab\\there\\nnew\\\\line\\rcr\t0\t\\\\N\tünïcödé\t0\n']);
  });

  it('refuses rows it cannot write as their INSERT literals read: bytes, non-finite and exponent-form numbers', () => {
    assert.equal(loadDataChunks([[1, Buffer.from([1, 2])]]), null);
    assert.equal(loadDataChunks([[Number.NaN]]), null);
    assert.equal(loadDataChunks([[Number.POSITIVE_INFINITY]]), null);
    assert.equal(loadDataChunks([[1e21]]), null);
    assert.equal(loadDataChunks([[1e-7]]), null);
    assert.deepEqual(loadDataChunks([[1e20, 0.000001]]), ['100000000000000000000\t0.000001\n']);
  });

  it('cuts the text into chunks of about 64 KiB at row ends', () => {
    const row = ['x'.repeat(1000)];
    const chunks = loadDataChunks(Array.from({ length: 100 }, () => row))!;
    assert.equal(chunks.length, 2);
    assert.ok(chunks.every((c) => c.endsWith('\n')));
    assert.equal(chunks.join(''), `${'x'.repeat(1000)}\n`.repeat(100));
  });
});
