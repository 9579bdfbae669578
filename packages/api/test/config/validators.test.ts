import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigException } from '../../src/errors.js';
import {
  CaseInsensitiveValidString,
  CompositeValidator,
  LambdaValidator,
  ListSize,
  NonEmptyString,
  NonEmptyStringWithoutControlChars,
  NonNullValidator,
  Range,
  ValidList,
  ValidString,
  type Validator,
} from '../../src/config/validators.js';

function rejection(validator: Validator, value: unknown): string {
  try {
    validator.ensureValid('k', value);
  } catch (error) {
    assert.ok(error instanceof ConfigException);
    return error.message;
  }
  assert.fail(`expected ${String(value)} to be rejected by ${String(validator)}`);
}

describe('Range', () => {
  it('checks inclusive bounds with Kafka messages', () => {
    const range = Range.between(1, 10);
    range.ensureValid('k', 1);
    range.ensureValid('k', 10);
    assert.equal(rejection(range, 0), 'Invalid value 0 for configuration k: Value must be at least 1');
    assert.equal(rejection(range, 11), 'Invalid value 11 for configuration k: Value must be no more than 10');
    assert.equal(rejection(range, null), 'Invalid value null for configuration k: Value must be non-null');
  });

  it('describes itself as Kafka does', () => {
    assert.equal(String(Range.atLeast(0)), '[0,...]');
    assert.equal(String(Range.between(1, 5)), '[1,...,5]');
    assert.equal(String(Range.between(0, 1, { double: true })), '[0.0,...,1.0]');
  });

  it('prints double bounds and values like Java when asked', () => {
    assert.equal(
      rejection(Range.atLeast(0.5, { double: true }), 0),
      'Invalid value 0.0 for configuration k: Value must be at least 0.5',
    );
  });
});

describe('ValidString and ValidList', () => {
  it('accept only the listed strings, case-sensitively', () => {
    const valid = ValidString.in('none', 'all');
    valid.ensureValid('k', 'all');
    assert.equal(rejection(valid, 'ALL'), 'Invalid value ALL for configuration k: String must be one of: none, all');
    assert.equal(String(valid), '[none, all]');
  });

  it('check every list element', () => {
    const valid = ValidList.in('a', 'b');
    valid.ensureValid('k', ['a', 'b', 'a']);
    assert.equal(rejection(valid, ['a', 'c']), 'Invalid value c for configuration k: String must be one of: a, b');
    assert.equal(String(valid), '[a, b]');
  });
});

describe('CaseInsensitiveValidString', () => {
  it('ignores case and lists the strings upper-cased in Java hash-set order', () => {
    const valid = CaseInsensitiveValidString.in('none', 'gzip', 'snappy', 'zstd');
    valid.ensureValid('k', 'GZip');
    assert.equal(
      rejection(valid, 'lz5'),
      'Invalid value lz5 for configuration k: String must be one of (case insensitive): ZSTD, GZIP, NONE, SNAPPY',
    );
    assert.equal(rejection(valid, null), 'Invalid value null for configuration k: String must be one of (case insensitive): ZSTD, GZIP, NONE, SNAPPY');
    assert.equal(String(valid), '(case insensitive) [ZSTD, GZIP, NONE, SNAPPY]');
  });
});

describe('string validators', () => {
  it('NonEmptyString rejects "" but lets null through', () => {
    const valid = new NonEmptyString();
    valid.ensureValid('k', null);
    assert.equal(rejection(valid, ''), 'Invalid value  for configuration k: String must be non-empty');
    assert.equal(String(valid), 'non-empty string');
  });

  it('NonEmptyStringWithoutControlChars reports the control characters by code', () => {
    const valid = new NonEmptyStringWithoutControlChars();
    valid.ensureValid('k', null);
    assert.equal(rejection(valid, ''), 'Invalid value  for configuration k: String may not be empty');
    assert.equal(
      rejection(valid, 'a\tb\u0085'),
      'Invalid value a\tb\u0085 for configuration k: String may not contain control sequences but had the following ASCII chars: 9, 133',
    );
    assert.equal(String(valid), 'non-empty string without ISO control characters');
  });

  it('NonNullValidator rejects null', () => {
    assert.equal(rejection(new NonNullValidator(), null), 'Invalid value null for configuration k: entry must be non null');
    assert.equal(String(new NonNullValidator()), 'non-null string');
  });
});

describe('ListSize, CompositeValidator, LambdaValidator', () => {
  it('ListSize limits the number of elements', () => {
    const valid = ListSize.atMostOfSize(2);
    valid.ensureValid('k', ['a', 'b']);
    assert.equal(rejection(valid, ['a', 'b', 'c']), 'Invalid value [a, b, c] for configuration k: exceeds maximum list size of [2].');
    assert.equal(String(valid), 'List containing maximum of 2 elements');
  });

  it('CompositeValidator runs each validator and joins their descriptions', () => {
    const valid = CompositeValidator.of(new NonEmptyString(), ValidString.in('x', ''));
    assert.equal(rejection(valid, ''), 'Invalid value  for configuration k: String must be non-empty');
    assert.equal(rejection(valid, 'y'), 'Invalid value y for configuration k: String must be one of: x, ');
    assert.equal(String(valid), 'non-empty string, [x, ]');
  });

  it('LambdaValidator uses the given check and description', () => {
    const even = LambdaValidator.with(
      (name, value) => {
        if ((value as number) % 2 !== 0) throw new ConfigException(name, value, 'must be even');
      },
      () => 'an even number',
    );
    even.ensureValid('k', 4);
    assert.equal(rejection(even, 3), 'Invalid value 3 for configuration k: must be even');
    assert.equal(String(even), 'an even number');
  });
});
