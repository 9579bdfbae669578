import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BigDecimal, bigIntToBytes, bytesToBigInt, DataException, Decimal, SchemaBuilder } from '../../src/index.js';

describe('Decimal', () => {
  it('is BYTES named org.apache.kafka.connect.data.Decimal, version 1, with a scale parameter', () => {
    const schema = Decimal.schema(2);
    assert.equal(schema.type, 'BYTES');
    assert.equal(schema.name, 'org.apache.kafka.connect.data.Decimal');
    assert.equal(schema.version, 1);
    assert.deepEqual([...schema.parameters!], [['scale', '2']]);
  });

  it('encodes the unscaled value as minimal big-endian two\'s complement', () => {
    const cases: [string, number, number[]][] = [
      ['1.23', 2, [0x7b]], ['-1', 0, [0xff]], ['1.56', 2, [0x00, 0x9c]], ['0', 0, [0x00]],
      ['128', 0, [0x00, 0x80]], ['-128', 0, [0x80]], ['-129', 0, [0xff, 0x7f]], ['65536', 0, [0x01, 0x00, 0x00]],
    ];
    for (const [text, scale, bytes] of cases) {
      const schema = Decimal.schema(scale);
      assert.deepEqual([...Decimal.fromLogical(schema, BigDecimal.fromString(text))], bytes, text);
      assert.ok(Decimal.toLogical(schema, new Uint8Array(bytes)).equals(BigDecimal.fromString(text)), text);
    }
  });

  it('round-trips large values', () => {
    for (const v of [2n ** 63n, -(2n ** 100n) + 3n, 255n, -256n]) assert.equal(bytesToBigInt(bigIntToBytes(v)), v);
  });

  it('rejects a value with another scale, and schemas without a usable scale', () => {
    assert.throws(() => Decimal.fromLogical(Decimal.schema(2), BigDecimal.fromString('1.5')),
      (e: unknown) => e instanceof DataException && /^Decimal value has mismatching scale for given Decimal schema\. Schema has scale \d+, value has scale \d+\.$/.test(e.message));
    assert.throws(() => Decimal.toLogical(SchemaBuilder.bytes().build(), new Uint8Array([1])),
      { message: 'Invalid Decimal schema: scale parameter not found.' });
    assert.throws(() => Decimal.toLogical(SchemaBuilder.bytes().parameter('scale', 'x').build(), new Uint8Array([1])),
      { message: 'Invalid scale parameter found in Decimal schema: ' });
  });
});
