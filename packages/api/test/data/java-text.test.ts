import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatJavaDate, formatJavaDouble, formatJavaFloat, javaToString, Schemas } from '../../src/index.js';

describe('Java text forms', () => {
  it('prints doubles as Double.toString', () => {
    const cases: [number, string][] = [
      [12, '12.0'], [0.1, '0.1'], [1e7, '1.0E7'], [1234567.5, '1234567.5'], [1e-3, '0.001'], [1e-4, '1.0E-4'],
      [1e21, '1.0E21'], [-2.5e-10, '-2.5E-10'], [0, '0.0'], [-0, '-0.0'], [Number.NaN, 'NaN'], [-Infinity, '-Infinity'],
      [1, '1.0'], [100, '100.0'], [1.5e300, '1.5E300'], [-2.5, '-2.5'], [Number.MIN_VALUE, '4.9E-324'],
      [Number.MAX_VALUE, '1.7976931348623157E308'],
      // the plain range's edges and its shortest digits
      [9999999, '9999999.0'], [9999999.999999998, '9999999.999999998'], [0.0012345, '0.0012345'],
      [1.0000000000000002e-3, '0.0010000000000000002'], [2 / 3, '0.6666666666666666'], [-1234.5678, '-1234.5678'],
      [9.999999999999998e-4, '9.999999999999998E-4'],
    ];
    for (const [value, text] of cases) assert.equal(formatJavaDouble(value), text, String(value));
  });

  it('prints floats as Float.toString (shortest float32 digits)', () => {
    assert.equal(formatJavaFloat(Math.fround(0.1)), '0.1');
    assert.equal(formatJavaFloat(Math.fround(1.1)), '1.1');
    assert.equal(formatJavaFloat(Math.fround(16777217)), '1.6777216E7');
    assert.equal(formatJavaFloat(3.4028234663852886e38), '3.4028235E38');
  });

  it('prints dates as java.util.Date.toString in UTC', () => {
    assert.equal(formatJavaDate(new Date(0)), 'Thu Jan 01 00:00:00 UTC 1970');
    assert.equal(formatJavaDate(new Date(Date.UTC(2024, 1, 29, 13, 5, 9))), 'Thu Feb 29 13:05:09 UTC 2024');
  });

  it('prints collections as Java collections do', () => {
    assert.equal(javaToString([1, 'a', null]), '[1, a, null]');
    assert.equal(javaToString(new Map([['k', 1.5]])), '{k=1.5}');
    assert.equal(javaToString(3, Schemas.FLOAT64), '3.0');
    assert.equal(javaToString(3, Schemas.INT32), '3');
  });
});
