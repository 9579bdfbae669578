import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConnectException, DataException, RetriableException } from '@tsconnect/api';
import type { ErrorReporter } from '../../../src/worker/errors/error-reporter.js';
import type { ConsumedRecord } from '../../../src/worker/kafka-records.js';
import { ProcessingContext } from '../../../src/worker/errors/processing-context.js';
import {
  RetryWithToleranceOperator,
  type RetryWithToleranceOptions,
} from '../../../src/worker/errors/retry-with-tolerance-operator.js';
import { Stage } from '../../../src/worker/errors/stage.js';
import { FakeClock } from '../fake-clock.js';

const consumed: ConsumedRecord = {
  topic: 't', partition: 0, offset: 7, key: null, value: new Uint8Array([1]), headers: [], timestamp: 5, timestampType: 'CreateTime',
};

class RecordingReporter implements ErrorReporter {
  readonly reported: { stage: string | null; error: Error | null; executingClass: string | null }[] = [];
  report(context: ProcessingContext): Promise<void> {
    this.reported.push({ stage: context.stage, error: context.error, executingClass: context.executingClass });
    return Promise.resolve();
  }
  close(): void {}
}

function operator(options: Partial<RetryWithToleranceOptions>, clock = new FakeClock()) {
  const reporter = new RecordingReporter();
  const op = new RetryWithToleranceOperator(
    { retryTimeoutMs: 0, retryDelayMaxMs: 60_000, tolerance: 'none', ...options },
    { reporters: [reporter], clock, random: () => 0.5 },
  );
  return { op, reporter, clock };
}

/** An operation failing `failures` times with a RetriableException, then returning 'ok'. */
function flaky(failures: number, clock?: FakeClock, costMs = 0) {
  let calls = 0;
  const operation = () => {
    calls++;
    clock?.advance(costMs);
    if (calls <= failures) throw new RetriableException(`attempt ${calls}`);
    return 'ok';
  };
  return { operation, calls: () => calls };
}

