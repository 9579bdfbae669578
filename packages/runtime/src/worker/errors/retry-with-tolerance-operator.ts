/**
 * Runs one pipeline step for one record with Kafka Connect's error handling (KIP-298): retriable
 * errors are retried with exponential back-off until `errors.retry.timeout`, other errors (and
 * exhausted retries) fail the record, failed records go to the reporters, and
 * `errors.tolerance` decides whether a failed record is skipped (`all`) or fails the task
 * (`none`). Exhausted retries follow the KAFKA-18073 fix: skipped only under `all`.
 */
import { ConnectException, isRetriable, SourceRecord } from '@tsconnect/api';
import { systemClock, type Clock } from '../clock.js';
import { isPromiseLike } from '../maybe-promise.js';
import { ErrorHandlingMetrics } from './error-handling-metrics.js';
import type { ErrorReporter } from './error-reporter.js';
import type { OriginalRecord, ProcessingContext } from './processing-context.js';
import { stageToleratesAnyError, type Stage } from './stage.js';

export const ToleranceType = { NONE: 'none', ALL: 'all' } as const;
export type ToleranceType = (typeof ToleranceType)[keyof typeof ToleranceType];

/** The connector's `errors.retry.timeout`, `errors.retry.delay.max.ms` and `errors.tolerance`. */
export interface RetryWithToleranceOptions {
  /** Milliseconds; 0 = no retries, -1 = retry forever. */
  retryTimeoutMs: number;
  retryDelayMaxMs: number;
  tolerance: ToleranceType;
}

interface RetryWithToleranceDependencies {
  reporters?: ErrorReporter[];
  metrics?: ErrorHandlingMetrics;
  clock?: Clock;
  /** A number in [0, 1), for the random delay once the exponential one passes the maximum. */
  random?: () => number;
}

/** The first back-off delay; each further retry doubles it. */
const RETRIES_DELAY_MIN_MS = 300;

export type Operation<V> = () => V | Promise<V>;

const callOperation = <V>(operation: Operation<V>): V | Promise<V> => operation();

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

export class RetryWithToleranceOperator {
  readonly options: RetryWithToleranceOptions;
  readonly metrics: ErrorHandlingMetrics;
  #reporters: ErrorReporter[];
  readonly #clock: Clock;
  readonly #random: () => number;
  readonly #stop = new AbortController();
  #totalFailures = 0;

  constructor(options: RetryWithToleranceOptions, dependencies: RetryWithToleranceDependencies = {}) {
    this.options = options;
    this.#clock = dependencies.clock ?? systemClock;
    this.metrics = dependencies.metrics ?? new ErrorHandlingMetrics(() => this.#clock.now());
    this.#reporters = dependencies.reporters ?? [];
    this.#random = dependencies.random ?? Math.random;
  }

  get tolerance(): ToleranceType {
    return this.options.tolerance;
  }

  get reporters(): readonly ErrorReporter[] {
    return this.#reporters;
  }

  /** Replaces the reporters (the DLQ reporter is only ready once its topic exists). */
  setReporters(reporters: ErrorReporter[]): void {
    this.#reporters = reporters;
  }

  /**
   * Runs `operation` as `stage` of the record in `context`. Returns its result, or null when the
   * record failed and the failure is tolerated (or the record had already failed at an earlier
   * stage, in which case the operation does not run).
   * @throws ConnectException "Unhandled exception in error handler" for an error this stage cannot
   *   tolerate, "Tolerance exceeded in error handler" when errors.tolerance=none.
   */
  async execute<T extends OriginalRecord, V>(
    context: ProcessingContext<T>,
    operation: Operation<V>,
    stage: Stage,
    executingClass: string,
  ): Promise<V | null> {
    return this.run(context, operation, stage, executingClass);
  }

  /**
   * As `execute`, but an operation that answers synchronously on its first attempt has its result
   * returned synchronously. A throw or a returned promise continues asynchronously (retries,
   * tolerance, reporting) from that attempt; failures then reject the returned promise.
   */
  run<T extends OriginalRecord, V>(
    context: ProcessingContext<T>,
    operation: Operation<V>,
    stage: Stage,
    executingClass: string,
  ): V | null | Promise<V | null> {
    return this.runWith(context, callOperation<V>, operation, undefined, undefined, stage, executingClass);
  }

  /**
   * As `run`, for an operation given as a function of up to three arguments and the arguments:
   * a caller running a stage for every record needs no closure per record (one is made only
   * where the first attempt did not succeed at once).
   */
  runWith<T extends OriginalRecord, A, B, C, V>(
    context: ProcessingContext<T>,
    operation: (a: A, b: B, c: C) => V | Promise<V>,
    a: A,
    b: B,
    c: C,
    stage: Stage,
    executingClass: string,
  ): V | null | Promise<V | null> {
    context.currentContext(stage, executingClass);
    if (context.failed) return null;
    // Without retries (errors.retry.timeout=0, the default) the start is never read: no clock per stage per record.
    const start = this.options.retryTimeoutMs === 0 ? 0 : this.#clock.now();
    context.attempt = 1;
    let first: V | PromiseLike<V>;
    try {
      first = operation(a, b, c);
      if (!isPromiseLike(first) && !context.failed) return first;
    } catch (error) {
      first = Promise.reject(error);
    }
    return this.#handleAndReport(context, () => operation(a, b, c), stage, start, first);
  }

  /**
   * Records a failure found outside `execute` (the errant record reporter, a failed producer
   * send) and reports it. Returns the reports' completion.
   * @throws ConnectException "Tolerance exceeded ..." (after reporting) when errors.tolerance=none.
   */
  executeFailed<T extends OriginalRecord>(
    context: ProcessingContext<T>,
    stage: Stage,
    executingClass: string,
    error: Error,
  ): Promise<void> {
    this.#markAsFailed();
    context.currentContext(stage, executingClass);
    context.error = error;
    this.metrics.recordFailure();
    const reported = this.#report(context);
    if (!this.withinToleranceLimits()) {
      this.metrics.recordError();
      const where = context.original instanceof SourceRecord ? 'Source Worker error handler' : 'error handler';
      throw failure(`Tolerance exceeded in ${where}`, context, error);
    }
    return reported;
  }

  withinToleranceLimits(): boolean {
    return this.options.tolerance === ToleranceType.ALL || this.#totalFailures === 0;
  }

  /** Cuts any retry back-off short; operations retrying now fail instead of trying again. */
  triggerStop(): void {
    this.#stop.abort();
  }

  async close(): Promise<void> {
    const errors: unknown[] = [];
    for (const reporter of this.#reporters) {
      try {
        await reporter.close();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length > 0) {
      throw new ConnectException('Failed to close all reporters', { cause: new AggregateError(errors) });
    }
  }

  async #handleAndReport<T extends OriginalRecord, V>(
    context: ProcessingContext<T>,
    operation: Operation<V>,
    stage: Stage,
    start: number,
    first: V | PromiseLike<V>,
  ): Promise<V | null> {
    try {
      return await this.#execAndHandleError(context, operation, stage, start, first);
    } finally {
      if (context.failed) {
        this.metrics.recordError();
        this.#report(context);
      }
    }
  }

  async #execAndHandleError<T extends OriginalRecord, V>(
    context: ProcessingContext<T>,
    operation: Operation<V>,
    stage: Stage,
    start: number,
    first: V | PromiseLike<V>,
  ): Promise<V | null> {
    let result: V | null;
    try {
      result = await this.#execAndRetry(context, operation, start, first);
    } catch (thrown) {
      const error = asError(thrown);
      this.metrics.recordFailure();
      this.#markAsFailed();
      context.error = error;
      if (!stageToleratesAnyError(stage) && !isRetriable(error)) {
        throw failure('Unhandled exception in error handler', context, error);
      }
      if (!this.withinToleranceLimits()) {
        throw failure('Tolerance exceeded in error handler', context, error);
      }
      this.metrics.recordSkipped();
      return null;
    }
    if (context.failed) {
      // Retries exhausted (or cut short by a stop) on a retriable error.
      this.#markAsFailed();
      if (!this.withinToleranceLimits()) {
        throw failure('Tolerance exceeded in error handler', context, context.error);
      }
      this.metrics.recordSkipped();
    }
    return result;
  }

