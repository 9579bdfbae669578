/**
 * A statistic over a sliding time window, as Kafka's SampledStat: `metrics.num.samples` samples
 * of `metrics.sample.window.ms` each (defaults 2 x 30 s); older samples no longer count. Gives
 * Kafka's Avg, Max and Rate (per second) of what was recorded in the window. With nothing
 * recorded in the window, avg and max are NaN, as in Kafka.
 */
export interface SampleWindow {
  readonly windowMs: number;
  readonly numSamples: number;
}

export const DEFAULT_SAMPLE_WINDOW: SampleWindow = { windowMs: 30_000, numSamples: 2 };

interface Sample {
  start: number;
  sum: number;
  count: number;
  max: number;
}

export class SampledStat {
  readonly #samples: Sample[] = [];

  readonly #window: SampleWindow;

  constructor(window: SampleWindow = DEFAULT_SAMPLE_WINDOW) {
    this.#window = window;
  }

  record(value: number, now = Date.now()): void {
    let current = this.#samples[this.#samples.length - 1];
    if (current === undefined || now - current.start >= this.#window.windowMs) {
      current = { start: now, sum: 0, count: 0, max: Number.NEGATIVE_INFINITY };
      this.#samples.push(current);
      if (this.#samples.length > this.#window.numSamples) this.#samples.shift();
    }
    current.sum += value;
    current.count++;
    if (value > current.max) current.max = value;
  }

  avg(now = Date.now()): number {
    let sum = 0;
    let count = 0;
    for (const s of this.#live(now)) {
      sum += s.sum;
      count += s.count;
    }
    return count === 0 ? Number.NaN : sum / count;
  }

  max(now = Date.now()): number {
    let max = Number.NEGATIVE_INFINITY;
    let count = 0;
    for (const s of this.#live(now)) {
      count += s.count;
      if (s.max > max) max = s.max;
    }
    return count === 0 ? Number.NaN : max;
  }

  /** The sum recorded in the window per second; the window counts as at least (n-1) windows long. */
  rate(now = Date.now()): number {
    const live = this.#live(now);
    const oldest = live[0]?.start ?? now;
    const minimum = (this.#window.numSamples - 1) * this.#window.windowMs;
    const elapsed = Math.max(now - oldest, minimum, 1);
    return (live.reduce((total, s) => total + s.sum, 0) * 1000) / elapsed;
  }

  #live(now: number): Sample[] {
    const horizon = now - this.#window.numSamples * this.#window.windowMs;
    return this.#samples.filter((s) => s.start > horizon);
  }
}
