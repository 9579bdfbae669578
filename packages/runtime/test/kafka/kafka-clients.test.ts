import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { KafkaBroker } from '@tsconnect/testinfra';
import { KafkaAdmin } from '../../src/kafka/kafka-admin.js';
import { KafkaConsumer, OFFSET_BEGINNING, type TopicPartition } from '../../src/kafka/kafka-consumer.js';
import { KafkaProducer } from '../../src/kafka/kafka-producer.js';

describe('Kafka clients on a real broker', () => {
  let broker: KafkaBroker;
  let admin: KafkaAdmin;
  let producer: KafkaProducer;

  before(async () => {
    broker = await KafkaBroker.start();
    admin = new KafkaAdmin({ 'bootstrap.servers': broker.bootstrapServers });
    producer = KafkaProducer.fromProperties({ 'bootstrap.servers': broker.bootstrapServers, 'linger.ms': '0' });
    await producer.connect();
  });

  after(async () => {
    await producer?.disconnect();
    await admin?.close();
    await broker?.stop();
  });

  it('creates topics with configs once and describes their partitions and configs', async () => {
    const topic = { name: 'admin-topic', partitions: 3, replicationFactor: 1, configs: { 'cleanup.policy': 'compact' } };
    assert.deepEqual(await admin.createTopics([topic]), ['admin-topic']);
    assert.deepEqual(await admin.createTopics([topic]), []);
    const described = await admin.describeTopics(['admin-topic', 'no-such-topic']);
    assert.deepEqual([...described.values()], [{ name: 'admin-topic', partitions: 3 }]);
    const configs = await admin.describeTopicConfigs(['admin-topic']);
    assert.equal(configs.get('admin-topic')?.get('cleanup.policy'), 'compact');
    assert.match(await admin.clusterId(), /^[\w-]{22}$/);
  });

  it('sends records with headers and reads them back in order from an assigned partition', async () => {
    await admin.createTopics([{ name: 'records', partitions: 2, replicationFactor: 1 }]);
    const first = await producer.send({
      topic: 'records',
      partition: 1,
      key: Buffer.from('k1'),
      value: Buffer.from('v1'),
      headers: [
        { key: 'b', value: Buffer.from('2') },
        { key: 'a', value: Buffer.from('1') },
        { key: 'b', value: Buffer.from('3') },
      ],
      timestamp: 1_700_000_000_000,
    });
    assert.deepEqual(first, { topic: 'records', partition: 1, offset: 0 });
    const second = await producer.send({ topic: 'records', partition: 1, key: null, value: null });
    assert.equal(second.offset, 1);

    const consumer = KafkaConsumer.fromProperties({ 'bootstrap.servers': broker.bootstrapServers });
    await consumer.connect();
    try {
      assert.deepEqual(await consumer.partitionsFor('records'), [0, 1]);
      assert.deepEqual(await consumer.watermarks('records', 1), { low: 0, high: 2 });
      consumer.assign([{ topic: 'records', partition: 1, offset: OFFSET_BEGINNING }]);
      const records = await consumeAtLeast(consumer, 2);
      assert.deepEqual(
        records.map((r) => [r.offset, r.key?.toString() ?? null, r.value?.toString() ?? null]),
        [
          [0, 'k1', 'v1'],
          [1, null, null],
        ],
      );
      assert.deepEqual(
        records[0]!.headers.map((h) => `${h.key}=${h.value?.toString()}`),
        ['b=2', 'a=1', 'b=3'],
      );
      assert.equal(records[0]!.timestamp, 1_700_000_000_000);
      assert.deepEqual(consumer.position(), [{ topic: 'records', partition: 1, offset: 2 }]);

      await consumer.seek({ topic: 'records', partition: 1, offset: 1 });
      const again = await consumeAtLeast(consumer, 1);
      assert.equal(again[0]!.offset, 1);
    } finally {
      await consumer.disconnect();
    }
  });

  it('reads packed batches as the binding reads records one by one, with the timestamp type the broker set', async () => {
    await admin.createTopics([
      { name: 'packed-create', partitions: 2, replicationFactor: 1 },
      { name: 'packed-append', partitions: 1, replicationFactor: 1, configs: { 'message.timestamp.type': 'LogAppendTime' } },
    ]);
    const large = Buffer.alloc(300_000, 'x');
    const sent = [
      { topic: 'packed-create', partition: 0, key: Buffer.from('k0'), value: Buffer.from('{"a":1}'), timestamp: 1_700_000_000_000 },
      {
        topic: 'packed-create',
        partition: 1,
        key: null,
        value: Buffer.from('v1'),
        headers: [
          { key: 'ключ', value: Buffer.from('значение') },
          { key: 'empty', value: Buffer.alloc(0) },
          { key: 'ключ', value: Buffer.from([0, 255, 1]) },
        ],
      },
      { topic: 'packed-create', partition: 0, key: Buffer.from('tombstone'), value: null },
      { topic: 'packed-create', partition: 1, key: Buffer.alloc(0), value: Buffer.alloc(0) },
      { topic: 'packed-append', partition: 0, key: Buffer.from('k'), value: large, timestamp: 1_600_000_000_000 },
      { topic: 'packed-create', partition: 0, key: null, value: null, headers: [{ key: 'only', value: Buffer.from('header') }] },
    ];
    for (const record of sent) await producer.send(record);
    const assignment = [
      { topic: 'packed-create', partition: 0, offset: OFFSET_BEGINNING },
      { topic: 'packed-create', partition: 1, offset: OFFSET_BEGINNING },
      { topic: 'packed-append', partition: 0, offset: OFFSET_BEGINNING },
    ];
    const read = async (packed: boolean) => {
      const consumer = KafkaConsumer.fromProperties({ 'bootstrap.servers': broker.bootstrapServers }, undefined, { packed });
      assert.equal(consumer.packed, packed, 'scripts/setup.mjs compiles the packed consume path into the native client');
      await consumer.connect();
      try {
        consumer.assign(assignment);
        const records = await consumeAtLeast(consumer, sent.length);
        return records.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition || a.offset - b.offset);
      } finally {
        await consumer.disconnect();
      }
    };
    const packed = await read(true);
    const unpacked = await read(false);
    assert.equal(packed.length, sent.length);
    // The binding's consume cannot tell LogAppendTime from CreateTime; the packed path can.
    assert.deepEqual(
      packed.map((r) => `${r.topic} ${r.timestampType}`),
      [...Array(1).fill('packed-append LogAppendTime'), ...Array(5).fill('packed-create CreateTime')],
    );
    const appended = packed[0]!;
    assert.ok(appended.timestamp > 1_600_000_000_000, 'the broker set the timestamp of a LogAppendTime topic');
    assert.deepEqual(
      packed.map((r) => ({ ...r, timestampType: undefined })),
      unpacked.map((r) => ({ ...r, timestampType: undefined })),
    );
    const withHeaders = packed.find((r) => r.topic === 'packed-create' && r.partition === 1 && r.offset === 0)!;
    assert.deepEqual(
      withHeaders.headers.map((h) => [h.key, h.value?.toString("hex")]),
      [
        ['ключ', Buffer.from('значение').toString('hex')],
        ['empty', ''],
        ['ключ', '00ff01'],
      ],
    );
    assert.ok(appended.value!.equals(large));
    assert.deepEqual(
      packed.filter((r) => r.topic === 'packed-create').map((r) => [r.partition, r.offset, r.key?.toString() ?? null, r.value?.toString() ?? null]),
      [
        [0, 0, 'k0', '{"a":1}'],
        [0, 1, 'tombstone', null],
        [0, 2, null, null],
        [1, 0, null, 'v1'],
        // Empty key and value come back as null through librdkafka, packed or not (compared above).
        [1, 1, null, null],
      ],
    );
  });

  it('queues again what does not fit in a full local queue: every send resolves, in order', async () => {
    await admin.createTopics([{ name: 'small-queue', partitions: 1, replicationFactor: 1 }]);
    const small = new KafkaProducer({ 'bootstrap.servers': broker.bootstrapServers, 'queue.buffering.max.messages': 5 });
    await small.connect();
    try {
      const sends = Array.from({ length: 200 }, (_, i) => small.send({ topic: 'small-queue', key: null, value: Buffer.from(`v${i}`) }));
      const offsets = (await Promise.all(sends)).map((m) => m.offset);
      assert.deepEqual(offsets, Array.from({ length: 200 }, (_, i) => i));
    } finally {
      await small.disconnect();
    }
  });

  it('joins a group, reports assigned partitions and commits explicit offsets that admin can alter and delete', async () => {
    await admin.createTopics([{ name: 'grouped', partitions: 2, replicationFactor: 1 }]);
    for (let i = 0; i < 4; i++) {
      await producer.send({ topic: 'grouped', partition: i % 2, key: null, value: Buffer.from(`r${i}`) });
    }
    const consumer = KafkaConsumer.fromProperties({
      'bootstrap.servers': broker.bootstrapServers,
      'group.id': 'connect-sink',
      'enable.auto.commit': 'false',
      'auto.offset.reset': 'earliest',
    });
    const assigned: TopicPartition[] = [];
    const revoked: TopicPartition[] = [];
    await consumer.connect();
    consumer.subscribe(['grouped'], {
      onPartitionsAssigned: async (partitions) => {
        await new Promise((resolve) => setTimeout(resolve, 10));
        assigned.push(...partitions);
      },
      onPartitionsRevoked: async (partitions) => {
        // Offsets can still be committed while the revocation listener runs.
        await consumer.commit(partitions.map((p) => ({ ...p, offset: 2 })));
        revoked.push(...partitions);
      },
    });
    const records = await consumeAtLeast(consumer, 4);
    assert.equal(records.length, 4);
    assert.deepEqual(sortPartitions(assigned), [
      { topic: 'grouped', partition: 0 },
      { topic: 'grouped', partition: 1 },
    ]);

    await consumer.commit([{ topic: 'grouped', partition: 0, offset: 1 }]);
    const committed = await consumer.committed([
      { topic: 'grouped', partition: 0 },
      { topic: 'grouped', partition: 1 },
    ]);
    assert.deepEqual(
      committed.map((c) => c.offset),
      [1, -1001],
    );
    consumer.pause([{ topic: 'grouped', partition: 0 }]);
    consumer.resume([{ topic: 'grouped', partition: 0 }]);
    await consumer.disconnect();
    assert.equal(revoked.length, 2);

    assert.deepEqual(sortPartitions(await admin.listConsumerGroupOffsets('connect-sink')).map((o) => o.offset), [2, 2]);
    await admin.alterConsumerGroupOffsets('connect-sink', [{ topic: 'grouped', partition: 1, offset: 0 }]);
    await admin.deleteConsumerGroupOffsets('connect-sink', [{ topic: 'grouped', partition: 0 }]);
    assert.deepEqual(
      (await admin.listConsumerGroupOffsets('connect-sink')).map(({ topic, partition, offset }) => ({
        topic,
        partition,
        offset,
      })),
      [{ topic: 'grouped', partition: 1, offset: 0 }],
    );
  });
});

function sortPartitions<T extends TopicPartition>(list: T[]): T[] {
  return [...list].sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
}

/** Consumes until `count` records arrived; the test runner's own timeout bounds a missing record. */
async function consumeAtLeast(consumer: KafkaConsumer, count: number) {
  const records = [];
  while (records.length < count) records.push(...(await consumer.consume(500)));
  return records;
}
