import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConnectorHarness, SinkTaskHarness } from '@tsconnect/testkit';
import { LogSinkConnector } from '../src/log-sink-connector.js';
import { LogSinkTask } from '../src/log-sink-task.js';

class CapturingLogSinkTask extends LogSinkTask {
  readonly lines: string[] = [];
  protected override write(line: string): void {
    this.lines.push(line);
  }
}

describe('LogSinkConnector', () => {
  it('gives every task the connector config', async () => {
    const harness = new ConnectorHarness(new LogSinkConnector());
    await harness.start({ topics: 'a', 'log.prefix': 'P' });
    assert.deepEqual(await harness.taskConfigs(2), [
      { topics: 'a', 'log.prefix': 'P' },
      { topics: 'a', 'log.prefix': 'P' },
    ]);
  });

  it('logs one line per record, and commits what it consumed', async () => {
    const task = new SinkTaskHarness(new CapturingLogSinkTask());
    await task.start({ 'log.prefix': 'seen' });
    await task.putValues('numbers', [1n, { n: 2 }, null]);
    assert.deepEqual(task.task.lines, ['seen numbers-0@0: "1"', 'seen numbers-0@1: {"n":2}', 'seen numbers-0@2: null']);
    await task.commit();
    assert.equal(task.committedOffset('numbers'), 3);
    await task.stop();
  });
});
