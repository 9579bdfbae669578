import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SampledStat } from '../../src/metrics/sampled-stat.js';

describe('SampledStat', () => {
  const window = { windowMs: 1000, numSamples: 2 };

  it('averages and maxes what was recorded within the window, NaN with nothing recorded', () => {
    const stat = new SampledStat(window);
    assert.ok(Number.isNaN(stat.avg(0)));
    assert.ok(Number.isNaN(stat.max(0)));
    stat.record(10, 0);
    stat.record(30, 500);
    stat.record(20, 1200);
    assert.equal(stat.avg(1500), 20);
    assert.equal(stat.max(1500), 30);
  });

  it('forgets samples older than numSamples windows', () => {
    const stat = new SampledStat(window);
    stat.record(100, 0);
    stat.record(1, 1500);
    stat.record(3, 2600);
    assert.equal(stat.max(2700), 3);
    assert.equal(stat.avg(2700), 2);
    assert.ok(Number.isNaN(stat.avg(10_000)));
  });

  it('gives the rate per second over the live samples, at least (n-1) windows long', () => {
    const stat = new SampledStat(window);
    stat.record(50, 0);
    stat.record(50, 100);
    // 100 over the minimum elapsed time of one window: 100 per second.
    assert.equal(stat.rate(200), 100);
    // 100 over 1.6 s.
    assert.equal(stat.rate(1600), 62.5);
  });
});
