import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Schemas, type SinkRecord } from '@tsconnect/api';
import { RecordIsTombstone } from '../../src/index.js';
import { sinkRecord } from '../util/test-records.js';

describe('RecordIsTombstone', () => {
  it('is true exactly when the value is null', () => {
    const predicate = new RecordIsTombstone<SinkRecord>();
    predicate.configure({});
    assert.equal(predicate.test(sinkRecord({ key: 'k', value: null })), true);
    assert.equal(predicate.test(sinkRecord({ valueSchema: Schemas.OPTIONAL_STRING, value: null })), true);
    assert.equal(predicate.test(sinkRecord({ value: '' })), false);
    assert.equal(predicate.test(sinkRecord({ value: 0 })), false);
  });
});
