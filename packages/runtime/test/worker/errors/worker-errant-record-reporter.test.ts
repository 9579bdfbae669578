import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConnectException, SinkRecord, Schemas } from '@tsconnect/api';
import type { ErrorReporter } from '../../../src/worker/errors/error-reporter.js';
import type { ProcessingContext } from '../../../src/worker/errors/processing-context.js';
import { RetryWithToleranceOperator, type ToleranceType } from '../../../src/worker/errors/retry-with-tolerance-operator.js';
import { WorkerErrantRecordReporter } from '../../../src/worker/errors/worker-errant-record-reporter.js';
import type { ConsumedRecord } from '../../../src/worker/kafka-records.js';
import { textConverters } from '../test-support.js';

function setup(tolerance: ToleranceType) {
  const reported: ProcessingContext[] = [];
  const reporter: ErrorReporter = { report: (c) => { reported.push(c); return Promise.resolve(); }, close() {} };
  const operator = new RetryWithToleranceOperator({ retryTimeoutMs: 0, retryDelayMaxMs: 1, tolerance }, { reporters: [reporter] });
  return { reported, errant: new WorkerErrantRecordReporter(operator, textConverters()) };
}

const consumed: ConsumedRecord = {
  topic: 'in', partition: 1, offset: 9, key: Buffer.from('raw-key'), value: Buffer.from('raw-value'), headers: [], timestamp: 5, timestampType: 'CreateTime',
};
const record = () => new SinkRecord({ topic: 'in', kafkaPartition: 1, kafkaOffset: 9, keySchema: Schemas.STRING, key: 'k', valueSchema: Schemas.STRING, value: 'v' });

describe('WorkerErrantRecordReporter', () => {
  it('reports the original consumed bytes of a record the worker delivered, as a TASK_PUT failure of SinkTask', async () => {
    const { reported, errant } = setup('all');
    const r = record();
    errant.trackOriginal(r, consumed);
    await errant.report(r, new Error('row rejected'));
    assert.equal(reported[0]!.original, consumed);
    assert.equal(reported[0]!.stage, 'TASK_PUT');
    assert.equal(reported[0]!.executingClass, 'org.apache.kafka.connect.sink.SinkTask');
  });

  it('serialises a record the task built with the task converters', async () => {
    const { reported, errant } = setup('all');
    await errant.report(record(), new Error('x'));
    const original = reported[0]!.original as ConsumedRecord;
    assert.equal(Buffer.from(original.value!).toString(), 'v');
    assert.equal(original.offset, 9);
  });

  it('throws "Tolerance exceeded" from report itself with errors.tolerance=none, after reporting', () => {
    const { reported, errant } = setup('none');
    const r = record();
    errant.trackOriginal(r, consumed);
    assert.throws(() => errant.report(r, new Error('x')), (e: unknown) => e instanceof ConnectException && e.message ===
      "Tolerance exceeded in error handler. Executing stage 'TASK_PUT' with class 'org.apache.kafka.connect.sink.SinkTask', " +
        "where consumed record is {topic='in', partition=1, offset=9, timestamp=5, timestampType=CreateTime}.");
    assert.equal(reported.length, 1);
  });
});
