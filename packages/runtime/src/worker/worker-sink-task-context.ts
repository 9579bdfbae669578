/**
 * The SinkTaskContext a WorkerSinkTask gives its task: offset rewinds, the redelivery timeout,
 * pausing and resuming partitions, commit requests and the errant record reporter. The requests
 * are kept here; the worker applies them on its next iteration.
 */
import {
  IllegalWorkerStateException,
  TopicPartition,
  type ErrantRecordReporter,
  type SinkTaskContext,
} from '@tsconnect/api';

/** What the context needs from its worker task. */
interface SinkTaskContextHost {
  readonly assigned: ReadonlySet<TopicPartition>;
  /** Pause or resume in the consumer, unless the worker keeps them paused itself. */
  applyPause(partitions: TopicPartition[]): void;
  applyResume(partitions: TopicPartition[]): void;
}

export class WorkerSinkTaskContext implements SinkTaskContext {
  readonly #configs: Readonly<Record<string, string>>;
  readonly #host: SinkTaskContextHost;
  readonly #reporter: ErrantRecordReporter | null;
  readonly #rewinds = new Map<TopicPartition, number>();
  readonly #paused = new Set<TopicPartition>();
  #timeoutMs = -1;
  #commitRequested = false;

  constructor(configs: Readonly<Record<string, string>>, host: SinkTaskContextHost, reporter: ErrantRecordReporter | null) {
    this.#configs = configs;
    this.#host = host;
    this.#reporter = reporter;
  }

  configs(): Readonly<Record<string, string>> {
    return this.#configs;
  }

  offset(offsets: ReadonlyMap<TopicPartition, number>): void;
  offset(partition: TopicPartition, offset: number): void;
  offset(partitionOrOffsets: TopicPartition | ReadonlyMap<TopicPartition, number>, offset?: number): void {
    if (partitionOrOffsets instanceof TopicPartition) {
      this.#rewinds.set(partitionOrOffsets, offset!);
    } else {
      for (const [tp, o] of partitionOrOffsets) this.#rewinds.set(tp, o);
    }
  }

  timeout(timeoutMs: number): void {
    this.#timeoutMs = timeoutMs;
  }

  assignment(): ReadonlySet<TopicPartition> {
    return new Set(this.#host.assigned);
  }

  pause(...partitions: TopicPartition[]): void {
    this.#checkAssigned(partitions, 'pause');
    for (const tp of partitions) this.#paused.add(tp);
    this.#host.applyPause(partitions);
  }

  resume(...partitions: TopicPartition[]): void {
    this.#checkAssigned(partitions, 'resume');
    for (const tp of partitions) this.#paused.delete(tp);
    this.#host.applyResume(partitions);
  }

  requestCommit(): void {
    this.#commitRequested = true;
  }

  errantRecordReporter(): ErrantRecordReporter | null {
    return this.#reporter;
  }

  /** The partitions the task paused. */
  get pausedPartitions(): ReadonlySet<TopicPartition> {
    return this.#paused;
  }

  /** The rewinds requested since the last call, once. */
  takeRewinds(): Map<TopicPartition, number> {
    const rewinds = new Map(this.#rewinds);
    this.#rewinds.clear();
    return rewinds;
  }

  /** The redelivery timeout the task set, once; -1 when none. */
  takeTimeout(): number {
    const timeout = this.#timeoutMs;
    this.#timeoutMs = -1;
    return timeout;
  }

  /** Whether the task asked for a commit since the last call. */
  takeCommitRequest(): boolean {
    const requested = this.#commitRequested;
    this.#commitRequested = false;
    return requested;
  }

  /** Forgets rewinds and pauses of partitions no longer assigned. */
  forget(partitions: Iterable<TopicPartition>): void {
    for (const tp of partitions) {
      this.#rewinds.delete(tp);
      this.#paused.delete(tp);
    }
  }

  #checkAssigned(partitions: TopicPartition[], action: string): void {
    for (const tp of partitions) {
      if (!this.#host.assigned.has(tp)) {
        throw new IllegalWorkerStateException(`SinkTasks can not ${action} partitions that are not currently assigned to them.`);
      }
    }
  }
}
