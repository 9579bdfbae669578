import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DataException, type SinkRecord } from '@tsconnect/api';
import { TimestampRouter } from '../../src/index.js';
import { sinkRecord } from '../util/test-records.js';

describe('TimestampRouter', () => {
  it('appends the UTC date with the defaults', () => {
    const xform = new TimestampRouter<SinkRecord>();
    xform.configure({});
    // 2017-02-22T16:08:35.133Z
    assert.equal(xform.apply(sinkRecord({ topic: 'test', timestamp: 1_487_779_715_133 })).topic, 'test-20170222');
  });

  it('fills a custom topic and timestamp format', () => {
    const xform = new TimestampRouter<SinkRecord>();
    xform.configure({ 'topic.format': '${timestamp}_${topic}_${topic}', 'timestamp.format': "yyyy-MM-dd'T'HH" });
    assert.equal(xform.apply(sinkRecord({ topic: 'orders', timestamp: 1_487_779_715_133 })).topic,
      '2017-02-22T16_orders_orders');
  });

  it('fails on a record without a timestamp', () => {
    const xform = new TimestampRouter<SinkRecord>();
    xform.configure({});
    assert.throws(() => xform.apply(sinkRecord({ timestamp: null })),
      (e: unknown) => e instanceof DataException && e.message.startsWith('Timestamp missing on record: SinkRecord{'));
  });
});
