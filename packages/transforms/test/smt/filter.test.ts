import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SinkRecord } from '@tsconnect/api';
import { Filter } from '../../src/index.js';
import { sinkRecord } from '../util/test-records.js';

describe('Filter', () => {
  it('drops every record, tombstones included', () => {
    const filter = new Filter<SinkRecord>();
    filter.configure({});
    assert.equal(filter.apply(sinkRecord({ value: 'x' })), null);
    assert.equal(filter.apply(sinkRecord({ value: null })), null);
    assert.deepEqual(filter.config().names(), []);
  });
});