describe('RetryWithToleranceOperator', () => {
  it('returns the result of a successful operation without reporting', async () => {
    const { op, reporter } = operator({});
    const context = new ProcessingContext(consumed);
    assert.equal(await op.execute(context, () => 42, Stage.VALUE_CONVERTER, 'C'), 42);
    assert.equal(context.failed, false);
    assert.deepEqual(reporter.reported, []);
    assert.equal(op.metrics.recordFailures, 0);
  });

  it('retries a retriable error with exponential back-off and succeeds', async () => {
    const { op, clock } = operator({ retryTimeoutMs: 60_000, tolerance: 'none' });
    const { operation, calls } = flaky(3);
    const context = new ProcessingContext(consumed);
    assert.equal(await op.execute(context, operation, Stage.TASK_PUT, 'SinkTask'), 'ok');
    assert.equal(calls(), 4);
    assert.deepEqual(clock.sleeps, [300, 600, 1200]);
    assert.equal(context.attempt, 4);
    assert.equal(op.metrics.retries, 3);
    assert.equal(op.metrics.recordFailures, 3);
    assert.equal(op.metrics.recordErrors, 0);
  });

  it('runs an operation given with its arguments: synchronously when it succeeds at once, retried with the same arguments', async () => {
    const { op, clock } = operator({ retryTimeoutMs: 60_000, tolerance: 'none' });
    const seen: unknown[][] = [];
    let calls = 0;
    const join = (a: string, b: number, c: boolean): string => {
      seen.push([a, b, c]);
      if (++calls <= 2) throw new RetriableException(`attempt ${calls}`);
      return `${a}${b}${c}`;
    };
    const context = new ProcessingContext(consumed);
    const result = op.runWith(context, join, 'x', 1, true, Stage.KEY_CONVERTER, 'K');
    assert.ok(result instanceof Promise, 'a failed first attempt continues asynchronously');
    assert.equal(await result, 'x1true');
    assert.deepEqual(seen, [['x', 1, true], ['x', 1, true], ['x', 1, true]]);
    assert.deepEqual(clock.sleeps, [300, 600]);
    assert.deepEqual([context.stage, context.executingClass, context.attempt], [Stage.KEY_CONVERTER, 'K', 3]);
    assert.equal(op.runWith(new ProcessingContext(consumed), (a: number, b: number, c: number) => a + b + c, 1, 2, 3, Stage.VALUE_CONVERTER, 'V'), 6);
  });

  it('uses a random delay below errors.retry.delay.max.ms once the exponential delay passes it', async () => {
    const { op, clock } = operator({ retryTimeoutMs: 100_000, retryDelayMaxMs: 1000 });
    const { operation } = flaky(4);
    assert.equal(await op.execute(new ProcessingContext(consumed), operation, Stage.TASK_PUT, 'X'), 'ok');
    // 300, 600, then 1200 and 2400 exceed 1000: random 0.5 * 1000
    assert.deepEqual(clock.sleeps, [300, 600, 500, 500]);
  });

  it('never sleeps past errors.retry.timeout and fails once it is over (tolerance none)', async () => {
    const clock = new FakeClock();
    const { op, reporter } = operator({ retryTimeoutMs: 1000 }, clock);
    const { operation, calls } = flaky(100, clock);
    const context = new ProcessingContext(consumed);
    await assert.rejects(op.execute(context, operation, Stage.KEY_CONVERTER, 'KC'), (e: unknown) => {
      assert.ok(e instanceof ConnectException);
      assert.equal(e.message, "Tolerance exceeded in error handler. Executing stage 'KEY_CONVERTER' with class 'KC', " +
        "where consumed record is {topic='t', partition=0, offset=7, timestamp=5, timestampType=CreateTime}.");
      assert.ok(e.cause instanceof RetriableException);
      return true;
    });
    // 300 + 600 = 900, then only 100 left before the deadline
    assert.deepEqual(clock.sleeps, [300, 600, 100]);
    assert.equal(calls(), 4);
    assert.equal(reporter.reported.length, 1, 'reported even though the task fails');
    assert.equal(reporter.reported[0]!.stage, 'KEY_CONVERTER');
    assert.equal(op.metrics.recordErrors, 1);
    assert.equal(op.metrics.lastErrorTimestamp, clock.now());
  });

  it('with the default timeout of 0, a retriable error is not retried and fails the record', async () => {
    const { op, clock } = operator({ retryTimeoutMs: 0 });
    const { operation, calls } = flaky(1);
    await assert.rejects(op.execute(new ProcessingContext(consumed), operation, Stage.TRANSFORMATION, 'T'), /Tolerance exceeded/);
    assert.equal(calls(), 1);
    assert.deepEqual(clock.sleeps, []);
  });

  it('with tolerance all, exhausted retries skip the record', async () => {
    const clock = new FakeClock();
    const { op, reporter } = operator({ retryTimeoutMs: 500, tolerance: 'all' }, clock);
    const context = new ProcessingContext(consumed);
    const { operation } = flaky(100, clock, 10);
    assert.equal(await op.execute(context, operation, Stage.TASK_PUT, 'X'), null);
    assert.equal(context.failed, true);
    assert.equal(reporter.reported.length, 1);
    assert.equal(op.metrics.recordsSkipped, 1);
    assert.equal(op.withinToleranceLimits(), true);
  });

  it('retries forever with errors.retry.timeout=-1', async () => {
    const clock = new FakeClock();
    const { op } = operator({ retryTimeoutMs: -1, retryDelayMaxMs: 2000 }, clock);
    const { operation, calls } = flaky(20, clock);
    assert.equal(await op.execute(new ProcessingContext(consumed), operation, Stage.TASK_PUT, 'X'), 'ok');
    assert.equal(calls(), 21);
  });

  it('tolerance none: a converter error fails the task; tolerance all: the record is skipped', async () => {
    const none = operator({ tolerance: 'none' });
    await assert.rejects(
      none.op.execute(new ProcessingContext(consumed), () => { throw new DataException('bad json'); }, Stage.VALUE_CONVERTER, 'JC'),
      (e: unknown) => e instanceof ConnectException && e.message.startsWith('Tolerance exceeded in error handler. ') && e.cause instanceof DataException,
    );
    assert.equal(none.op.withinToleranceLimits(), false);

    const all = operator({ tolerance: 'all' });
    const context = new ProcessingContext(consumed);
    assert.equal(await all.op.execute(context, () => { throw new DataException('bad json'); }, Stage.VALUE_CONVERTER, 'JC'), null);
    assert.ok(context.error instanceof DataException);
    assert.deepEqual(all.reporter.reported.map((r) => [r.stage, r.executingClass]), [['VALUE_CONVERTER', 'JC']]);
    assert.equal(all.op.metrics.recordsSkipped, 1);
    assert.equal(all.op.metrics.recordErrors, 1);
    assert.equal(all.op.metrics.recordFailures, 1);
  });

  it('does not tolerate a non-retriable error outside converters and transformations, even with tolerance all', async () => {
    const { op } = operator({ tolerance: 'all' });
    await assert.rejects(
      op.execute(new ProcessingContext(consumed), () => { throw new Error('boom'); }, Stage.TASK_POLL, 'T'),
      (e: unknown) => e instanceof ConnectException && e.message.startsWith("Unhandled exception in error handler. Executing stage 'TASK_POLL' with class 'T', where consumed record is {topic='t'"),
    );
  });

  it('skips later stages of a record that already failed', async () => {
    const { op, reporter } = operator({ tolerance: 'all' });
    const context = new ProcessingContext(consumed);
    await op.execute(context, () => { throw new DataException('key'); }, Stage.KEY_CONVERTER, 'K');
    let ran = false;
    assert.equal(await op.execute(context, () => { ran = true; return 1; }, Stage.VALUE_CONVERTER, 'V'), null);
    assert.equal(ran, false);
    assert.equal(reporter.reported.length, 1);
  });

  it('awaits asynchronous operations and retries their rejections', async () => {
    const { op } = operator({ retryTimeoutMs: 10_000 });
    let calls = 0;
    const result = await op.execute(new ProcessingContext(consumed), async () => {
      calls++;
      if (calls === 1) throw new RetriableException('later');
      return 'done';
    }, Stage.KEY_CONVERTER, 'K');
    assert.equal(result, 'done');
  });

  it('a stop request fails a retrying operation instead of retrying again', async () => {
    const clock = new FakeClock();
    const { op } = operator({ retryTimeoutMs: -1, tolerance: 'all' }, clock);
    let calls = 0;
    const context = new ProcessingContext(consumed);
    const result = await op.execute(context, () => {
      calls++;
      if (calls === 2) op.triggerStop();
      throw new RetriableException('down');
    }, Stage.TASK_PUT, 'X');
    assert.equal(result, null);
    assert.equal(calls, 2);
    assert.equal(context.failed, true);
  });

  it('executeFailed reports, then throws when not within tolerance', async () => {
    const none = operator({ tolerance: 'none' });
    assert.throws(
      () => none.op.executeFailed(new ProcessingContext(consumed), Stage.TASK_PUT, 'SinkTask', new Error('x')),
      /Tolerance exceeded in error handler/,
    );
    assert.equal(none.reporter.reported.length, 1);
    const all = operator({ tolerance: 'all' });
    await all.op.executeFailed(new ProcessingContext(consumed), Stage.TASK_PUT, 'SinkTask', new Error('x'));
    assert.equal(all.reporter.reported[0]!.stage, 'TASK_PUT');
  });
});

