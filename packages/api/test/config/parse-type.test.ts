import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigException } from '../../src/errors.js';
import { convertToString, parseType } from '../../src/config/parse-type.js';
import { Password } from '../../src/config/password.js';

function parseError(value: unknown, type: Parameters<typeof parseType>[2]): string {
  try {
    parseType('my.key', value, type);
  } catch (error) {
    assert.ok(error instanceof ConfigException);
    assert.equal(error.configName, 'my.key');
    return error.message;
  }
  assert.fail(`expected ${String(value)} to be rejected as ${type}`);
}

describe('parseType', () => {
  it('gives null for null and undefined, whatever the type', () => {
    assert.equal(parseType('k', null, 'INT'), null);
    assert.equal(parseType('k', undefined, 'LIST'), null);
  });

  it('parses BOOLEAN case-insensitively after trimming, and nothing else', () => {
    assert.equal(parseType('k', ' TRUE ', 'BOOLEAN'), true);
    assert.equal(parseType('k', 'fAlSe', 'BOOLEAN'), false);
    assert.equal(parseType('k', false, 'BOOLEAN'), false);
    assert.equal(parseError('yes', 'BOOLEAN'), 'Invalid value yes for configuration my.key: Expected value to be either true or false');
    assert.equal(parseError('1', 'BOOLEAN'), 'Invalid value 1 for configuration my.key: Expected value to be either true or false');
  });

  it('trims STRING with Java rules: control characters go, non-breaking spaces stay', () => {
    assert.equal(parseType('k', '\t a b \n', 'STRING'), 'a b');
    assert.equal(parseType('k', '\u0001x\u0000', 'STRING'), 'x');
    assert.equal(parseType('k', '\u00a0x', 'STRING'), '\u00a0x');
    assert.match(parseError(5, 'STRING'), /^Invalid value 5 for configuration my.key: Expected value to be a string, but it was a number$/);
  });

  it('parses INT within the 32-bit range, with an optional sign', () => {
    assert.equal(parseType('k', ' 42 ', 'INT'), 42);
    assert.equal(parseType('k', '+7', 'INT'), 7);
    assert.equal(parseType('k', '-2147483648', 'INT'), -2147483648);
    assert.equal(parseError('2147483648', 'INT'), 'Invalid value 2147483648 for configuration my.key: Not a number of type INT');
    assert.equal(parseError('x', 'INT'), 'Invalid value x for configuration my.key: Not a number of type INT');
    assert.equal(parseError('1.0', 'INT'), 'Invalid value 1.0 for configuration my.key: Not a number of type INT');
    assert.equal(parseError('', 'INT'), 'Invalid value  for configuration my.key: Not a number of type INT');
  });

  it('parses SHORT within the 16-bit range', () => {
    assert.equal(parseType('k', '32767', 'SHORT'), 32767);
    assert.equal(parseError('32768', 'SHORT'), 'Invalid value 32768 for configuration my.key: Not a number of type SHORT');
  });

  it('parses LONG to a JS number over the whole Java long range', () => {
    assert.equal(parseType('k', '9007199254740991', 'LONG'), Number.MAX_SAFE_INTEGER);
    assert.equal(parseType('k', '9223372036854775807', 'LONG'), 2 ** 63);
    assert.equal(parseError('9223372036854775808', 'LONG'), 'Invalid value 9223372036854775808 for configuration my.key: Not a number of type LONG');
    assert.equal(parseType('k', 5, 'LONG'), 5);
    assert.match(parseError(1.5, 'LONG'), /Expected value to be a 64-bit integer \(long\), but it was a number$/);
  });

  it('parses DOUBLE with Java syntax', () => {
    assert.equal(parseType('k', '1.5', 'DOUBLE'), 1.5);
    assert.equal(parseType('k', '1e3', 'DOUBLE'), 1000);
    assert.equal(parseType('k', '.5', 'DOUBLE'), 0.5);
    assert.equal(parseType('k', '2.', 'DOUBLE'), 2);
    assert.equal(parseType('k', '2d', 'DOUBLE'), 2);
    assert.equal(parseType('k', '-Infinity', 'DOUBLE'), -Infinity);
    assert.ok(Number.isNaN(parseType('k', 'NaN', 'DOUBLE')));
    assert.equal(parseType('k', '0x1.8p1', 'DOUBLE'), 3);
    assert.equal(parseError('1,5', 'DOUBLE'), 'Invalid value 1,5 for configuration my.key: Not a number of type DOUBLE');
    assert.equal(parseError('infinity', 'DOUBLE'), 'Invalid value infinity for configuration my.key: Not a number of type DOUBLE');
  });

  it('splits LIST on commas, dropping the whitespace around them and keeping empty items', () => {
    assert.deepEqual(parseType('k', ' a , b,c ', 'LIST'), ['a', 'b', 'c']);
    assert.deepEqual(parseType('k', '  ', 'LIST'), []);
    assert.deepEqual(parseType('k', 'a,,b,', 'LIST'), ['a', '', 'b', '']);
    assert.deepEqual(parseType('k', ['x'], 'LIST'), ['x']);
    assert.equal(parseError(3, 'LIST'), 'Invalid value 3 for configuration my.key: Expected a comma separated list.');
  });

  it('keeps a CLASS name trimmed, or a constructor as given', () => {
    class MyConverter {}
    assert.equal(parseType('k', ' org.example.Foo ', 'CLASS'), 'org.example.Foo');
    assert.equal(parseType('k', MyConverter, 'CLASS'), MyConverter);
    assert.equal(parseError(1, 'CLASS'), 'Invalid value 1 for configuration my.key: Expected a Class instance or class name.');
  });

  it('wraps PASSWORD values so they never print', () => {
    const password = parseType('k', ' s3cret ', 'PASSWORD');
    assert.ok(password instanceof Password);
    assert.equal(password.value(), 's3cret');
    assert.equal(String(password), '[hidden]');
    assert.equal(JSON.stringify({ password }), '{"password":"[hidden]"}');
  });
});

describe('convertToString', () => {
  it('writes values as Kafka does in REST answers', () => {
    assert.equal(convertToString(null, 'STRING'), null);
    assert.equal(convertToString(['a', 'b'], 'LIST'), 'a,b');
    assert.equal(convertToString([], 'LIST'), '');
    assert.equal(convertToString(new Password('x'), 'PASSWORD'), '[hidden]');
    assert.equal(convertToString(1, 'DOUBLE'), '1.0');
    assert.equal(convertToString(0.5, 'DOUBLE'), '0.5');
    assert.equal(convertToString(1e7, 'DOUBLE'), '1.0E7');
    assert.equal(convertToString(2 ** 63, 'LONG'), '9223372036854775807');
    assert.equal(convertToString(-(2 ** 63), 'LONG'), '-9223372036854775808');
    assert.equal(convertToString(60000, 'LONG'), '60000');
    assert.equal(convertToString(true, 'BOOLEAN'), 'true');
    assert.equal(convertToString(['a', 'b'], null), '[a, b]');
  });

  it('writes a CLASS constructor by its declared className, else its name', () => {
    class Plain {}
    class Named {
      static className = 'org.example.Named';
    }
    assert.equal(convertToString(Plain, 'CLASS'), 'Plain');
    assert.equal(convertToString(Named, 'CLASS'), 'org.example.Named');
  });
});
