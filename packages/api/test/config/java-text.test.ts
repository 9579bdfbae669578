import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { javaEqualsIgnoreCase, javaHashSetOrder } from '../../src/config/java-text.js';

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
