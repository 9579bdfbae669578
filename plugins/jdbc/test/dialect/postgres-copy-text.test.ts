import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRequire } from 'node:module';
import { arrayLiteral, columnArrayLiterals, copyTextChunks, copyTextRow } from '../../src/dialect/postgres-copy-text.js';

/** pg's own preparation of a JS array parameter: what columnArrayLiterals must equal. */
const { prepareValue } = createRequire(import.meta.url)('pg/lib/utils.js') as { prepareValue(value: unknown): unknown };

describe('PostgreSQL COPY text', () => {
  it('escapes backslashes, tabs and newlines and writes \\N for null', () => {
    assert.equal(copyTextRow(['a\tb\nc\\d\re', null, 7n, 1.5, true, false]), 'a\\tb\\nc\\\\d\\re\t\\N\t7\t1.5\tt\tf\n');
  });

  it('writes bytea as escaped hex and arrays as escaped literals', () => {
    assert.equal(copyTextRow([Buffer.from([0, 255]), ['x', null, 'q"\\']]), '\\\\x00ff\t{"x",NULL,"q\\\\"\\\\\\\\"}\n');
    assert.equal(arrayLiteral([1, 2, null]), '{1,2,NULL}');
  });

  it('escapes text fields as the regular expression it replaced did, wherever the characters fall', () => {
    const reference = (text: string): string =>
      text.replace(/[\\\n\r\t]/g, (ch) => (ch === '\\' ? '\\\\' : ch === '\n' ? '\\n' : ch === '\r' ? '\\r' : '\\t'));
    const pieces = ['', 'a', '\\', '\n', '\r', '\t', 'é', '\u{1F600}', ']', '[', '\u000b', 'customer-12'];
    for (const a of pieces) {
      for (const b of pieces) {
        for (const c of pieces) {
          const text = a + b + c;
          assert.equal(copyTextRow([text]), `${reference(text)}\n`, JSON.stringify(text));
        }
      }
    }
  });

  it('streams rows in chunks', () => {
    const rows = Array.from({ length: 5000 }, (_v, i) => [i, 'x'.repeat(30)]);
    const chunks = [...copyTextChunks(rows)];
    assert.ok(chunks.length > 1);
    assert.equal(chunks.join('').split('\n').length - 1, 5000);
  });

  it('gives each column of the rows as the array literal pg makes of it, value kind by kind', () => {
    const values: unknown[] = [null, undefined, '', 'a"b\\c', 'NULL', '{x,y}', 'é\u{1F600}', 0, -0.25, 1e21, 7n, -9007199254740993n,
      true, false, Buffer.from([0, 255]), new Uint8Array([1, 2, 3]).subarray(1), '2023-11-14 22:13:20.000000'];
    const rows = values.map((v, i) => [v, values[(i + 5) % values.length], i]);
    const literals = columnArrayLiterals(rows, 3);
    assert.ok(literals !== null);
    for (let c = 0; c < 3; c++) assert.equal(literals[c], prepareValue(rows.map((r) => r[c])), `column ${c}`);
    assert.deepEqual(columnArrayLiterals([], 2), ['{}', '{}']);
  });

  it('leaves values pg prepares in its own way (dates, objects) to pg', () => {
    assert.equal(columnArrayLiterals([[1, new Date(0)]], 2), null);
    assert.equal(columnArrayLiterals([[{ a: 1 }]], 1), null);
  });
});
