import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ClientProperties } from '../../src/kafka/client-config.js';
import type { ProducerRecord, RecordMetadata } from '../../src/kafka/kafka-producer.js';
import { SharedProducers, sharingKey, type TaskProducer } from '../../src/kafka/shared-producers.js';
import { taskProducerProperties } from '../../src/kafka/task-client-configs.js';

/** A producer whose deliveries the test settles by hand. */
class FakeProducer implements TaskProducer {
  readonly props: ClientProperties;
  connects = 0;
  disconnects = 0;
  failConnect: Error | null = null;
  readonly pending: { record: ProducerRecord; resolve(m: RecordMetadata): void; reject(e: Error): void }[] = [];

  constructor(props: ClientProperties) {
    this.props = props;
  }

  async connect(): Promise<void> {
    this.connects += 1;
    await Promise.resolve();
    if (this.failConnect) throw this.failConnect;
  }

  send(record: ProducerRecord): Promise<RecordMetadata> {
    return new Promise((resolve, reject) => this.pending.push({ record, resolve, reject }));
  }

  async flush(): Promise<void> {}

  async disconnect(): Promise<void> {
    this.disconnects += 1;
  }

  deliver(index = 0): void {
    const [p] = this.pending.splice(index, 1);
    p!.resolve({ topic: p!.record.topic, partition: 0, offset: 0 });
  }
}

function pool() {
  const created: FakeProducer[] = [];
  const producers = new SharedProducers((props) => {
    const p = new FakeProducer(props);
    created.push(p);
    return p;
  });
  return { producers, created };
}

const worker = { 'bootstrap.servers': 'k:9092' };
const propsFor = (task: string, connector: Record<string, string> = {}) =>
  taskProducerProperties(`connector-producer-${task}`, worker, connector, 'All');
const record = (topic: string): ProducerRecord => ({ topic, key: null, value: Buffer.from('v') });
const tick = () => new Promise((r) => setImmediate(r));

describe('sharingKey', () => {
  it('is the same for two tasks with the same settings, whatever their order', () => {
    const a = sharingKey(propsFor('a-0'), 'connector-producer-a-0');
    const reordered = Object.fromEntries(Object.entries(propsFor('b-0')).reverse());
    assert.notEqual(a, null);
    assert.equal(sharingKey(reordered, 'connector-producer-b-0'), a);
  });

  it('differs when a connector overrides a producer setting', () => {
    const plain = sharingKey(propsFor('a-0'), 'connector-producer-a-0');
    const lingering = sharingKey(propsFor('b-0', { 'producer.override.linger.ms': '50' }), 'connector-producer-b-0');
    assert.notEqual(lingering, null);
    assert.notEqual(lingering, plain);
  });

  it('is null for an overridden client id, an idempotent or a transactional producer', () => {
    assert.equal(sharingKey(propsFor('a-0', { 'producer.override.client.id': 'mine' }), 'connector-producer-a-0'), null);
    assert.equal(sharingKey(propsFor('a-0', { 'producer.override.enable.idempotence': 'true' }), 'connector-producer-a-0'), null);
    assert.equal(sharingKey({ ...propsFor('a-0'), 'transactional.id': 'x' }, 'connector-producer-a-0'), null);
  });
});

describe('SharedProducers', () => {
  it('gives tasks with equal settings one producer, connected once, with a client id of its own', async () => {
    const { producers, created } = pool();
    const a = producers.producerFor(propsFor('a-0'), 'connector-producer-a-0');
    const b = producers.producerFor(propsFor('b-0'), 'connector-producer-b-0');
    await Promise.all([a.connect(), b.connect()]);
    assert.equal(created.length, 1);
    assert.equal(created[0]!.connects, 1);
    assert.equal(created[0]!.props['client.id'], 'connector-producer-shared-1');
    assert.equal(producers.size, 1);
  });

  it('gives a task with an overridden client id or other settings a producer of its own', async () => {
    const { producers, created } = pool();
    await producers.producerFor(propsFor('a-0'), 'connector-producer-a-0').connect();
    const own = producers.producerFor(propsFor('b-0', { 'producer.override.client.id': 'mine' }), 'connector-producer-b-0');
    await own.connect();
    await producers.producerFor(propsFor('c-0', { 'producer.override.linger.ms': '5' }), 'connector-producer-c-0').connect();
    assert.equal(created.length, 3);
    assert.equal(created[1]!.props['client.id'], 'mine');
    assert.equal(producers.size, 2, 'the task with its own client id is not in the pool');
  });

  it("flushes and closes a task by waiting for its own records only", async () => {
    const { producers, created } = pool();
    const a = producers.producerFor(propsFor('a-0'), 'connector-producer-a-0');
    const b = producers.producerFor(propsFor('b-0'), 'connector-producer-b-0');
    await a.connect();
    await b.connect();
    const sentA = a.send(record('ta'));
    await b.flush(1000); // nothing of b's in flight: returns although a's record is
    let flushedA = false;
    const flushingA = a.flush(5000).then(() => (flushedA = true));
    await tick();
    assert.equal(flushedA, false);
    created[0]!.deliver();
    await flushingA;
    assert.deepEqual(await sentA, { topic: 'ta', partition: 0, offset: 0 });

    const sentB = b.send(record('tb'));
    let closedB = false;
    const closingB = b.disconnect(5000).then(() => (closedB = true));
    await tick();
    assert.equal(closedB, false, 'close waits for the task\'s record');
    created[0]!.deliver();
    await closingB;
    await sentB;
    assert.equal(created[0]!.disconnects, 0, 'another task still holds the producer');
    await a.disconnect(1000);
    assert.equal(created[0]!.disconnects, 1);
    assert.equal(producers.size, 0);
  });

  it('reports a flush that times out, and a send after close', async () => {
    const { producers } = pool();
    const a = producers.producerFor(propsFor('a-0'), 'connector-producer-a-0');
    await a.connect();
    void a.send(record('t')).catch(() => {});
    await assert.rejects(a.flush(10), /1 records not acknowledged within 10 ms/);
    await a.disconnect(10);
    await assert.rejects(a.send(record('t')), /not connected/);
  });

  it('opens a new producer once the last task let go of the old one', async () => {
    const { producers, created } = pool();
    const a = producers.producerFor(propsFor('a-0'), 'connector-producer-a-0');
    await a.connect();
    await a.disconnect(1000);
    const again = producers.producerFor(propsFor('a-0'), 'connector-producer-a-0');
    await again.connect();
    assert.equal(created.length, 2);
    assert.equal(created[1]!.props['client.id'], 'connector-producer-shared-2');
  });

  it('fails every task waiting on a connect that failed, and a retry gets a new producer', async () => {
    const created: FakeProducer[] = [];
    const producers = new SharedProducers((props) => {
      const p = new FakeProducer(props);
      if (created.length === 0) p.failConnect = new Error('broker unreachable');
      created.push(p);
      return p;
    });
    const a = producers.producerFor(propsFor('a-0'), 'connector-producer-a-0');
    const b = producers.producerFor(propsFor('b-0'), 'connector-producer-b-0');
    const results = await Promise.allSettled([a.connect(), b.connect()]);
    assert.deepEqual(results.map((r) => r.status), ['rejected', 'rejected']);
    assert.equal(created[0]!.connects, 1);
    await a.connect();
    await b.connect();
    assert.equal(created.length, 2);
    assert.equal(created[1]!.connects, 1);
    await a.disconnect(100);
    await b.disconnect(100);
    assert.equal(created[1]!.disconnects, 1);
  });
});
