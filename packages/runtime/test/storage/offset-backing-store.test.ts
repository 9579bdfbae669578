import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { KafkaBroker } from '@tsconnect/testinfra';
import { KafkaAdmin } from '../../src/kafka/kafka-admin.js';
import { type ConsumerRecord, KafkaConsumer, OFFSET_BEGINNING } from '../../src/kafka/kafka-consumer.js';
import { KafkaProducer } from '../../src/kafka/kafka-producer.js';
import {
  ConnectorOffsetReader,
  FileOffsetBackingStore,
  KafkaOffsetBackingStore,
  type OffsetBackingStore,
  type OffsetRecord,
  OffsetStorageWriter,
} from '../../src/storage/offset-backing-store.js';

/** A store whose writes wait until the test settles them. */
class ControlledStore implements OffsetBackingStore {
  readonly writes: { records: readonly OffsetRecord[]; settle: (error?: Error) => void }[] = [];
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  async get(): Promise<Map<string, Buffer>> {
    return new Map();
  }
  set(records: readonly OffsetRecord[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.writes.push({ records, settle: (error) => (error ? reject(error) : resolve()) });
    });
  }
  connectorPartitions(): Record<string, unknown>[] {
    return [];
  }
}

const written = (records: readonly OffsetRecord[]) => records.map((r) => `${r.key.toString()}=${r.value?.toString() ?? null}`);

describe('OffsetStorageWriter', () => {
  it('flushes a snapshot; offsets given during the flush wait for the next one', async () => {
    const store = new ControlledStore();
    const writer = new OffsetStorageWriter('c', store);
    assert.equal(writer.beginFlush(), false);
    writer.offset({ p: 1 }, { o: 1 });
    assert.equal(writer.beginFlush(), true);
    const flush = writer.doFlush();
    writer.offset({ p: 2 }, { o: 2 });
    assert.throws(() => writer.beginFlush(), /already flushing/);
    store.writes[0]!.settle();
    await flush;
    assert.deepEqual(written(store.writes[0]!.records), ['["c",{"p":1}]={"o":1}']);
    assert.equal(writer.beginFlush(), true);
    const second = writer.doFlush();
    store.writes[1]!.settle();
    await second;
    assert.deepEqual(written(store.writes[1]!.records), ['["c",{"p":2}]={"o":2}']);
  });

  it('puts the offsets of a failed flush back, under newer offsets of the same partitions', async () => {
    const store = new ControlledStore();
    const writer = new OffsetStorageWriter('c', store);
    writer.offset({ p: 1 }, { o: 1 });
    writer.offset({ p: 2 }, { o: 1 });
    writer.beginFlush();
    const flush = writer.doFlush();
    writer.offset({ p: 1 }, { o: 2 });
    store.writes[0]!.settle(new Error('broker down'));
    await assert.rejects(flush, /broker down/);
    assert.equal(writer.flushing(), false);
    writer.beginFlush();
    const retry = writer.doFlush();
    store.writes[1]!.settle();
    await retry;
    assert.deepEqual(written(store.writes[1]!.records).sort(), ['["c",{"p":1}]={"o":2}', '["c",{"p":2}]={"o":1}']);
  });

  it('ignores the late completion of a cancelled flush', async () => {
    const store = new ControlledStore();
    const writer = new OffsetStorageWriter('c', store);
    writer.offset({ p: 1 }, { o: 1 });
    writer.beginFlush();
    const flush = writer.doFlush();
    writer.cancelFlush();
    store.writes[0]!.settle();
    await flush;
    assert.equal(writer.beginFlush(), true, 'the cancelled offsets are flushed again');
  });
});

