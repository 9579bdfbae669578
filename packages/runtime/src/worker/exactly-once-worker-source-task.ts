/**
 * Runs one SourceTask with exactly-once delivery (KIP-618, `exactly.once.source.support=enabled`),
 * as Kafka's ExactlyOnceWorkerSourceTask: the task's producer is transactional
 * (`transactional.id` = `<group.id>-<connector>-<task>`, so a restarted or moved task fences the
 * producer it replaces and aborts that producer's open transaction), and each transaction carries
 * the records of a span of polls together with the source offsets they reach, written to the
 * offsets topic by the same producer. A read_committed reader therefore sees a record exactly when
 * its offset is stored: after a crash the task resumes at the last committed transaction and
 * produces again what the aborted one held, nothing twice and nothing lost.
 *
 * Where a transaction ends follows `transaction.boundary`: after every non-empty poll (`poll`),
 * every `transaction.boundary.interval.ms` (`interval`), or when the task asks through its
 * TransactionContext (`connector`: right after the record it names, else at the end of the batch). `task.commitRecord` and `task.commit` run once a transaction
 * is committed. A failed send, a failed commit or a fenced producer aborts what is open and fails
 * the task; its offsets stay at the last committed transaction.
 */
import { ConnectException, type RecordMetadata, type SourceRecord, type TransactionContext } from '@tsconnect/api';
import type { KafkaProducer } from '../kafka/kafka-producer.js';
import type { TransactionalOffsets } from '../storage/offset-backing-store.js';
import {
  WorkerSourceTask,
  type SourceTaskProducer,
  type WorkerSourceTaskDependencies,
  type WorkerSourceTaskOptions,
} from './worker-source-task.js';
import type { ConnectorTaskId } from '../connector-task-id.js';

export type TransactionBoundary = 'poll' | 'interval' | 'connector';

/** The transactional producer calls, besides those every source task makes. */
type ExactlyOnceProducer = SourceTaskProducer &
  Pick<KafkaProducer, 'initTransactions' | 'beginTransaction' | 'commitTransaction' | 'abortTransaction'>;

interface ExactlyOnceWorkerSourceTaskOptions extends WorkerSourceTaskOptions {
  transactionBoundary: TransactionBoundary;
  /** For `interval`: `transaction.boundary.interval.ms`, else the worker's offset.flush.interval.ms. */
  transactionIntervalMs: number;
}

interface ExactlyOnceWorkerSourceTaskDependencies extends WorkerSourceTaskDependencies {
  producer: ExactlyOnceProducer;
  transactionalOffsets: TransactionalOffsets;
}

/** The task's requests for `transaction.boundary=connector`: commit or abort after a record, or after the batch. */
type BoundaryRequest = { kind: 'commit' | 'abort'; after: SourceRecord | null };

/** How long one wait for outstanding sends lasts before a send failure is looked at again. */
const SEND_CHECK_MS = 100;

export class ExactlyOnceWorkerSourceTask extends WorkerSourceTask {
  readonly #producer: ExactlyOnceProducer;
  readonly #offsets: TransactionalOffsets;
  readonly #boundary: TransactionBoundary;
  readonly #intervalMs: number;
  #inTransaction = false;
  #transactionStarted = 0;
  /** Records of the open transaction and what Kafka answered, for task.commitRecord after the commit. */
  #sent: { record: SourceRecord; metadata: RecordMetadata | null }[] = [];
  #requests: BoundaryRequest[] = [];

  constructor(id: ConnectorTaskId, options: ExactlyOnceWorkerSourceTaskOptions, dependencies: ExactlyOnceWorkerSourceTaskDependencies) {
    super(id, options, dependencies);
    this.#producer = dependencies.producer;
    this.#offsets = dependencies.transactionalOffsets;
    this.#boundary = options.transactionBoundary;
    this.#intervalMs = options.transactionIntervalMs;
  }

  override toString(): string {
    return super.toString().replace('WorkerSourceTask', 'ExactlyOnceWorkerSourceTask');
  }

  protected override get commitsOffsetsPeriodically(): boolean {
    return false;
  }

  protected override async prepareProducer(): Promise<void> {
    await this.#producer.initTransactions();
  }

