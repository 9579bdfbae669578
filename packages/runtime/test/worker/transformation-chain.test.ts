import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ConfigDef,
  ConnectException,
  DataException,
  SourceRecord,
  type Predicate,
  type Transformation,
} from '@tsconnect/api';
import { ProcessingContext } from '../../src/worker/errors/processing-context.js';
import type { ErrorReporter } from '../../src/worker/errors/error-reporter.js';
import { RetryWithToleranceOperator, type ToleranceType } from '../../src/worker/errors/retry-with-tolerance-operator.js';
import { TransformationChain, type TransformationStage } from '../../src/worker/transformation-chain.js';

function transform(apply: (r: SourceRecord) => SourceRecord | null): Transformation<SourceRecord> {
  return { configure() {}, apply, config: () => new ConfigDef(), close() {} };
}

const topicIs = (topic: string): Predicate<SourceRecord> => ({
  configure() {}, test: (r) => r.topic === topic, config: () => new ConfigDef(), close() {},
});

const appendTopic = (suffix: string) => transform((r) => r.newRecord({ topic: r.topic + suffix }));

function chain(stages: TransformationStage<SourceRecord>[], tolerance: ToleranceType = 'none') {
  const reported: string[] = [];
  const reporter: ErrorReporter = {
    report: (context) => { reported.push(`${context.stage}:${context.executingClass}:${context.error?.message}`); return Promise.resolve(); },
    close() {},
  };
  const operator = new RetryWithToleranceOperator({ retryTimeoutMs: 0, retryDelayMaxMs: 60_000, tolerance }, { reporters: [reporter] });
  return { chain: new TransformationChain(stages, operator), reported };
}

const record = new SourceRecord({ topic: 'a', value: 'v' });
const run = async (c: TransformationChain<SourceRecord>, r = record) => c.apply(new ProcessingContext(r), r);

describe('TransformationChain', () => {
  it('applies the stages in order', async () => {
    const { chain: c } = chain([
      { alias: 'x', className: 'X', transformation: appendTopic('-x') },
      { alias: 'y', className: 'Y', transformation: appendTopic('-y') },
    ]);
    assert.equal((await run(c))?.topic, 'a-x-y');
  });

  it('runs a stage only when negate XOR predicate holds', async () => {
    const stages = (negate: boolean): TransformationStage<SourceRecord>[] => [
      { alias: 'x', className: 'X', transformation: appendTopic('-x'), predicate: topicIs('a'), negate },
    ];
    assert.equal((await run(chain(stages(false)).chain))?.topic, 'a-x');
    assert.equal((await run(chain(stages(true)).chain))?.topic, 'a');
    assert.equal((await run(chain(stages(false)).chain, new SourceRecord({ topic: 'b' })))?.topic, 'b');
    assert.equal((await run(chain(stages(true)).chain, new SourceRecord({ topic: 'b' })))?.topic, 'b-x');
  });

  it('drops the record when a stage returns null and skips the later stages', async () => {
    let laterRan = false;
    const { chain: c } = chain([
      { alias: 'filter', className: 'org.apache.kafka.connect.transforms.Filter', transformation: transform(() => null) },
      { alias: 'y', className: 'Y', transformation: transform((r) => { laterRan = true; return r; }) },
    ]);
    assert.equal(await run(c), null);
    assert.equal(laterRan, false);
  });

  it('reports a failing stage with its class; tolerance all drops the record, none fails', async () => {
    const failing: TransformationStage<SourceRecord>[] = [
      { alias: 'cast', className: 'org.apache.kafka.connect.transforms.Cast$Value', transformation: transform(() => { throw new DataException('no cast'); }) },
    ];
    const all = chain(failing, 'all');
    const context = new ProcessingContext(record);
    assert.equal(await all.chain.apply(context, record), null);
    assert.equal(context.failed, true);
    assert.deepEqual(all.reported, ['TRANSFORMATION:org.apache.kafka.connect.transforms.Cast$Value:no cast']);

    const none = chain(failing, 'none');
    // The task's trace names the stage and the source record, without its value.
    await assert.rejects(run(none.chain), (e: unknown) => e instanceof ConnectException && e.message ===
      "Tolerance exceeded in error handler. Executing stage 'TRANSFORMATION' with class 'org.apache.kafka.connect.transforms.Cast$Value', " +
        "where source record is {topic='a', kafkaPartition=null, sourcePartition=null, sourceOffset=null, timestamp=null}.");
    assert.equal(none.reported.length, 1);
  });

  it('answers synchronously when every stage does', () => {
    const { chain: c } = chain([
      { alias: 'x', className: 'X', transformation: appendTopic('-x') },
      { alias: 'y', className: 'Y', transformation: appendTopic('-y') },
    ]);
    const result = c.apply(new ProcessingContext(record), record);
    assert.ok(!(result instanceof Promise));
    assert.equal(result?.topic, 'a-x-y');
    const empty = chain([]).chain;
    assert.equal(empty.apply(new ProcessingContext(record), record), record);
  });

  it('goes on with the later stages once a stage answers with a promise', async () => {
    const asyncStage = { configure() {}, apply: async (r: SourceRecord) => r.newRecord({ topic: r.topic + '-async' }), config: () => new ConfigDef(), close() {} };
    const { chain: c } = chain([
      { alias: 'x', className: 'X', transformation: asyncStage as unknown as Transformation<SourceRecord> },
      { alias: 'y', className: 'Y', transformation: appendTopic('-y') },
    ]);
    const result = c.apply(new ProcessingContext(record), record);
    assert.ok(result instanceof Promise);
    assert.equal((await result)?.topic, 'a-async-y');
  });
});

