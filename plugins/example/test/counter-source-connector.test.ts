import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Schemas } from '@tsconnect/api';
import { ConnectorHarness, InMemoryOffsetStorageReader, SourceTaskHarness } from '@tsconnect/testkit';
import { CounterSourceConnector } from '../src/counter-source-connector.js';
import { COUNTER_PARTITION, CounterSourceTask } from '../src/counter-source-task.js';

const CONFIG = { topic: 'numbers', 'batch.size': '3', 'max.count': '5', 'poll.interval.ms': '0' };

describe('CounterSourceConnector', () => {
  it('validates its config with its ConfigDef', async () => {
    const harness = new ConnectorHarness(new CounterSourceConnector());
    const result = await harness.validate({ topic: '', 'batch.size': '0' });
    assert.deepEqual(Object.keys(result.errors).sort(), ['batch.size', 'topic']);
    assert.deepEqual((await harness.validate(CONFIG)).errors, {});
  });

  it('runs one task whatever tasks.max allows', async () => {
    const harness = new ConnectorHarness(new CounterSourceConnector());
    await harness.start(CONFIG);
    const tasks = await harness.tasks(4);
    assert.equal(tasks.length, 1);
    assert.ok(tasks[0]!.task instanceof CounterSourceTask);
    assert.deepEqual(tasks[0]!.config, CONFIG);
  });

  it('refuses to start with an invalid config', async () => {
    const harness = new ConnectorHarness(new CounterSourceConnector());
    await assert.rejects(harness.start({ topic: 't', 'batch.size': 'x' }), /Invalid value x for configuration batch\.size/);
  });
});

describe('CounterSourceTask', () => {
  it('counts up to max.count in batches, as INT64 values, then returns nothing', async () => {
    const task = new SourceTaskHarness(new CounterSourceTask());
    await task.start(CONFIG);
    const records = await task.pollRecords(5);
    assert.deepEqual(records.map((r) => r.value), [0n, 1n, 2n, 3n, 4n]);
    assert.ok(records.every((r) => r.topic === 'numbers' && r.valueSchema === Schemas.INT64));
    const idle = task.poll(); // waits a while once the count is done; stop() cuts the wait short
    await task.stop();
    assert.deepEqual(await idle, []);
  });

  it('commits the offset after the last acknowledged number, and resumes from it', async () => {
    const offsets = new InMemoryOffsetStorageReader();
    const first = new SourceTaskHarness(new CounterSourceTask(), { offsets });
    await first.start(CONFIG);
    await first.poll();
    await first.commit();
    assert.deepEqual(await first.committedOffset(COUNTER_PARTITION), { next: 3 });
    await first.stop();

    const restarted = new SourceTaskHarness(new CounterSourceTask(), { offsets });
    await restarted.start(CONFIG);
    assert.deepEqual((await restarted.poll()).map((r) => r.value), [3n, 4n]);
  });

  it('stops promptly while it waits between batches', async () => {
    const task = new SourceTaskHarness(new CounterSourceTask());
    await task.start({ ...CONFIG, 'poll.interval.ms': '3600000' });
    await task.poll();
    const waiting = task.poll();
    await task.stop();
    assert.deepEqual((await waiting).map((r) => r.value), [3n, 4n]);
  });
});
