import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InMemoryOffsetStorageReader } from '../src/in-memory-offset-storage-reader.js';
import { SourceTaskHarness } from '../src/source-task-harness.js';
import { CountingSourceTask } from './fixtures.js';

describe('SourceTaskHarness', () => {
  it('keeps the produced records, and commits their offsets only on commit', async () => {
    const harness = new SourceTaskHarness(new CountingSourceTask());
    await harness.start({ topic: 'numbers' });
    const records = await harness.pollRecords(4);
    assert.deepEqual(records.map((r) => r.value), [0, 1, 2, 3]);
    assert.deepEqual(harness.produced.map((r) => r.topic), ['numbers', 'numbers', 'numbers', 'numbers']);
    assert.equal(await harness.committedOffset({ task: '0' }), null);
    await harness.commit();
    assert.deepEqual(await harness.committedOffset({ task: '0' }), { next: 4 });
    assert.deepEqual(harness.task.committedRecords, [0, 1, 2, 3]);
    assert.equal(harness.task.commits, 1);
    await harness.stop();
  });

  it('gives a restarted task the offsets committed before', async () => {
    const offsets = new InMemoryOffsetStorageReader();
    const first = new SourceTaskHarness(new CountingSourceTask(), { offsets });
    await first.start({ topic: 't' });
    await first.poll();
    await first.commit();
    await first.poll(); // polled, never committed: produced again after the restart
    const second = new SourceTaskHarness(new CountingSourceTask(), { offsets });
    await second.start({ topic: 't' });
    assert.deepEqual((await second.poll()).map((r) => r.value), [2, 3]);
  });

  it('fails pollRecords when the task produces too little', async () => {
    const task = new CountingSourceTask();
    task.poll = () => [];
    const harness = new SourceTaskHarness(task);
    await assert.rejects(harness.pollRecords(1, 3), /Expected 1 records in 3 polls, got 0/);
  });
});

describe('InMemoryOffsetStorageReader', () => {
  it('matches partitions by value whatever the order of their fields', async () => {
    const reader = new InMemoryOffsetStorageReader([[{ db: 'a', table: 't' }, { id: 5 }]]);
    assert.deepEqual(await reader.offset({ table: 't', db: 'a' }), { id: 5 });
    assert.equal(await reader.offset({ db: 'a' }), null);
    const many = await reader.offsets([{ db: 'a', table: 't' }, { db: 'b', table: 't' }]);
    assert.deepEqual([...many.values()], [{ id: 5 }, null]);
    reader.set({ db: 'a', table: 't' }, null);
    assert.deepEqual(reader.entries(), []);
  });
});
