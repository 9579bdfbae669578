import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TopicPartition } from '../../src/connector/topic-partition.js';

describe('TopicPartition', () => {
  it('returns one frozen instance per topic and partition', () => {
    const tp = TopicPartition.of('orders', 3);
    assert.equal(TopicPartition.of('orders', 3), tp);
    assert.ok(Object.isFrozen(tp));
    assert.deepEqual([tp.topic, tp.partition, tp.toString()], ['orders', 3, 'orders-3']);
  });

  it('gives other topics and partitions their own instances; 0 and -0 are one partition', () => {
    assert.notEqual(TopicPartition.of('orders', 1), TopicPartition.of('orders', 2));
    assert.notEqual(TopicPartition.of('a', 1), TopicPartition.of('b', 1));
    assert.notEqual(TopicPartition.of('2:x', 1), TopicPartition.of('x', 2));
    assert.equal(TopicPartition.of('x', 0), TopicPartition.of('x', -0));
  });
});
