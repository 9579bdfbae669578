import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConnectHeader, Schemas, type SinkRecord } from '@tsconnect/api';
import { DropHeaders } from '../../src/index.js';
import { sinkRecord } from '../util/test-records.js';

describe('DropHeaders', () => {
  it('removes every header with a listed key, keeping the others in order', () => {
    const xform = new DropHeaders<SinkRecord>();
    xform.configure({ headers: 'a,c' });
    const headers = ['a', 'b', 'a', 'c', 'd'].map((key, i) => new ConnectHeader(key, Schemas.INT32, i));
    const transformed = xform.apply(sinkRecord({ value: null, headers }));
    assert.deepEqual([...transformed.headers].map((h) => `${h.key}=${String(h.value)}`), ['b=1', 'd=4']);
    assert.equal(transformed.value, null);
  });

  it('requires a non-empty list', () => {
    assert.throws(() => new DropHeaders().configure({ headers: '' }),
      { message: 'Invalid value [] for configuration headers: Empty list' });
  });
});
