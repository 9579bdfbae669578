import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { javaDoubleToString, javaEqualsIgnoreCase, javaHashSetOrder } from '../../src/config/java-text.js';

describe('javaDoubleToString', () => {
  it('prints like Double.toString', () => {
    const cases: [number, string][] = [
      [1, '1.0'],
      [100, '100.0'],
      [1234567.5, '1234567.5'],
      [0.001, '0.001'],
      [0.0001, '1.0E-4'],
      [1e7, '1.0E7'],
      [1.5e300, '1.5E300'],
      [-2.5, '-2.5'],
      [0, '0.0'],
      [-0, '-0.0'],
      [Number.MIN_VALUE, '4.9E-324'],
      [Number.MAX_VALUE, '1.7976931348623157E308'],
    ];
    for (const [value, text] of cases) assert.equal(javaDoubleToString(value), text, String(value));
  });
});

describe('javaHashSetOrder', () => {
  // Orders seen in Kafka's own error messages for CaseInsensitiveValidString.
  it('matches the order Kafka prints upper-cased valid strings in', () => {
    assert.deepEqual(javaHashSetOrder(['NONE', 'GZIP', 'SNAPPY', 'ZSTD']), ['ZSTD', 'GZIP', 'NONE', 'SNAPPY']);
    assert.deepEqual(
      javaHashSetOrder(['DISABLED', 'UPGRADE', 'DOWNGRADE', 'BIDIRECTIONAL']),
      ['DISABLED', 'DOWNGRADE', 'UPGRADE', 'BIDIRECTIONAL'],
    );
  });
});

describe('javaEqualsIgnoreCase', () => {
  it('compares char by char like Java, including chars that upper-case to ASCII', () => {
    assert.ok(javaEqualsIgnoreCase('TrUe', 'true'));
    assert.ok(javaEqualsIgnoreCase('fal\u017fe', 'false'));
    assert.ok(!javaEqualsIgnoreCase('tru', 'true'));
  });
});
