import { KafkaJS } from '@confluentinc/kafka-javascript';
import { KafkaBroker } from '@tsconnect/testinfra';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

const RECORDS = 10_000;
const PARTITIONS = 3;
const TOPIC = 'e2e-produce-consume';

let broker: KafkaBroker;

before(async () => {
  broker = await KafkaBroker.start();
});

after(async () => {
  await broker?.stop();
});

test('10,000 records with keys and headers come back complete and in order per partition', async () => {
  const kafka = new KafkaJS.Kafka({ kafkaJS: { brokers: [broker.bootstrapServers], logLevel: KafkaJS.logLevel.ERROR } });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: PARTITIONS, replicationFactor: 1 }] });
  await admin.disconnect();

  const producer = kafka.producer({ kafkaJS: { acks: -1 } });
  await producer.connect();
  const batch = [];
  for (let i = 0; i < RECORDS; i++) {
    batch.push({
      key: `key-${i % 97}`,
      value: JSON.stringify({ seq: i, payload: 'x'.repeat(i % 50) }),
      headers: { seq: String(i), origin: 'e2e' },
    });
    if (batch.length === 1000) await producer.send({ topic: TOPIC, messages: batch.splice(0) });
  }
  await producer.disconnect();

  type Seen = { key: string; seq: number; headerSeq: string; origin: string; offset: bigint };
  const byPartition = new Map<number, Seen[]>();
  let received = 0;
  const consumer = kafka.consumer({ kafkaJS: { groupId: 'e2e-check', fromBeginning: true } });
  await consumer.connect();
  await consumer.subscribe({ topic: TOPIC });
  const done = new Promise<void>((resolveDone) => {
    void consumer.run({
      eachMessage: async ({ partition, message }) => {
        const value = JSON.parse(message.value!.toString()) as { seq: number; payload: string };
        assert.equal(value.payload, 'x'.repeat(value.seq % 50));
        const list = byPartition.get(partition) ?? [];
        list.push({
          key: message.key!.toString(),
          seq: value.seq,
          headerSeq: String(message.headers?.seq),
          origin: String(message.headers?.origin),
          offset: BigInt(message.offset),
        });
        byPartition.set(partition, list);
        if (++received === RECORDS) resolveDone();
      },
    });
  });
  await done;
  await consumer.disconnect();

  assert.equal(received, RECORDS);
  const seqs = new Set<number>();
  const partitionOfKey = new Map<string, number>();
  for (const [partition, records] of byPartition) {
    for (let i = 0; i < records.length; i++) {
      const r = records[i]!;
      seqs.add(r.seq);
      assert.equal(r.key, `key-${r.seq % 97}`);
      assert.equal(r.headerSeq, String(r.seq));
      assert.equal(r.origin, 'e2e');
      // One key always lands in one partition, and a partition keeps the produce order.
      assert.equal(partitionOfKey.get(r.key) ?? partition, partition);
      partitionOfKey.set(r.key, partition);
      if (i > 0) {
        assert.ok(r.seq > records[i - 1]!.seq, `partition ${partition} out of order at offset ${r.offset}`);
        assert.equal(r.offset, records[i - 1]!.offset + 1n);
      }
    }
  }
  assert.equal(seqs.size, RECORDS, 'every record exactly once');
  assert.equal(byPartition.size, PARTITIONS, 'keys spread over all partitions');
});
