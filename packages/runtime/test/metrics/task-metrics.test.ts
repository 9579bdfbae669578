import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SinkTaskMetrics } from '../../src/metrics/task-metrics.js';

describe('TaskMetrics', () => {
  const window = { windowMs: 30_000, numSamples: 2 };

  it('gives the share of its life a task spent running and paused', () => {
    const task = new SinkTaskMetrics('c', 0, window, 0);
    task.recordState('running', 100);
    task.recordState('paused', 700);
    task.recordState('running', 900);
    assert.equal(task.ratio('running', 1000), 0.7);
    assert.equal(task.ratio('paused', 1000), 0.2);
  });

  it('counts offset commit outcomes and times only successful commits', () => {
    const task = new SinkTaskMetrics('c', 0, window, 0);
    task.recordOffsetCommit(10, true, 1);
    task.recordOffsetCommit(30, true, 2);
    task.recordOffsetCommit(500, false, 3);
    task.recordOffsetCommit(20, true, 4);
    assert.equal(task.offsetCommitOutcome.avg(5), 0.75);
    assert.equal(task.offsetCommitTime.max(5), 30);
    assert.equal(task.offsetCommitTime.avg(5), 20);
  });
});
