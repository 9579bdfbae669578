/**
 * What every running task shares, as Kafka's `WorkerTask`: the start/stop/pause life cycle, status
 * reports, and the failure path. `run()` starts the task (or first waits while it is paused),
 * runs its loop until a stop, and closes it; an error from the task or its pipeline marks it
 * FAILED with a Java-style trace (`org.apache.kafka.connect.errors.ConnectException: ...`).
 * A task that does not finish within the graceful shutdown timeout is cancelled: it keeps
 * running on its own, but reports nothing more.
 */
import { ConnectException } from '@tsconnect/api';
import { formatConnectorTaskId, type ConnectorTaskId } from '../connector-task-id.js';
import { withConnectorContext } from '../logging/connector-context.js';
import { connectMetrics, type ConnectMetrics } from '../metrics/connect-metrics.js';
import type { AnyTaskMetrics, TaskMetricState } from '../metrics/task-metrics.js';
import { javaStackTrace } from './java-stack-trace.js';
import type { TaskStatusListener } from './task-status-listener.js';
import { defaultWorkerLog, type WorkerLog } from './worker-log.js';

/** The target states a task follows (STOPPED tasks are not running at all). */
export type TaskTargetState = 'STARTED' | 'PAUSED';

export interface WorkerTaskDependencies {
  readonly statusListener: TaskStatusListener;
  /** Topic tracking (topic.tracking.enable): told once per topic the task first uses. */
  readonly onTopicUsed?: ((topic: string) => void) | null;
  readonly initialState?: TaskTargetState;
  readonly log?: WorkerLog;
  /** Where the task's metrics register; the process-wide registry by default. */
  readonly metrics?: ConnectMetrics;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new ConnectException(String(error));
}

export abstract class WorkerTask {
  readonly id: ConnectorTaskId;
  protected readonly log: WorkerLog;
  readonly #statusListener: TaskStatusListener;
  readonly #onTopicUsed: ((topic: string) => void) | null;
  readonly #topicsUsed = new Set<string>();
  protected readonly metricsRegistry: ConnectMetrics;
  #metrics: AnyTaskMetrics | null = null;
  #finished = false;
  #targetState: TaskTargetState;
  #stopping = false;
  #cancelled = false;
  #failed = false;
  #running: Promise<void> | null = null;
  /** Resolves (and is replaced) on every stop request or state change, to wake waits. */
  #wake!: () => void;
  #changed!: Promise<void>;

  protected constructor(id: ConnectorTaskId, dependencies: WorkerTaskDependencies) {
    this.id = id;
    this.#statusListener = dependencies.statusListener;
    this.#onTopicUsed = dependencies.onTopicUsed ?? null;
    this.#targetState = dependencies.initialState ?? 'STARTED';
    this.log = dependencies.log ?? defaultWorkerLog;
    this.metricsRegistry = dependencies.metrics ?? connectMetrics;
    this.#resetWake();
  }

