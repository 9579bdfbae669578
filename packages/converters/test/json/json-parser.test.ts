import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JsonNumber, JsonParseError, parseJson, writeJsonText, type JsonNode } from '../../src/index.js';

const parse = (text: string): JsonNode | undefined => parseJson(Buffer.from(text, 'utf8'));

describe('parseJson', () => {
  it('keeps object key order and number text, and lets a repeated key keep its first position', () => {
    const node = parse(' {"b":1,"a":[1.50,-0,1e400],"b":2} ');
    assert.equal(writeJsonText(node!), '{"b":2,"a":[1.50,-0,1e400]}');
  });

  it('accepts leading zeros as Kafka enables them, and tells integral numbers from decimals', () => {
    const n = parse('-0012') as JsonNumber;
    assert.equal(n.text, '-12');
    assert.ok(n.isIntegral() && n.isInt());
    assert.equal((parse('2147483648') as JsonNumber).isInt(), false);
    assert.equal((parse('1E2') as JsonNumber).isIntegral(), false);
    assert.equal((parse('1E2') as JsonNumber).decimalValue().toString(), '1E+2');
  });

  it('decodes escapes and keeps non-ASCII text', () => {
    assert.equal(parse('"a\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00€"'), 'a"\\/\b\f\n\r\té😀€');
  });

  it('returns undefined for empty input and ignores what follows the first value', () => {
    assert.equal(parse(''), undefined);
    assert.equal(parse(' \n\t'), undefined);
    assert.deepEqual(parse('[1] [2]'), [new JsonNumber('1')]);
  });

  it('skips one byte-order mark at the start, as Jackson does, and refuses a second', () => {
    assert.deepEqual(parse('\uFEFF5'), new JsonNumber('5'));
    assert.throws(() => parse('\uFEFF\uFEFF5'), JsonParseError);
  });

  it('rejects what Jackson rejects', () => {
    for (const bad of ['{', '[1,]', '{"a" 1}', "{'a':1}", '+1', '.5', '1.', 'NaN', 'tru', 'nulls', '"a\tb"', '"\\x"', '1x', '{a:1}']) {
      assert.throws(() => parse(bad), JsonParseError, bad);
    }
    assert.throws(() => parseJson(Uint8Array.of(0x22, 0xff, 0x22)), JsonParseError);
  });
});
