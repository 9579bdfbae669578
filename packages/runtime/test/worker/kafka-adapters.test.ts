import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ProducerRecord, RecordMetadata } from '../../src/kafka/kafka-producer.js';
import { producerRecordSender } from '../../src/worker/kafka-adapters.js';
import type { ProducedRecord } from '../../src/worker/kafka-records.js';

const record: ProducedRecord = {
  topic: 't',
  partition: null,
  key: new Uint8Array([1, 2]),
  value: new Uint8Array(new Uint8Array([9, 8, 7, 6]).buffer, 1, 2),
  headers: [{ key: 'h', value: new Uint8Array([5]) }],
  timestamp: 1_700_000_000_000,
};

function producer(send: (record: ProducerRecord) => Promise<RecordMetadata>) {
  return { send, flush: async () => {}, disconnect: async () => {} };
}

describe('producerRecordSender', () => {
  it('sends the record as Buffers and answers with Kafka\'s metadata and the serialized sizes', async () => {
    const sent: ProducerRecord[] = [];
    const sender = producerRecordSender(producer(async (r) => {
      sent.push(r);
      return { topic: r.topic, partition: 3, offset: 42 };
    }));
    const metadata = await sender.send(record);
    assert.deepEqual(metadata, {
      topic: 't', partition: 3, offset: 42, timestamp: 1_700_000_000_000, serializedKeySize: 2, serializedValueSize: 2,
    });
    assert.equal(sent.length, 1);
    assert.equal('partition' in sent[0]!, false);
    assert.deepEqual([...sent[0]!.value!], [8, 7]);
    assert.ok(Buffer.isBuffer(sent[0]!.key));
    assert.deepEqual(sent[0]!.headers!.map((h) => [h.key, [...h.value!]]), [['h', [5]]]);
  });

  it('reports a producer that throws as a rejected send, not a throw', async () => {
    const failure = new Error('not connected');
    const sender = producerRecordSender(producer(() => {
      throw failure;
    }));
    let sending: Promise<unknown> | undefined;
    assert.doesNotThrow(() => {
      sending = sender.send(record);
    });
    await assert.rejects(sending!, failure);
  });
});