describe('RetryWithToleranceOperator.run', () => {
  it('returns the value of an operation answering synchronously without a promise', () => {
    const { op, reporter } = operator({});
    const context = new ProcessingContext(consumed);
    const result = op.run(context, () => 42, Stage.VALUE_CONVERTER, 'C');
    assert.equal(result, 42);
    assert.equal(context.stage, 'VALUE_CONVERTER');
    assert.equal(context.executingClass, 'C');
    assert.equal(context.attempt, 1);
    assert.deepEqual(reporter.reported, []);
  });

  it('returns null synchronously, without running the operation, for a record that already failed', async () => {
    const { op } = operator({ tolerance: 'all' });
    const context = new ProcessingContext(consumed);
    await op.run(context, () => { throw new DataException('key'); }, Stage.KEY_CONVERTER, 'K');
    let ran = false;
    assert.equal(op.run(context, () => { ran = true; return 1; }, Stage.VALUE_CONVERTER, 'V'), null);
    assert.equal(ran, false);
    assert.equal(context.stage, 'VALUE_CONVERTER');
  });

  it('retries a synchronous retriable throw, calling the operation once per attempt', async () => {
    const { op, clock } = operator({ retryTimeoutMs: 60_000 });
    const { operation, calls } = flaky(2);
    const result = op.run(new ProcessingContext(consumed), operation, Stage.TRANSFORMATION, 'T');
    assert.ok(result instanceof Promise);
    assert.equal(await result, 'ok');
    assert.equal(calls(), 3);
    assert.deepEqual(clock.sleeps, [300, 600]);
    assert.equal(op.metrics.retries, 2);
    assert.equal(op.metrics.recordFailures, 2);
  });

  it('reads the clock per operation only when errors.retry.timeout allows retries', async () => {
    let reads = 0;
    class CountingClock extends FakeClock {
      override now(): number {
        reads++;
        return super.now();
      }
    }
    const { op } = operator({ retryTimeoutMs: 0 }, new CountingClock());
    assert.equal(op.run(new ProcessingContext(consumed), () => 1, Stage.KEY_CONVERTER, 'K'), 1);
    assert.equal(reads, 0);
    const { op: retrying } = operator({ retryTimeoutMs: 1000 }, new CountingClock());
    assert.equal(retrying.run(new ProcessingContext(consumed), () => 1, Stage.KEY_CONVERTER, 'K'), 1);
    assert.equal(reads, 1);
  });

  it('counts errors.retry.timeout from the first attempt', async () => {
    const clock = new FakeClock();
    const { op } = operator({ retryTimeoutMs: 1000, tolerance: 'all' }, clock);
    const { operation, calls } = flaky(100, clock, 950);
    const context = new ProcessingContext(consumed);
    assert.equal(await op.run(context, operation, Stage.KEY_CONVERTER, 'K'), null);
    // The first attempt took 950 ms: only 50 ms were left to wait before the second, the last.
    assert.deepEqual(clock.sleeps, [50]);
    assert.equal(calls(), 2);
  });

  it('with tolerance all, a synchronous throw skips the record and reports it', async () => {
    const { op, reporter } = operator({ tolerance: 'all' });
    const context = new ProcessingContext(consumed);
    assert.equal(await op.run(context, () => { throw new DataException('bad json'); }, Stage.VALUE_CONVERTER, 'JC'), null);
    assert.ok(context.error instanceof DataException);
    assert.deepEqual(reporter.reported.map((r) => [r.stage, r.executingClass, r.error?.message]), [['VALUE_CONVERTER', 'JC', 'bad json']]);
    assert.equal(op.metrics.recordsSkipped, 1);
    assert.equal(op.metrics.recordErrors, 1);
    assert.equal(op.metrics.recordFailures, 1);
  });

  it('with tolerance none, a synchronous throw rejects instead of throwing', async () => {
    const { op, reporter } = operator({ tolerance: 'none' });
    let result: unknown;
    assert.doesNotThrow(() => {
      result = op.run(new ProcessingContext(consumed), () => { throw new DataException('bad'); }, Stage.VALUE_CONVERTER, 'JC');
    });
    await assert.rejects(result as Promise<unknown>, /Tolerance exceeded in error handler/);
    assert.equal(reporter.reported.length, 1);
  });

  it('handles an operation returning a promise as execute does', async () => {
    const { op, reporter } = operator({ retryTimeoutMs: 10_000, tolerance: 'all' });
    let calls = 0;
    const retried = op.run(new ProcessingContext(consumed), async () => {
      calls++;
      if (calls === 1) throw new RetriableException('later');
      return 'done';
    }, Stage.KEY_CONVERTER, 'K');
    assert.ok(retried instanceof Promise);
    assert.equal(await retried, 'done');
    assert.equal(calls, 2);

    const context = new ProcessingContext(consumed);
    assert.equal(await op.run(context, () => Promise.reject(new DataException('async bad')), Stage.VALUE_CONVERTER, 'V'), null);
    assert.equal(context.failed, true);
    assert.deepEqual(reporter.reported.map((r) => [r.stage, r.error?.message]), [['VALUE_CONVERTER', 'async bad']]);
  });
});
