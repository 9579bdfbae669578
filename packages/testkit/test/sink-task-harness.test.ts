import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TopicPartition } from '@tsconnect/api';
import { sinkRecords } from '../src/sink-records.js';
import { SinkTaskHarness } from '../src/sink-task-harness.js';
import { KeepingSinkTask } from './fixtures.js';

describe('SinkTaskHarness', () => {
  it('puts records at consecutive offsets and opens their partitions', async () => {
    const harness = new SinkTaskHarness(new KeepingSinkTask());
    await harness.start({});
    const first = await harness.putValues('orders', ['a', 'b']);
    const second = await harness.putValues('orders', ['c']);
    assert.deepEqual([...first, ...second].map((r) => r.kafkaOffset), [0, 1, 2]);
    assert.deepEqual(harness.task.kept, ['a', 'b', 'c']);
    assert.deepEqual(harness.task.opened, ['orders-0']);
  });

  it('commits what preCommit returns, not what was consumed', async () => {
    const harness = new SinkTaskHarness(new KeepingSinkTask());
    await harness.start({});
    await harness.putValues('t', ['a', 'b']);
    assert.equal((await harness.commit()).size, 0);
    assert.equal(harness.committedOffset('t'), null);
    await harness.putValues('t', ['c']);
    await harness.commit();
    assert.equal(harness.committedOffset('t'), 3);
  });

  it('records errant records, offset resets and commit requests', async () => {
    const harness = new SinkTaskHarness(new KeepingSinkTask(), { assignment: [TopicPartition.of('t', 0)] });
    await harness.start({});
    await harness.put(sinkRecords('t', [1, -2, 'rewind'], { firstOffset: 10 }));
    assert.deepEqual(harness.reported.map((r) => [r.record.kafkaOffset, r.error.message]), [[11, 'negative']]);
    assert.equal(harness.offsetResets.get(TopicPartition.of('t', 0)), 0);
  });

  it('gives no errant record reporter when told so', async () => {
    const harness = new SinkTaskHarness(new KeepingSinkTask(), { errantRecordReporter: false });
    await harness.start({});
    await harness.putValues('t', [-1]);
    assert.deepEqual(harness.reported, []);
  });

  it('closes the assigned partitions, then stops', async () => {
    const harness = new SinkTaskHarness(new KeepingSinkTask(), { assignment: [TopicPartition.of('a', 0), TopicPartition.of('a', 1)] });
    await harness.start({});
    await harness.stop();
    assert.deepEqual(harness.task.closed, ['a-0', 'a-1']);
    assert.equal(harness.task.stopped, true);
  });
});
