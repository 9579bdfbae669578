import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RetriableException, Schemas, SinkRecord, type ErrantRecordReporter } from '@tsconnect/api';
import { DatabaseError } from '../../src/connection/database-error.js';
import { SQL_STATE_HEADER, VENDOR_CODE_HEADER, writeIsolatingFailures } from '../../src/sink/errant-records.js';
import { SinkWriteException } from '../../src/sink/sink-write-exception.js';

const records = Array.from({ length: 10 }, (_v, i) => new SinkRecord({
  topic: 't', kafkaPartition: 0, kafkaOffset: i, valueSchema: Schemas.INT32, value: i,
}));

describe('writeIsolatingFailures', () => {
  it('writes the good records in order and reports each bad one with its SQLSTATE', async () => {
    const written: number[] = [];
    const reported: SinkRecord[] = [];
    const reporter: ErrantRecordReporter = { report: async (record) => { reported.push(record); } };
    let writes = 0;
    await writeIsolatingFailures(records, async (batch) => {
      writes++;
      if (batch.some((r) => r.value === 3 || r.value === 7)) throw new DatabaseError('check violated', '23514', '23514', false);
      written.push(...batch.map((r) => r.value as number));
    }, reporter);
    assert.deepEqual(written, [0, 1, 2, 4, 5, 6, 8, 9]);
    assert.deepEqual(reported.map((r) => r.value), [3, 7]);
    assert.equal(reported[0]!.headers.lastWithName(SQL_STATE_HEADER)?.value, '23514');
    assert.equal(reported[0]!.headers.lastWithName(VENDOR_CODE_HEADER)?.value, '23514');
    assert.ok(writes < records.length * 2, `${writes} writes`);
  });

  it('starts from the first row the driver named, halves the named run, and reports a row only when it fails alone', async () => {
    const batches: number[][] = [];
    const reported: SinkRecord[] = [];
    const reporter: ErrantRecordReporter = { report: async (record) => { reported.push(record); } };
    // as psqlODBC does: every row of the chunk holding the bad one (6) is named
    await writeIsolatingFailures(records, async (batch) => {
      batches.push(batch.map((r) => r.value as number));
      if (batch.some((r) => r.value === 6)) {
        const named = batch.filter((r) => (r.value as number) >= 4 && (r.value as number) <= 7);
        throw new SinkWriteException('t', batch, new DatabaseError('check violated', '23514', null, false), named);
      }
    }, reporter);
    assert.deepEqual(reported.map((r) => r.value), [6]);
    assert.deepEqual(batches, [
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [0, 1, 2, 3], [4, 5, 6, 7, 8, 9], [4, 5], [6, 7, 8, 9], [6], [7, 8, 9],
    ]);
  });

  it('finds a bad row in a large named chunk in logarithmically many writes', async () => {
    const many = Array.from({ length: 3000 }, (_v, i) => new SinkRecord({
      topic: 't', kafkaPartition: 0, kafkaOffset: i, valueSchema: Schemas.INT32, value: i,
    }));
    const reported: SinkRecord[] = [];
    const reporter: ErrantRecordReporter = { report: async (record) => { reported.push(record); } };
    let writes = 0;
    // chunks of 1000 rows from the start of each write, as psqlODBC with BatchSize=1000 names them
    await writeIsolatingFailures(many, async (batch) => {
      writes++;
      const bad = batch.findIndex((r) => r.value === 1537);
      if (bad >= 0) {
        const start = bad - (bad % 1000);
        throw new SinkWriteException('t', batch, new DatabaseError('check violated', '23514', null, false), batch.slice(start, start + 1000));
      }
    }, reporter);
    assert.deepEqual(reported.map((r) => r.value), [1537]);
    // halving: about 2·log2(1000) = 20 writes and a few around them; row by row it took over 500
    assert.ok(writes <= 30, `${writes} writes`);
  });

  it('never reports retriable failures: they propagate for the batch to be retried', async () => {
    const reporter: ErrantRecordReporter = { report: async () => assert.fail('reported') };
    await assert.rejects(writeIsolatingFailures(records, async () => {
      throw new RetriableException('connection lost');
    }, reporter), RetriableException);
  });
});
