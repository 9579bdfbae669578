import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BigDecimal } from '../../src/index.js';

describe('BigDecimal', () => {
  it('parses Java BigDecimal text into unscaled value and scale', () => {
    const cases: [string, bigint, number][] = [
      ['1.23', 123n, 2], ['-1.50', -150n, 2], ['1e3', 1n, -3], ['1.5E-3', 15n, 4], ['.5', 5n, 1],
      ['5.', 5n, 0], ['+7', 7n, 0], ['0', 0n, 0],
    ];
    for (const [text, unscaled, scale] of cases) {
      const d = BigDecimal.fromString(text);
      assert.deepEqual([d.unscaledValue, d.scale], [unscaled, scale], text);
    }
    for (const bad of ['', '.', 'abc', '1.2.3', '1e', ' 1', '0x10']) {
      assert.equal(BigDecimal.tryParse(bad), null, bad);
      assert.throws(() => BigDecimal.fromString(bad), SyntaxError);
    }
  });

  it('prints as Java toString and toPlainString do', () => {
    assert.equal(BigDecimal.fromString('1.50').toString(), '1.50');
    assert.equal(BigDecimal.fromString('-0.000001').toString(), '-0.000001');
    assert.equal(BigDecimal.fromString('0.0000001').toString(), '1E-7');
    assert.equal(BigDecimal.fromString('1e3').toString(), '1E+3');
    assert.equal(BigDecimal.fromString('12.3e3').toString(), '1.23E+4');
    assert.equal(BigDecimal.fromString('1e3').toPlainString(), '1000');
    assert.equal(BigDecimal.fromString('0.0000001').toPlainString(), '0.0000001');
  });

  it('uses Java equality (scale matters) and numeric compareTo', () => {
    assert.equal(BigDecimal.fromString('1.0').equals(BigDecimal.fromString('1.00')), false);
    assert.equal(BigDecimal.fromString('1.0').compareTo(BigDecimal.fromString('1.00')), 0);
    assert.equal(BigDecimal.fromString('-2').compareTo(BigDecimal.fromString('1')), -1);
    assert.equal(BigDecimal.fromString('1e100').compareTo(BigDecimal.fromString('9e99')), 1);
    assert.equal(BigDecimal.fromString('-1e100').compareTo(BigDecimal.fromString('-9e99')), -1);
    assert.equal(BigDecimal.fromString('1e999999999').compareTo(BigDecimal.fromString('1e19')), 1);
  });

  it('rescales with the requested rounding', () => {
    const d = BigDecimal.fromString('2.345');
    assert.equal(d.setScale(2, 'HALF_UP').toString(), '2.35');
    assert.equal(d.setScale(2, 'HALF_EVEN').toString(), '2.34');
    assert.equal(d.setScale(2, 'DOWN').toString(), '2.34');
    assert.equal(d.negate().setScale(2, 'FLOOR').toString(), '-2.35');
    assert.equal(d.negate().setScale(2, 'CEILING').toString(), '-2.34');
    assert.equal(d.setScale(5).toString(), '2.34500');
    assert.throws(() => d.setScale(1), { name: 'RangeError', message: 'Rounding necessary' });
  });

  it('converts like Java valueOf(double), toBigInteger and doubleValue', () => {
    assert.equal(BigDecimal.fromNumber(1).toString(), '1.0');
    assert.equal(BigDecimal.fromNumber(0.1).toString(), '0.1');
    assert.equal(BigDecimal.fromNumber(1e21).toString(), '1.0E+21');
    assert.equal(BigDecimal.fromString('-7.9').toBigInt(), -7n);
    assert.equal(BigDecimal.fromString('1.25').toNumber(), 1.25);
    assert.equal(BigDecimal.fromString('123.000').isWholeNumber(), true);
    assert.equal(BigDecimal.fromString('123.001').isWholeNumber(), false);
    assert.equal(BigDecimal.fromString('-0.05').precision(), 1);
  });
});
