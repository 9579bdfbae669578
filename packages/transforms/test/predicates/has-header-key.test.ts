import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConnectHeader, Schemas, type SinkRecord } from '@tsconnect/api';
import { HasHeaderKey } from '../../src/index.js';
import { sinkRecord } from '../util/test-records.js';

describe('HasHeaderKey', () => {
  it('is true when at least one header has the name', () => {
    const predicate = new HasHeaderKey<SinkRecord>();
    predicate.configure({ name: 'foo' });
    const header = (key: string): ConnectHeader => new ConnectHeader(key, Schemas.STRING, 'v');
    assert.equal(predicate.test(sinkRecord()), false);
    assert.equal(predicate.test(sinkRecord({ headers: [header('bar')] })), false);
    assert.equal(predicate.test(sinkRecord({ headers: [header('bar'), header('foo'), header('foo')] })), true);
  });

  it('requires a non-empty name', () => {
    assert.throws(() => new HasHeaderKey().configure({ name: '' }),
      { message: 'Invalid value  for configuration name: String must be non-empty' });
    assert.throws(() => new HasHeaderKey().configure({}),
      { message: 'Missing required configuration "name" which has no default value.' });
  });
});
