/**
 * The measurements of one task, recorded by the task as it runs and read when /metrics is
 * scraped: Kafka's `connector-task-metrics` (status, running/pause ratio, offset commits, batch
 * sizes), `sink-task-metrics` or `source-task-metrics`, and `task-error-metrics` (the task's
 * ErrorHandlingMetrics). Recording is a few additions; everything else happens at scrape time.
 */
import type { ErrorHandlingMetrics } from '../worker/errors/error-handling-metrics.js';
import { SampledStat, type SampleWindow } from './sampled-stat.js';

/** Kafka's AbstractStatus.State, lower-case as its `status` metric reports it. */
export type TaskMetricState = 'unassigned' | 'running' | 'paused' | 'failed' | 'destroyed' | 'restarting';

/** A total since the task started plus its windowed rate (Kafka's CumulativeSum + Rate). */
class CountAndRate {
  total = 0;
  readonly #rate: SampledStat;

  constructor(window: SampleWindow) {
    this.#rate = new SampledStat(window);
  }

  record(count: number, now: number): void {
    this.total += count;
    this.#rate.record(count, now);
  }

  rate(now: number): number {
    return this.#rate.rate(now);
  }
}

/** A level that goes up and down, with its windowed max and average (Kafka's Value + Max + Avg). */
class ActiveCount {
  current = 0;
  readonly stat: SampledStat;

  constructor(window: SampleWindow) {
    this.stat = new SampledStat(window);
  }

  record(count: number, now: number): void {
    this.current = count;
    this.stat.record(count, now);
  }
}

export class TaskMetrics {
  state: TaskMetricState = 'unassigned';
  readonly offsetCommitTime: SampledStat;
  /** 1 per successful commit, 0 per failed one: the average is the success ratio. */
  readonly offsetCommitOutcome: SampledStat;
  readonly batchSize: SampledStat;
  errors: ErrorHandlingMetrics | null = null;
  readonly #createdAt: number;
  #stateSince: number;
  readonly #timeIn = new Map<TaskMetricState, number>();

  constructor(
    readonly connector: string,
    readonly task: number,
    protected readonly window: SampleWindow,
    now = Date.now(),
  ) {
    this.offsetCommitTime = new SampledStat(window);
    this.offsetCommitOutcome = new SampledStat(window);
    this.batchSize = new SampledStat(window);
    this.#createdAt = now;
    this.#stateSince = now;
  }

  recordState(state: TaskMetricState, now = Date.now()): void {
    this.#timeIn.set(this.state, (this.#timeIn.get(this.state) ?? 0) + now - this.#stateSince);
    this.state = state;
    this.#stateSince = now;
  }

  /** The share of the task's life spent in `state` (Kafka's running-ratio and pause-ratio). */
  ratio(state: TaskMetricState, now = Date.now()): number {
    const lifetime = now - this.#createdAt;
    if (lifetime <= 0) return 0;
    const current = this.state === state ? now - this.#stateSince : 0;
    return ((this.#timeIn.get(state) ?? 0) + current) / lifetime;
  }

  recordOffsetCommit(durationMs: number, succeeded: boolean, now = Date.now()): void {
    this.offsetCommitOutcome.record(succeeded ? 1 : 0, now);
    if (succeeded) this.offsetCommitTime.record(durationMs, now);
  }

  recordBatch(size: number, now = Date.now()): void {
    this.batchSize.record(size, now);
  }
}

export class SinkTaskMetrics extends TaskMetrics {
  readonly kind = 'sink' as const;
  readonly recordsRead = new CountAndRate(this.window);
  readonly recordsSent = new CountAndRate(this.window);
  readonly offsetCommitCompletions = new CountAndRate(this.window);
  readonly offsetCommitSkips = new CountAndRate(this.window);
  readonly putBatchTime = new SampledStat(this.window);
  readonly activeCount = new ActiveCount(this.window);
  partitionCount = 0;
  offsetCommitSeqNo = 0;

  /** A batch read from Kafka: `read` records consumed, `sent` of them left the transformations. */
  recordRead(read: number, now = Date.now()): void {
    this.recordsRead.record(read, now);
  }

  recordPut(sent: number, durationMs: number, now = Date.now()): void {
    this.recordsSent.record(sent, now);
    this.putBatchTime.record(durationMs, now);
    this.recordBatch(sent, now);
  }
}

export class SourceTaskMetrics extends TaskMetrics {
  readonly kind = 'source' as const;
  readonly recordsPolled = new CountAndRate(this.window);
  readonly recordsWritten = new CountAndRate(this.window);
  readonly pollBatchTime = new SampledStat(this.window);
  readonly activeCount = new ActiveCount(this.window);

  recordPoll(size: number, durationMs: number, now = Date.now()): void {
    this.recordsPolled.record(size, now);
    this.pollBatchTime.record(durationMs, now);
    this.recordBatch(size, now);
  }

  /** Records acknowledged by Kafka (or dropped by a transform, as Kafka counts them written). */
  recordWrite(count: number, now = Date.now()): void {
    this.recordsWritten.record(count, now);
  }
}

export type AnyTaskMetrics = SinkTaskMetrics | SourceTaskMetrics;