  protected override transactionContext(): TransactionContext | null {
    if (this.#boundary !== 'connector') return null;
    return {
      commitTransaction: (record?: SourceRecord) => {
        this.#requests.push({ kind: 'commit', after: record ?? null });
      },
      abortTransaction: (record?: SourceRecord) => {
        this.#requests.push({ kind: 'abort', after: record ?? null });
      },
    };
  }

  protected override beforeRecord(): Promise<void> | void {
    if (!this.#inTransaction) return this.#beginTransaction();
  }

  async #beginTransaction(): Promise<void> {
    await this.#producer.beginTransaction();
    this.#inTransaction = true;
    this.#transactionStarted = this.clock.now();
  }

  /** A connector-defined boundary named this record: the transaction ends right after it. */
  protected override afterRecord(record: SourceRecord): Promise<void> | void {
    if (this.#requests.length === 0 || !this.#requests.some((r) => r.after === record)) return;
    return this.#applyRequests((r) => r.after === record);
  }

  protected override async recordSent(record: SourceRecord, metadata: RecordMetadata | null): Promise<void> {
    this.#sent.push({ record, metadata });
  }

  protected override async afterBatch(records: SourceRecord[] | null): Promise<void> {
    if (!this.#inTransaction) {
      this.#requests = this.#requests.filter((r) => r.after !== null);
      return;
    }
    switch (this.#boundary) {
      case 'poll':
        if (records !== null) await this.#commitTransaction();
        return;
      case 'interval':
        if (this.clock.now() - this.#transactionStarted >= this.#intervalMs) await this.#commitTransaction();
        return;
      case 'connector':
        await this.#applyRequests((r) => r.after === null);
    }
  }

  protected override async beforePause(): Promise<void> {
    if (this.#inTransaction) await this.#commitTransaction();
  }

  protected override async finalCommit(failed: boolean): Promise<void> {
    if (!this.#inTransaction) return;
    if (failed) {
      await this.#abortQuietly();
      return;
    }
    try {
      await this.#commitTransaction();
    } catch (error) {
      this.log.error(`${this} Failed to commit the last transaction; its records and offsets are aborted`, error);
      await this.#abortQuietly();
    }
  }

  /**
   * Ends the transaction for the task's requests that are due: those naming a record once it was
   * dispatched, those naming none at the end of the batch. An abort wins over a commit.
   */
  async #applyRequests(due: (request: BoundaryRequest) => boolean): Promise<void> {
    const now = this.#requests.filter(due);
    if (now.length === 0) return;
    this.#requests = this.#requests.filter((r) => !now.includes(r));
    if (!this.#inTransaction) return;
    if (now.some((r) => r.kind === 'abort')) await this.#abortTransaction();
    else await this.#commitTransaction();
  }

  /** Waits for the transaction's records, adds the offsets they reach, commits; then the task hears of it. */
  async #commitTransaction(): Promise<void> {
    const started = this.clock.now();
    await this.#awaitOutstandingSends();
    const { offsets, numCommittableMessages } = this.submitted.committableOffsets();
    const writes: Promise<unknown>[] = [];
    for (const { partition, offset } of offsets.values()) {
      if (partition === null) continue;
      const { key, value } = this.#offsets.record(partition, offset);
      writes.push(this.producer.send({ topic: this.#offsets.topic, key, value }));
    }
    try {
      await Promise.all(writes);
      await this.#producer.commitTransaction();
    } catch (error) {
      this.metrics?.recordOffsetCommit(this.clock.now() - started, false);
      await this.#abortQuietly();
      throw new ConnectException(`${this} Failed to commit a transaction of ${numCommittableMessages} records and their offsets`, { cause: error });
    }
    this.#inTransaction = false;
    this.log.debug(`${this} Committed a transaction of ${numCommittableMessages} records in ${this.clock.now() - started} ms`);
    this.metrics?.recordOffsetCommit(this.clock.now() - started, true);
    const sent = this.#sent;
    this.#sent = [];
    for (const { record, metadata } of sent) await this.commitTaskRecord(record, metadata);
    await this.commitTask();
  }

  /** Aborts on the task's request: its records and offsets are dropped, the task goes on. */
  async #abortTransaction(): Promise<void> {
    await this.#awaitOutstandingSends();
    this.submitted.committableOffsets();
    await this.#producer.abortTransaction();
    this.#inTransaction = false;
    this.log.info(`${this} Aborted a transaction of ${this.#sent.length} records at the task's request`);
    this.#sent = [];
  }

  async #abortQuietly(): Promise<void> {
    this.#inTransaction = false;
    this.#sent = [];
    try {
      await this.#producer.abortTransaction();
    } catch (error) {
      // A fenced producer cannot abort; the transaction coordinator aborts it for the new one.
      this.log.warn(`${this} Failed to abort the open transaction`, error);
    }
  }

  /** Every record sent in the transaction acknowledged; a failed send is thrown. */
  async #awaitOutstandingSends(): Promise<void> {
    while (!(await this.submitted.awaitAllMessages(SEND_CHECK_MS))) this.maybeThrowSendError();
    this.maybeThrowSendError();
  }
}
