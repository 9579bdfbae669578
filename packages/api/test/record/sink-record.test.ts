import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConnectHeaders, Schemas, SinkRecord } from '../../src/index.js';

function record(): SinkRecord {
  return new SinkRecord({
    topic: 't', kafkaPartition: 1, keySchema: Schemas.STRING, key: 'k', valueSchema: Schemas.INT64, value: 5n,
    kafkaOffset: 42, timestamp: 1000, timestampType: 'CreateTime', headers: new ConnectHeaders().addString('h', 'v'),
  });
}

describe('SinkRecord', () => {
  it('defaults the original coordinates to the current ones', () => {
    const r = record();
    assert.deepEqual([r.originalTopic, r.originalKafkaPartition, r.originalKafkaOffset], ['t', 1, 42]);
    const bare = new SinkRecord({ topic: 'x', kafkaOffset: 0 });
    assert.deepEqual([bare.kafkaPartition, bare.key, bare.value, bare.timestamp, bare.timestampType, bare.headers.size],
      [null, null, null, null, 'NoTimestampType', 0]);
  });

  it('newRecord keeps the class, offset, timestamp type and originals, and copies headers', () => {
    const r = record();
    const n = r.newRecord({ topic: 'renamed', kafkaPartition: 3, value: null, valueSchema: Schemas.OPTIONAL_INT64 });
    assert.ok(n instanceof SinkRecord);
    assert.deepEqual([n.topic, n.kafkaPartition, n.key, n.value, n.kafkaOffset, n.timestamp, n.timestampType],
      ['renamed', 3, 'k', null, 42, 1000, 'CreateTime']);
    assert.deepEqual([n.originalTopic, n.originalKafkaPartition, n.originalKafkaOffset], ['t', 1, 42]);
    assert.ok(n.headers.equals(r.headers));
    n.headers.addString('more', 'x');
    assert.equal(r.headers.size, 1);
  });

  it('newRecord uses given headers as they are', () => {
    const headers = new ConnectHeaders();
    assert.equal(record().newRecord({ headers }).headers, headers);
  });

  it('compares all fields and prints like Kafka', () => {
    assert.ok(record().equals(record()));
    assert.equal(record().equals(record().newRecord({ key: 'other' })), false);
    assert.equal(record().toString(),
      'SinkRecord{kafkaOffset=42, timestampType=CreateTime, originalTopic=t, originalKafkaPartition=1, originalKafkaOffset=42} ' +
      "ConnectRecord{topic='t', kafkaPartition=1, key=k, keySchema=Schema{STRING}, value=5, valueSchema=Schema{INT64}, " +
      'timestamp=1000, headers=ConnectHeaders(headers=[ConnectHeader(key=h, value=v, schema=Schema{STRING})])}');
  });
});
