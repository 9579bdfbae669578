import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadDataChunks } from '../../src/dialect/mysql-load-data-text.js';

const text = (chunks: Buffer[] | null): string | null => (chunks === null ? null : Buffer.concat(chunks).toString('utf8'));

describe('loadDataChunks', () => {
  it('writes tab-separated rows with \\N for null and backslash escapes, in UTF-8', () => {
    assert.equal(text(loadDataChunks([
      [1, 'plain', 2.5, null, 12345678901234567890n, true],
      [-2, 'tab\there\nnew\\line\rcr', 0, '\\N', 'ünïcödé\tü\\😀', false],
      ['', undefined, 'a\n', 'ä', -0.5, 1e20],
    ])), '1\tplain\t2.5\t\\N\t12345678901234567890\t1\n' +
      '-2\ttab\\there\\nnew\\\\line\\rcr\t0\t\\\\N\tünïcödé\\tü\\\\😀\t0\n' +
      '\t\\N\ta\\n\tä\t-0.5\t100000000000000000000\n');
  });

  it('writes numbers as String writes them, at the edges of the safe range and beyond', () => {
    const values = [0, -0, 7, -7, 10, 100, -1000, 123456789, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 2 ** 53, 1e20,
      0n, -1n, 9007199254740991n, -9007199254740991n, 9007199254740992n, -9223372036854775808n, 18446744073709551615n];
    assert.equal(text(loadDataChunks([values])), `${values.map((v) => String(v)).join('\t')}\n`);
  });

  it('refuses rows it cannot write as their INSERT literals read: bytes, non-finite and exponent-form numbers', () => {
    assert.equal(loadDataChunks([[1, Buffer.from([1, 2])]]), null);
    assert.equal(loadDataChunks([[Number.NaN]]), null);
    assert.equal(loadDataChunks([[Number.POSITIVE_INFINITY]]), null);
    assert.equal(loadDataChunks([[1e21]]), null);
    assert.equal(loadDataChunks([[1e-7]]), null);
    assert.equal(loadDataChunks([[{}]]), null);
    assert.equal(text(loadDataChunks([[1e20, 0.000001]])), '100000000000000000000\t0.000001\n');
  });

  it('cuts the bytes into chunks of about 64 KiB at row ends', () => {
    const row = ['x'.repeat(1000), 'é'.repeat(100)];
    const chunks = loadDataChunks(Array.from({ length: 100 }, () => row))!;
    assert.equal(chunks.length, 2);
    assert.ok(chunks.every((c) => c[c.length - 1] === 0x0a && c.length <= 80 * 1024));
    assert.equal(text(chunks), `${'x'.repeat(1000)}\t${'é'.repeat(100)}\n`.repeat(100));
  });

  it('writes a field larger than a chunk whole, escapes and other characters included', () => {
    const big = `${'a\t'.repeat(50_000)}ü${'\\'.repeat(30_000)}${'😀'.repeat(20_000)}`;
    const rows = [['before', 1], [big, 2], ['after', 3]];
    const expected = `before\t1\n${big.replaceAll('\\', '\\\\').replaceAll('\t', '\\t')}\t2\nafter\t3\n`;
    assert.equal(text(loadDataChunks(rows)), expected);
  });
});
