import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DataException, Schemas } from '@tsconnect/api';
import { ByteArrayConverter } from '../../src/index.js';

describe('ByteArrayConverter', () => {
  const c = new ByteArrayConverter();

  it('passes bytes through both ways with an optional BYTES schema', () => {
    const bytes = Uint8Array.of(0, 1, 255);
    assert.equal(c.fromConnectData('t', null, Schemas.BYTES, bytes), bytes);
    assert.equal(c.fromConnectData('t', null, null, null), null);
    const back = c.toConnectData('t', null, bytes);
    assert.ok(back.schema!.equals(Schemas.OPTIONAL_BYTES));
    assert.equal(back.value, bytes);
    assert.equal(c.toConnectHeader('t', 'h', null).value, null);
  });

  it('rejects other schemas and values with Kafka\'s messages', () => {
    assert.throws(() => c.fromConnectData('t', null, Schemas.STRING, 'x'),
      (e: unknown) => e instanceof DataException && e.message === 'Invalid schema type for ByteArrayConverter: STRING');
    assert.throws(() => c.fromConnectData('t', null, null, 'x'),
      (e: unknown) => e instanceof DataException && e.message === 'ByteArrayConverter is not compatible with objects of type class java.lang.String');
  });
});