describe('FileOffsetBackingStore', () => {
  it('keeps offsets in a JSON file across restarts, matching keys by content', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tsconnect-offsets-'));
    try {
      const file = join(dir, 'offsets.json');
      const store = new FileOffsetBackingStore(file);
      await store.start();
      await store.set([
        { key: Buffer.from('["c", {"b":1,"a":2}]'), value: Buffer.from('{"o":1}') },
        { key: Buffer.from('["c",{"x":1}]'), value: Buffer.from('{"o":9}') },
      ]);
      const writer = new OffsetStorageWriter('c', store);
      writer.offset({ a: 2, b: 1 }, { o: 2 });
      writer.offset({ x: 1 }, null);
      writer.beginFlush();
      await writer.doFlush();
      await store.stop();
      assert.deepEqual(JSON.parse(await readFile(file, 'utf8')), {
        version: 1,
        offsets: [{ key: '["c", {"b":1,"a":2}]', value: '{"o":2}' }],
      });

      const restarted = new FileOffsetBackingStore(file);
      await restarted.start();
      assert.deepEqual(await new ConnectorOffsetReader('c', restarted).offset({ a: 2, b: 1 }), { o: 2 });
      assert.deepEqual(restarted.connectorPartitions('c'), [{ b: 1, a: 2 }]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('KafkaOffsetBackingStore on a real broker', () => {
  let broker: KafkaBroker;
  let admin: KafkaAdmin;
  let worker: Record<string, string>;

  before(async () => {
    broker = await KafkaBroker.start();
    admin = new KafkaAdmin({ 'bootstrap.servers': broker.bootstrapServers });
    worker = {
      'bootstrap.servers': broker.bootstrapServers,
      'group.id': 'connect-test',
      'offset.storage.topic': 'connect-offsets',
      'offset.storage.replication.factor': '1',
      'offset.storage.partitions': '4',
    };
  });

  after(async () => {
    await admin?.close();
    await broker?.stop();
  });

  /** Every record of the offsets topic, all partitions. */
  async function readTopic(): Promise<ConsumerRecord[]> {
    const consumer = KafkaConsumer.fromProperties({ 'bootstrap.servers': broker.bootstrapServers });
    await consumer.connect();
    try {
      const partitions = await consumer.partitionsFor('connect-offsets');
      let total = 0;
      for (const partition of partitions) total += (await consumer.watermarks('connect-offsets', partition)).high;
      consumer.assign(partitions.map((partition) => ({ topic: 'connect-offsets', partition, offset: OFFSET_BEGINNING })));
      const records: ConsumerRecord[] = [];
      while (records.length < total) records.push(...(await consumer.consume(500)));
      return records;
    } finally {
      await consumer.disconnect();
    }
  }

  it('round-trips offsets, matches keys by content and rewrites them under their original bytes', async () => {
    // A key as a Java worker might have written it: fields in another order than ours, with spaces.
    const javaKey = '["src", {"table":"orders", "db":"shop"}]';
    const producer = KafkaProducer.fromProperties({ 'bootstrap.servers': broker.bootstrapServers });
    await producer.connect();
    await admin.createTopics([
      { name: 'connect-offsets', partitions: 4, replicationFactor: 1, configs: { 'cleanup.policy': 'compact' } },
    ]);
    await producer.send({ topic: 'connect-offsets', key: Buffer.from(javaKey), value: Buffer.from('{"id":5}') });
    await producer.disconnect();

    const store = new KafkaOffsetBackingStore({ worker, admin });
    await store.start();
    try {
      const reader = new ConnectorOffsetReader('src', store);
      const orders = { db: 'shop', table: 'orders' };
      assert.deepEqual(await reader.offset(orders), { id: 5 });
      assert.equal(await reader.offset({ db: 'shop', table: 'users' }), null);
      assert.equal(await new ConnectorOffsetReader('other', store).offset(orders), null);

      const writer = new OffsetStorageWriter('src', store);
      writer.offset(orders, { id: 6 });
      writer.offset({ db: 'shop', table: 'users' }, { id: 1, ts: 1_700_000_000_000 });
      assert.equal(writer.beginFlush(), true);
      await writer.doFlush();
      assert.deepEqual(await reader.offset({ table: 'orders', db: 'shop' }), { id: 6 });
      assert.deepEqual(await reader.offset({ db: 'shop', table: 'users' }), { id: 1, ts: 1_700_000_000_000 });

      writer.offset({ table: 'orders', db: 'shop' }, null);
      assert.equal(writer.beginFlush(), true);
      await writer.doFlush();
      assert.equal(await reader.offset(orders), null);
      assert.deepEqual(store.connectorPartitions('src'), [{ db: 'shop', table: 'users' }]);

      const records = await readTopic();
      assert.deepEqual(
        records.map((r) => [r.key?.toString(), r.value?.toString() ?? null]).sort(),
        [
          ['["src",{"db":"shop","table":"users"}]', '{"id":1,"ts":1700000000000}'],
          [javaKey, '{"id":5}'],
          [javaKey, '{"id":6}'],
          [javaKey, null],
        ].sort(),
      );
    } finally {
      await store.stop();
    }

    const restarted = new KafkaOffsetBackingStore({ worker, admin });
    await restarted.start();
    try {
      const reader = new ConnectorOffsetReader('src', restarted);
      const offsets = await reader.offsets([{ table: 'users', db: 'shop' }, { db: 'shop', table: 'orders' }]);
      assert.deepEqual([...offsets.values()], [{ id: 1, ts: 1_700_000_000_000 }, null]);
    } finally {
      await restarted.stop();
    }
  });
});
