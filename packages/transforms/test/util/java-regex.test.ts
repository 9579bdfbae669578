import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileJavaRegex, javaReplaceFirst, parseJavaReplacement } from '../../src/index.js';

function replaceFirst(pattern: string, input: string, replacement: string): string {
  const regex = compileJavaRegex(pattern);
  return javaReplaceFirst(input, regex, parseJavaReplacement(replacement, regex));
}

describe('Java regex', () => {
  it('matches whole inputs and finds first matches', () => {
    const regex = compileJavaRegex('a+');
    assert.equal(regex.whole.test('aaa'), true);
    assert.equal(regex.whole.test('aaab'), false);
    assert.equal(regex.whole.test('aaa\n'), false, '$ does not match before a final newline');
    assert.equal(regex.groupCount, 0);
    assert.equal(compileJavaRegex('(a)(b(c))').groupCount, 3);
  });

  it('replaces the first match with Java replacement syntax', () => {
    assert.equal(replaceFirst('(o)', 'foo', '[$1]'), 'f[o]o');
    assert.equal(replaceFirst('(o)', 'foo', '$10'), 'fo0o', '$10 is group 1 then 0 when there is no group 10');
    assert.equal(replaceFirst('o', 'foo', '\\\\'), 'f\\o');
    assert.equal(replaceFirst('(?<x>o)', 'foo', '${x}${x}'), 'fooo');
    assert.equal(replaceFirst('z', 'foo', 'y'), 'foo');
  });

  it('translates Java-only constructs and refuses the ones RegExp lacks', () => {
    assert.equal(compileJavaRegex('\\Afoo\\z').whole.test('foo'), true);
    assert.equal(compileJavaRegex('(?i)foo').whole.test('FOO'), true);
    assert.equal(compileJavaRegex('[]a]+').whole.test(']a'), true);
    assert.throws(() => compileJavaRegex('a*+'), /possessive/);
    assert.throws(() => compileJavaRegex('(?>a)'), /atomic/);
    assert.throws(() => compileJavaRegex('\\p{Alpha}'), /\\p/);
    assert.throws(() => parseJavaReplacement('$', compileJavaRegex('a')), /group index is missing/);
    assert.throws(() => parseJavaReplacement('$x', compileJavaRegex('a')), /Illegal group reference/);
  });
});
