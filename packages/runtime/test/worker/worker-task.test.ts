import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DataException } from '@tsconnect/api';
import { WorkerTask, type TaskTargetState } from '../../src/worker/worker-task.js';
import { RecordingStatusListener, quietLog } from './test-support.js';

/** A task whose loop sleeps until stopped, or throws `failWith` once running. */
class LoopTask extends WorkerTask {
  readonly calls: string[] = [];
  failWith: Error | null = null;
  hangOnStop = false;
  constructor(listener: RecordingStatusListener, initialState: TaskTargetState = 'STARTED') {
    super({ connector: 'c', task: 1 }, { statusListener: listener, initialState, log: quietLog });
  }
  protected async initializeAndStart(): Promise<void> {
    this.calls.push('start');
  }
  protected async execute(): Promise<void> {
    while (!this.isStopping) {
      if (this.failWith) throw this.failWith;
      if (!(await this.awaitUnpause())) break;
      await this.sleepInterruptibly(10);
    }
    if (this.hangOnStop) await new Promise(() => {});
  }
  protected async close(): Promise<void> {
    this.calls.push('close');
  }
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('WorkerTask', () => {
  it('reports startup, then shutdown after a stop, and closes once', async () => {
    const listener = new RecordingStatusListener();
    const task = new LoopTask(listener);
    const done = task.run();
    await tick();
    assert.equal(await task.stopAndAwait(5000), true);
    await done;
    assert.deepEqual(listener.events, [['startup'], ['shutdown']]);
    assert.deepEqual(task.calls, ['start', 'close']);
  });

  it('reports pause and resume as the target state changes', async () => {
    const listener = new RecordingStatusListener();
    const task = new LoopTask(listener);
    const done = task.run();
    await tick();
    task.pause();
    await tick();
    task.resume();
    await tick();
    task.stop();
    await done;
    assert.deepEqual(listener.events.map((e) => e[0]), ['startup', 'pause', 'resume', 'shutdown']);
  });

  it('a task created paused waits, without starting, until resumed', async () => {
    const listener = new RecordingStatusListener();
    const task = new LoopTask(listener, 'PAUSED');
    const done = task.run();
    await tick();
    assert.deepEqual(task.calls, []);
    assert.deepEqual(listener.events, [['pause']]);
    task.resume();
    await tick();
    task.stop();
    await done;
    assert.deepEqual(task.calls, ['start', 'close']);
    assert.deepEqual(listener.events.map((e) => e[0]), ['pause', 'startup', 'shutdown']);
  });

  it('fails with the Java class, message and stack of the error as trace', async () => {
    const listener = new RecordingStatusListener();
    const task = new LoopTask(listener);
    task.failWith = new DataException('bad data');
    await task.run();
    assert.equal(task.isFailed, true);
    const trace = listener.failure!;
    assert.match(trace, /^org\.apache\.kafka\.connect\.errors\.DataException: bad data\n\tat /);
    assert.deepEqual(listener.events.map((e) => e[0]), ['startup', 'failure']);
    assert.deepEqual(task.calls, ['start', 'close']);
  });

  it('a task that does not stop within the graceful timeout is cancelled and reports nothing more', async () => {
    const listener = new RecordingStatusListener();
    const task = new LoopTask(listener);
    task.hangOnStop = true;
    void task.run();
    await tick();
    assert.equal(await task.stopAndAwait(50), false);
    assert.equal(task.isCancelled, true);
    assert.deepEqual(listener.events, [['startup']]);
  });
});
