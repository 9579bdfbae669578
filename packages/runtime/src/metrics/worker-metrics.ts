/**
 * Kafka's `connect-worker-metrics` (start-up attempts of connectors and tasks, and the counts,
 * read from the worker at scrape time) and `connect-worker-rebalance-metrics` (recorded by the
 * herder at the start and end of each rebalance).
 */
import { SampledStat, type SampleWindow } from './sampled-stat.js';

class StartupCounts {
  attempts = 0;
  successes = 0;
  failures = 0;

  record(succeeded: boolean): void {
    this.attempts++;
    if (succeeded) this.successes++;
    else this.failures++;
  }

  /** Kafka's *-startup-success-percentage / -failure-percentage are ratios (0..1). */
  successRatio(): number {
    return this.attempts === 0 ? 0 : this.successes / this.attempts;
  }

  failureRatio(): number {
    return this.attempts === 0 ? 0 : this.failures / this.attempts;
  }
}

export class WorkerMetrics {
  readonly connectorStartup = new StartupCounts();
  readonly taskStartup = new StartupCounts();
}

export class WorkerRebalanceMetrics {
  completedRebalances = 0;
  rebalancing = false;
  epoch = -1;
  leaderName = '';
  /** Lost connectors and tasks the leader holds back until the scheduled rebalance (0 on other members). */
  lostConnectorsWaiting = 0;
  lostTasksWaiting = 0;
  readonly #time: SampledStat;
  #started = 0;
  #lastCompleted: number | null = null;
  /** When the delay of the last assignment ends (epoch ms), 0 when it had none. */
  #delayEnds = 0;

  constructor(window: SampleWindow) {
    this.#time = new SampledStat(window);
  }

  /** The herder's onJoinPrepare: this worker takes part in a rebalance. */
  rebalanceStarted(now = Date.now()): void {
    if (this.rebalancing) return;
    this.rebalancing = true;
    this.#started = now;
  }

  /** The herder's onAssigned once the assignment is in force, with its generation and leader. */
  rebalanceSucceeded(generation: number, leaderName: string, now = Date.now()): void {
    this.epoch = generation;
    this.leaderName = leaderName;
    if (this.rebalancing) this.#time.record(now - this.#started, now);
    this.rebalancing = false;
    this.completedRebalances++;
    this.#lastCompleted = now;
  }

  /** The delay (scheduled.rebalance.max.delay.ms or what remains of it) that an assignment carried. */
  delayScheduled(delayMs: number, lostConnectors: number, lostTasks: number, now = Date.now()): void {
    this.#delayEnds = delayMs > 0 ? now + delayMs : 0;
    this.lostConnectorsWaiting = lostConnectors;
    this.lostTasksWaiting = lostTasks;
  }

  scheduledRebalanceDelayRemainingMs(now = Date.now()): number {
    return Math.max(0, this.#delayEnds - now);
  }

  rebalanceAvgTimeMs(now = Date.now()): number {
    return this.#time.avg(now);
  }

  rebalanceMaxTimeMs(now = Date.now()): number {
    return this.#time.max(now);
  }

  /** Infinity before the first rebalance, as Kafka reports it. */
  timeSinceLastRebalanceMs(now = Date.now()): number {
    return this.#lastCompleted === null ? Number.POSITIVE_INFINITY : now - this.#lastCompleted;
  }
}