  /** Starts the task, then initialises it and runs its loop; `start` also calls `task.start`. */
  protected abstract initializeAndStart(): Promise<void>;
  /** The task's loop; returns once `isStopping` (or throws on an unrecoverable error). */
  protected abstract execute(): Promise<void>;
  /** Releases the task and its clients; called once, whether the task stopped or failed. */
  protected abstract close(): Promise<void>;
  /** Records a topic the task consumed from or produced to, the first time only. */
  protected trackTopic(topic: string): void {
    if (this.#topicsUsed.has(topic)) return;
    this.#topicsUsed.add(topic);
    this.#onTopicUsed?.(topic);
  }

  /**
   * Connects a Kafka client of the task, trying again while the broker is unreachable (a
   * retriable error) until the task is stopped: Kafka's clients wait for the broker too, so a
   * task started during a broker restart runs once the broker is back instead of failing.
   */
  protected async connectWhileRunning(client: string, connect: () => Promise<void>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await connect();
        return;
      } catch (error) {
        if (!(error as { retriable?: boolean }).retriable || this.#stopping) throw error;
        this.log.warn(`${this} Could not connect its ${client} (attempt ${attempt}); trying again: ${(error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, Math.min(1_000 * attempt, 5_000)));
      }
    }
  }

  /** Called when a stop is requested, e.g. to wake a blocked consumer. */
  protected onStopRequested(): void {}
  /** Called when the target state changes. */
  protected onTargetStateChanged(_state: TaskTargetState): void {}

  toString(): string {
    return `WorkerTask{id=${formatConnectorTaskId(this.id)}}`;
  }

  get isStopping(): boolean {
    return this.#stopping;
  }

  get isPaused(): boolean {
    return this.#targetState === 'PAUSED';
  }

  get isCancelled(): boolean {
    return this.#cancelled;
  }

  get isFailed(): boolean {
    return this.#failed;
  }

  get targetState(): TaskTargetState {
    return this.#targetState;
  }

  /** Subclasses hand over the metrics they registered (null when metrics are off). */
  protected useMetrics<T extends AnyTaskMetrics>(metrics: T | null): T | null {
    this.#metrics = metrics;
    return metrics;
  }

  /**
   * Runs the task to its end, every line it logs carrying `[connector|task-N]`; never rejects
   * (failures go to the status listener).
   */
  run(): Promise<void> {
    this.#running ??= withConnectorContext({ connector: this.id.connector, task: this.id.task }, () => this.#doRun());
    return this.#running;
  }

  /** Asks the task to stop; `awaitStop` tells whether it did. */
  stop(): void {
    if (this.#stopping) return;
    this.#stopping = true;
    // A failed task keeps its metrics (status failed, error counts) until it is stopped.
    if (this.#finished) this.#removeMetrics();
    this.onStopRequested();
    this.#notifyChange();
  }

  /** Waits up to `timeoutMs` for the task to finish; true if it did. */
  async awaitStop(timeoutMs: number): Promise<boolean> {
    if (this.#running === null) return true;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    try {
      return await Promise.race([this.#running.then(() => true), timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Stops the task and waits `task.shutdown.graceful.timeout.ms` for it; a task still busy then
   * is cancelled (it reports no further status). True if it stopped in time.
   */
  async stopAndAwait(gracefulTimeoutMs: number): Promise<boolean> {
    this.stop();
    const stopped = await this.awaitStop(gracefulTimeoutMs);
    if (!stopped) {
      this.log.error(`Graceful stop of task ${formatConnectorTaskId(this.id)} failed.`);
      this.cancel();
    }
    return stopped;
  }

  /** Gives up on a task that did not stop in time: from now on it reports no status. */
  cancel(): void {
    this.#cancelled = true;
  }

  transitionTo(state: TaskTargetState): void {
    if (this.#targetState === state) return;
    this.#targetState = state;
    this.onTargetStateChanged(state);
    this.#notifyChange();
  }

  pause(): void {
    this.transitionTo('PAUSED');
  }

  resume(): void {
    this.transitionTo('STARTED');
  }

  /**
   * While paused: reports PAUSED, waits for a resume (RUNNING again) or a stop. Returns false
   * when the task is stopping.
   */
  protected async awaitUnpause(): Promise<boolean> {
    if (!this.isPaused || this.#stopping) return !this.#stopping;
    this.reportPause();
    while (this.isPaused && !this.#stopping) await this.#changed;
    if (this.#stopping) return false;
    this.reportResume();
    return true;
  }

  /** Reports PAUSED, for tasks that handle pausing in their own loop. */
  protected reportPause(): void {
    this.#report('paused', (l) => l.onPause(this.id));
  }

  protected reportResume(): void {
    this.#report('running', (l) => l.onResume(this.id));
  }

  /** Sleeps up to `ms`, waking early on a stop request or a target state change. */
  protected async sleepInterruptibly(ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.#changed, new Promise<void>((resolve) => { timer = setTimeout(resolve, ms); })]);
    clearTimeout(timer);
  }

  async #doRun(): Promise<void> {
    let failure: Error | null = null;
    let started = false;
    try {
      if (this.#stopping) return;
      if (this.isPaused) {
        this.#report('paused', (l) => l.onPause(this.id));
        while (this.isPaused && !this.#stopping) await this.#changed;
        if (this.#stopping) return;
      }
      started = true;
      await this.initializeAndStart();
      this.#report('running', (l) => l.onStartup(this.id));
      await this.execute();
    } catch (error) {
      failure = asError(error);
      this.#failed = true;
      if (this.#cancelled) {
        this.log.warn(`${this} After being scheduled for shutdown, the orphan task threw an uncaught exception. A newer instance of this task might be already running`, failure);
      } else if (this.#stopping) {
        this.log.warn(`${this} After being scheduled for shutdown, task threw an uncaught exception.`, failure);
      } else {
        this.log.error(`${this} Task threw an uncaught and unrecoverable exception. Task is being killed and will not recover until manually restarted`, failure);
      }
    } finally {
      if (started) {
        try {
          await this.close();
        } catch (error) {
          this.log.error(`${this} Task threw an uncaught exception while closing`, error);
          if (failure === null) {
            failure = asError(error);
            this.#failed = true;
          }
        }
      }
      if (failure !== null && !this.#stopping) {
        const error = failure;
        this.#report('failed', (l) => l.onFailure(this.id, javaStackTrace(error), error));
      } else {
        this.#report('unassigned', (l) => l.onShutdown(this.id));
      }
      this.#finished = true;
      if (this.#stopping || failure === null) this.#removeMetrics();
    }
  }

  #removeMetrics(): void {
    if (this.#metrics !== null) this.metricsRegistry.removeTask(this.#metrics);
  }

  #report(state: TaskMetricState, call: (listener: TaskStatusListener) => void): void {
    if (this.#cancelled) return;
    this.#metrics?.recordState(state);
    try {
      call(this.#statusListener);
    } catch (error) {
      this.log.error(`${this} Failed to report a status change`, error);
    }
  }

  #notifyChange(): void {
    const wake = this.#wake;
    this.#resetWake();
    wake();
  }

  #resetWake(): void {
    this.#changed = new Promise<void>((resolve) => {
      this.#wake = resolve;
    });
  }
}
