import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SubmittedRecords } from '../../src/worker/submitted-records.js';

describe('SubmittedRecords', () => {
  it('makes an offset committable only when every earlier record of its partition was acknowledged', () => {
    const submitted = new SubmittedRecords();
    const a0 = submitted.submit({ file: 'a' }, { pos: 0 });
    const a1 = submitted.submit({ file: 'a' }, { pos: 1 });
    const b0 = submitted.submit({ file: 'b' }, { pos: 0 });
    a1.ack();
    b0.ack();
    let committable = submitted.committableOffsets();
    assert.deepEqual([...committable.offsets.values()], [{ partition: { file: 'b' }, offset: { pos: 0 } }]);
    assert.equal(committable.numCommittableMessages, 1);
    assert.equal(committable.numUncommittableMessages, 2);
    a0.ack();
    committable = submitted.committableOffsets();
    assert.deepEqual([...committable.offsets.values()], [{ partition: { file: 'a' }, offset: { pos: 1 } }]);
    assert.equal(submitted.pending, 0);
  });

  it('treats partitions with equal content as one, whatever the key order', () => {
    const submitted = new SubmittedRecords();
    submitted.submit({ db: 'x', table: 't' }, { id: 1 }).ack();
    submitted.submit({ table: 't', db: 'x' }, { id: 2 }).ack();
    assert.deepEqual([...submitted.committableOffsets().offsets.values()].map((e) => e.offset), [{ id: 2 }]);
  });

  it('files a partition object changed between records under its new content', () => {
    const submitted = new SubmittedRecords();
    const partition: Record<string, unknown> = { file: 'a' };
    submitted.submit(partition, { pos: 0 });
    partition.file = 'b';
    submitted.submit(partition, { pos: 1 }).ack();
    const committable = submitted.committableOffsets();
    // the acknowledged record is b's first, not behind a's unacknowledged one
    assert.equal(committable.numCommittableMessages, 1);
    assert.deepEqual([...committable.offsets.values()].map((e) => e.offset), [{ pos: 1 }]);
  });

  it('awaitAllMessages resolves true once everything is acknowledged, false on timeout', async () => {
    const submitted = new SubmittedRecords();
    const r1 = submitted.submit({ p: 1 }, { o: 1 });
    const r2 = submitted.submit({ p: 1 }, { o: 2 });
    assert.equal(await submitted.awaitAllMessages(20), false);
    const all = submitted.awaitAllMessages(10_000);
    r1.ack();
    setTimeout(() => r2.ack(), 5);
    assert.equal(await all, true);
  });
});
