import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigException, DataException, Schemas, type Schema } from '@tsconnect/api';
import {
  BooleanConverter, DoubleConverter, FloatConverter, IntegerConverter, LongConverter, ShortConverter,
  type FixedWidthConverter,
} from '../../src/index.js';

function configured<T extends FixedWidthConverter>(c: T): T {
  c.configure({}, false);
  return c;
}

describe('number and boolean converters', () => {
  const cases: [string, FixedWidthConverter, Schema, unknown, string][] = [
    ['short', new ShortConverter(), Schemas.OPTIONAL_INT16, -2, 'fffe'],
    ['short', new ShortConverter(), Schemas.OPTIONAL_INT16, 258, '0102'],
    ['integer', new IntegerConverter(), Schemas.OPTIONAL_INT32, 1, '00000001'],
    ['integer', new IntegerConverter(), Schemas.OPTIONAL_INT32, -2147483648, '80000000'],
    ['long', new LongConverter(), Schemas.OPTIONAL_INT64, 1n, '0000000000000001'],
    ['long', new LongConverter(), Schemas.OPTIONAL_INT64, -9223372036854775807n, '8000000000000001'],
    ['float', new FloatConverter(), Schemas.OPTIONAL_FLOAT32, 1.5, '3fc00000'],
    ['double', new DoubleConverter(), Schemas.OPTIONAL_FLOAT64, 1.5, '3ff8000000000000'],
    ['double', new DoubleConverter(), Schemas.OPTIONAL_FLOAT64, -0.1, 'bfb999999999999a'],
    ['boolean', new BooleanConverter(), Schemas.OPTIONAL_BOOLEAN, true, '01'],
    ['boolean', new BooleanConverter(), Schemas.OPTIONAL_BOOLEAN, false, '00'],
  ];
  for (const [name, c, schema, value, hex] of cases) {
    it(`writes ${name} ${String(value)} as big-endian ${hex} and reads it back`, () => {
      configured(c);
      assert.equal(Buffer.from(c.fromConnectData('t', null, null, value)!).toString('hex'), hex);
      const back = c.toConnectData('t', null, Buffer.from(hex, 'hex'));
      assert.ok(back.schema!.equals(schema));
      assert.equal(back.value, value);
      assert.equal(c.fromConnectData('t', null, null, null), null);
      assert.equal(c.toConnectData('t', null, null).value, null);
    });
  }

  it('rejects values of another type and data of the wrong size, with Kafka\'s messages', () => {
    const error = (message: string) => (e: unknown): boolean => e instanceof DataException && e.message === message;
    assert.throws(() => configured(new IntegerConverter()).fromConnectData('t', null, null, 'x'),
      error('Failed to serialize to integer (was class java.lang.String): '));
    assert.throws(() => configured(new LongConverter()).fromConnectData('t', null, null, 1),
      error('Failed to serialize to long (was class java.lang.Integer): '));
    assert.throws(() => configured(new ShortConverter()).fromConnectData('t', null, null, 40000),
      error('Failed to serialize to short (was class java.lang.Integer): '));
    assert.throws(() => configured(new IntegerConverter()).toConnectData('t', null, Uint8Array.of(1, 2)),
      (e: unknown) => e instanceof DataException && e.message === 'Failed to deserialize integer: ' &&
        (e.cause as Error).message === 'Size of data received by IntegerDeserializer is not 4');
    assert.throws(() => configured(new BooleanConverter()).toConnectData('t', null, Uint8Array.of(2)),
      (e: unknown) => e instanceof DataException && e.message === 'Failed to deserialize boolean: ' &&
        (e.cause as Error).message === 'Unexpected byte received by BooleanDeserializer: 2');
    assert.throws(() => configured(new BooleanConverter()).fromConnectData('t', null, Schemas.INT8, true),
      error('Invalid schema type for BooleanConverter: INT8'));
    assert.throws(() => configured(new BooleanConverter()).fromConnectData('t', null, null, 1),
      error('BooleanConverter is not compatible with objects of type class java.lang.Integer'));
  });

  it('validates converter.type as Kafka\'s ConverterConfig does', () => {
    assert.throws(() => new DoubleConverter().configure({}), ConfigException);
    assert.throws(() => new DoubleConverter().configure({ 'converter.type': 'other' }), ConfigException);
    new DoubleConverter().configure({ 'converter.type': 'header' });
  });
});