  /**
   * Awaits the first attempt's outcome (`start` is when it began), retrying retriable errors;
   * other errors propagate.
   */
  async #execAndRetry<T extends OriginalRecord, V>(
    context: ProcessingContext<T>,
    operation: Operation<V>,
    start: number,
    first: V | PromiseLike<V>,
  ): Promise<V | null> {
    const timeout = this.options.retryTimeoutMs;
    const deadline = timeout < 0 ? Number.POSITIVE_INFINITY : start + timeout;
    for (let attempt = 1; ; attempt++) {
      context.attempt = attempt;
      try {
        return await (attempt === 1 ? first : operation());
      } catch (error) {
        if (!isRetriable(error)) throw error;
        this.metrics.recordFailure();
        if (this.#stop.signal.aborted || !this.#canRetry(start)) {
          context.error = asError(error);
          return null;
        }
        await this.#backoff(attempt, deadline);
        if (this.#stop.signal.aborted) {
          context.error = asError(error);
          return null;
        }
        this.metrics.recordRetry();
      }
    }
  }

  #canRetry(start: number): boolean {
    const timeout = this.options.retryTimeoutMs;
    return timeout < 0 || this.#clock.now() - start < timeout;
  }

  async #backoff(attempt: number, deadline: number): Promise<void> {
    let delay = RETRIES_DELAY_MIN_MS * 2 ** (attempt - 1);
    const max = this.options.retryDelayMaxMs;
    if (delay > max) delay = Math.floor(this.#random() * max);
    const now = this.#clock.now();
    if (delay + now > deadline) delay = deadline - now;
    await this.#clock.sleep(delay, this.#stop.signal);
  }

  #markAsFailed(): void {
    this.metrics.recordErrorTimestamp();
    this.#totalFailures++;
  }

  /** Sends the failed record to every reporter. */
  #report<T extends OriginalRecord>(context: ProcessingContext<T>): Promise<void> {
    const reports = this.#reporters.map((reporter) => reporter.report(context));
    return Promise.all(reports).then(() => {});
  }
}

/**
 * The error that fails the task, in Kafka's words followed by the stage and the record (never its
 * key or value: the trace is shown by GET /connectors/{c}/status), so the trace says which record
 * it could not take.
 */
function failure(message: string, context: ProcessingContext<OriginalRecord>, cause: Error | null): ConnectException {
  return new ConnectException(`${message}. ${context.describe(false)}`, { cause });
}
