/**
 * Runs one SinkTask, as Kafka's WorkerSinkTask: a consumer in group `connect-<connector>` reads
 * the connector's topics (or `topics.regex`); each batch is converted (key, value, headers),
 * transformed and handed to `put`; offsets are committed only for what `preCommit` returns, at
 * most the offsets whose records `put` accepted, every `offset.flush.interval.ms`, on
 * `requestCommit()`, when partitions are revoked and when the task stops.
 *
 * A RetriableException from `put` pauses every partition and redelivers the same batch after
 * `context.timeout(ms)` (or at the next commit time). Records that fail conversion or a transform
 * are handled by the tolerance operator; with `errors.tolerance=all` they are skipped and their
 * offsets count as consumed once the batch is put.
 *
 * One `put` at a time runs while the next batch is consumed and converted, so a task's database
 * round trip overlaps the worker's work on the records after it. Everything else waits for that
 * put first, as if it had returned before the next poll: the next `put`, an offset commit
 * (`preCommit` only ever sees offsets of batches whose `put` returned), rebalance callbacks and
 * `open`/`close`, and the rewinds and pauses the task asked for during it (records gathered
 * meanwhile from a partition the task rewound or paused are dropped and fetched again later).
 */
import {
  ConnectException,
  ConnectHeaders,
  OffsetAndMetadata,
  RetriableException,
  SinkRecord,
  TopicPartition,
  isRetriable,
  type PartitionOffsets,
  type SchemaAndValue,
  type SinkTask,
} from '@tsconnect/api';
import { formatConnectorTaskId, type ConnectorTaskId } from '../connector-task-id.js';
import type { KafkaConsumer, TopicPartition as KafkaTopicPartition } from '../kafka/kafka-consumer.js';
import type { SinkTaskMetrics } from '../metrics/task-metrics.js';
import { systemClock, type Clock } from './clock.js';
import { ProcessingContext } from './errors/processing-context.js';
import type { RetryWithToleranceOperator } from './errors/retry-with-tolerance-operator.js';
import { Stage } from './errors/stage.js';
import type { WorkerErrantRecordReporter } from './errors/worker-errant-record-reporter.js';
import { isPromiseLike } from './maybe-promise.js';
import type { ConsumedRecord } from './kafka-records.js';
import type { TaskConverters } from './task-converters.js';
import type { TransformationChain } from './transformation-chain.js';
import { WorkerSinkTaskContext } from './worker-sink-task-context.js';
import { WorkerTask, type TaskTargetState, type WorkerTaskDependencies } from './worker-task.js';

/** The consumer calls a sink task makes; `KafkaConsumer` from src/kafka provides them. */
export type SinkTaskConsumer = Pick<
  KafkaConsumer,
  'connect' | 'subscribe' | 'consume' | 'seek' | 'pause' | 'resume' | 'commit' | 'committed' | 'disconnect'
>;

interface WorkerSinkTaskOptions {
  /** The task configuration given to `start` (holds `topics` or `topics.regex`). */
  taskConfig: Readonly<Record<string, string>>;
  /** Worker `offset.flush.interval.ms` (default 60000). */
  offsetFlushIntervalMs?: number;
  /** Worker `offset.flush.timeout.ms` (default 5000): an async commit older than this counts as failed. */
  offsetFlushTimeoutMs?: number;
  /** The longest single wait for records, so stops and pauses are noticed (default 1000). */
  maxPollWaitMs?: number;
}

interface WorkerSinkTaskDependencies extends WorkerTaskDependencies {
  task: SinkTask;
  /** Created with the task client properties (group connect-<connector>, ...); not yet connected. */
  consumer: SinkTaskConsumer;
  converters: TaskConverters;
  transformationChain: TransformationChain<SinkRecord>;
  operator: RetryWithToleranceOperator;
  /** From `createSinkErrorHandling`; null when there is neither a DLQ nor errors.log.enable. */
  errantRecordReporter?: WorkerErrantRecordReporter | null;
  clock?: Clock;
}

/** The headers of a record that has none: no closure per record for them. */
function newConnectHeaders(): ConnectHeaders {
  return new ConnectHeaders();
}

/** The key converter's stage, as a function of its inputs: no closure per record for it. */
function convertKey(converters: TaskConverters, consumed: ConsumedRecord, rawHeaders: ConnectHeaders): SchemaAndValue | Promise<SchemaAndValue> {
  return converters.key.toConnectData(consumed.topic, rawHeaders, consumed.key);
}

/** The value converter's stage, as `convertKey`. */
function convertValue(converters: TaskConverters, consumed: ConsumedRecord, rawHeaders: ConnectHeaders): SchemaAndValue | Promise<SchemaAndValue> {
  return converters.value.toConnectData(consumed.topic, rawHeaders, consumed.value);
}

/**
 * A record of the batch and where it was consumed. Not the consumed record itself: its key and
 * value bytes would then live until the put after next returns, long enough for V8 to move them
 * to the old generation and free them only at a full collection (the errant record reporter keeps
 * the consumed records it needs for itself).
 */
interface BatchEntry {
  readonly record: SinkRecord;
  readonly partition: TopicPartition;
  readonly offset: number;
}

/** Records converted between turns given to the event loop while a put is under way. */
const YIELD_EVERY = 100;
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const tpOf = (p: KafkaTopicPartition): TopicPartition => TopicPartition.of(p.topic, p.partition);
const plain = (tp: TopicPartition): KafkaTopicPartition => ({ topic: tp.topic, partition: tp.partition });

export class WorkerSinkTask extends WorkerTask {
  readonly context: WorkerSinkTaskContext;
  readonly #task: SinkTask;
  readonly #consumer: SinkTaskConsumer;
  readonly #converters: TaskConverters;
  readonly #chain: TransformationChain<SinkRecord>;
  readonly #operator: RetryWithToleranceOperator;
  readonly #errantReporter: WorkerErrantRecordReporter | null;
  readonly #clock: Clock;
  readonly #taskConfig: Readonly<Record<string, string>>;
  readonly #flushIntervalMs: number;
  readonly #flushTimeoutMs: number;
  readonly #maxPollWaitMs: number;
  readonly #metrics: SinkTaskMetrics | null;

  readonly #assigned = new Set<TopicPartition>();
  /** Offsets (next to read) of records `put` accepted (or that were skipped before it). */
  #currentOffsets = new Map<TopicPartition, OffsetAndMetadata>();
  #lastCommittedOffsets = new Map<TopicPartition, OffsetAndMetadata>();
  /** The records of the batch not yet accepted by `put`, and the offsets they consume. */
  #batch: BatchEntry[] = [];
  #batchOffsets = new Map<TopicPartition, number>();
  /** The put under way: settles once it returned and its outcome was applied, to a failure that ends the task or null. */
  #delivery: Promise<unknown> | null = null;
  /** A put failure that ends the task, seen where it could not be thrown (rebalance callbacks). */
  #deliveryFailure: unknown = null;
  #pausedForRedelivery = false;
  #redeliverAt = 0;
  #nextCommit = 0;
  #commitSeqno = 0;
  #committing = false;
  #commitStarted = 0;
  #stateChanged = false;
  #taskStarted = false;
  #taskStopped = false;
  #consumerConnected = false;

  constructor(id: ConnectorTaskId, options: WorkerSinkTaskOptions, dependencies: WorkerSinkTaskDependencies) {
    super(id, dependencies);
    this.#task = dependencies.task;
    this.#consumer = dependencies.consumer;
    this.#converters = dependencies.converters;
    this.#chain = dependencies.transformationChain;
    this.#operator = dependencies.operator;
    this.#errantReporter = dependencies.errantRecordReporter ?? null;
    this.#clock = dependencies.clock ?? systemClock;
    this.#taskConfig = options.taskConfig;
    this.#flushIntervalMs = options.offsetFlushIntervalMs ?? 60_000;
    this.#flushTimeoutMs = options.offsetFlushTimeoutMs ?? 5_000;
    this.#maxPollWaitMs = options.maxPollWaitMs ?? 1_000;
    this.#metrics = this.useMetrics(this.metricsRegistry.addSinkTask(id));
    if (this.#metrics !== null) this.#metrics.errors = this.#operator.metrics;
    this.context = new WorkerSinkTaskContext(this.#taskConfig, {
      assigned: this.#assigned,
      applyPause: (partitions) => {
        if (!this.isPaused && !this.#pausedForRedelivery) this.#consumer.pause(partitions.map(plain));
      },
      applyResume: (partitions) => {
        if (!this.isPaused && !this.#pausedForRedelivery) this.#consumer.resume(partitions.map(plain));
      },
    }, this.#errantReporter);
  }

  override toString(): string {
    return `WorkerSinkTask{id=${formatConnectorTaskId(this.id)}}`;
  }

  /** Offsets last committed to Kafka, for tests and metrics. */
  get committedOffsets(): ReadonlyMap<TopicPartition, OffsetAndMetadata> {
    return this.#lastCommittedOffsets;
  }

  protected async initializeAndStart(): Promise<void> {
    const topics = this.#subscription();
    this.#task.initialize(this.context);
    this.#taskStarted = true;
    await this.#task.start(this.#taskConfig);
    await this.connectWhileRunning('consumer', () => this.#consumer.connect());
    this.#consumerConnected = true;
    this.#consumer.subscribe(topics, {
      onPartitionsAssigned: (partitions) => this.#onPartitionsAssigned(partitions.map(tpOf)),
      onPartitionsRevoked: (partitions, lost) => this.#onPartitionsRevoked(partitions.map(tpOf), lost),
    });
    this.log.info(`${this} Sink task finished initialization and start`);
  }

  protected async execute(): Promise<void> {
    this.#nextCommit = this.#clock.now() + this.#flushIntervalMs;
    try {
      while (!this.isStopping) await this.#iteration();
    } finally {
      // Commit what was accepted and let the task release its partitions, also when it failed.
      await this.#closePartitions([...this.#assigned], false);
    }
  }

  protected async close(): Promise<void> {
    const errors: unknown[] = [];
    const attempt = async (what: string, action: () => unknown): Promise<void> => {
      try {
        await action();
      } catch (error) {
        this.log.warn(`${this} Failed to close ${what}`, error);
        errors.push(error);
      }
    };
    this.#taskStopped = true;
    // A put still under way (the loop can end without a partition to close) returns before stop().
    await this.#settleDelivery();
    if (this.#taskStarted) await attempt('the sink task', () => this.#task.stop());
    if (this.#consumerConnected) await attempt('the consumer', () => this.#consumer.disconnect());
    await attempt('the transformation chain', () => this.#chain.close());
    await attempt('the error reporters', () => this.#operator.close());
  }

  protected override onStopRequested(): void {
    this.#operator.triggerStop();
  }

  protected override onTargetStateChanged(_state: TaskTargetState): void {
    this.#stateChanged = true;
  }

  #subscription(): string[] {
    const topics = (this.#taskConfig['topics'] ?? '').split(',').map((t) => t.trim()).filter((t) => t !== '');
    const regex = (this.#taskConfig['topics.regex'] ?? '').trim();
    if (topics.length > 0 && regex !== '') {
      throw new ConnectException('The sink task configuration may set topics or topics.regex, not both');
    }
    if (regex !== '') return [regex.startsWith('^') ? regex : `^${regex}`];
    if (topics.length === 0) throw new ConnectException('The sink task configuration has neither topics nor topics.regex');
    return topics;
  }

  async #iteration(): Promise<void> {
    if (this.#deliveryFailure !== null) throw this.#deliveryFailure;
    const now = this.#clock.now();
    if (this.#stateChanged) this.#applyTargetState();
    if (this.#committing && now >= this.#commitStarted + this.#flushTimeoutMs) {
      this.log.error(`${this} Commit of offsets timed out`);
      this.#committing = false;
    }
    if (!this.#committing && (this.context.takeCommitRequest() || now >= this.#nextCommit)) {
      await this.#commitOffsets(now, false, [...this.#assigned]);
      this.#nextCommit = now + this.#flushIntervalMs;
    }
    if (this.isStopping) return;
    await this.#poll(Math.max(this.#nextCommit - now, 0));
  }

  #applyTargetState(): void {
    this.#stateChanged = false;
    if (this.isPaused) {
      this.#pauseAll();
      this.reportPause();
      this.context.requestCommit();
    } else if (!this.#pausedForRedelivery) {
      this.#resumeAll();
      this.reportResume();
    }
  }

  async #poll(timeoutMs: number): Promise<void> {
    await this.#rewind();
    const retryTimeout = this.context.takeTimeout();
    if (this.#pausedForRedelivery && retryTimeout > 0) {
      this.#redeliverAt = Math.min(this.#redeliverAt, this.#clock.now() + retryTimeout);
    }
    const wait = Math.min(timeoutMs, this.#maxPollWaitMs, retryTimeout > 0 ? retryTimeout : Number.POSITIVE_INFINITY);
    const waitUntil = this.#pausedForRedelivery ? Math.min(this.#redeliverAt - this.#clock.now(), wait) : wait;
    if (!(await this.#consumeIntoBatch(Math.max(0, waitUntil)))) return;
    await this.#settleDelivery();
    if (this.#deliveryFailure !== null) throw this.#deliveryFailure;
    // what the put just finished asked for applies to the records gathered meanwhile
    await this.#rewind();
    await this.#holdBackPaused();
    if (this.#pausedForRedelivery && this.#clock.now() < this.#redeliverAt) return;
    this.#deliverMessages();
    this.#recordActiveCount();
  }

  /**
   * Consumes and converts one poll's records into the batch; false when the consumer failed
   * retriably or the task is stopping. The consumed records are no longer referenced once it
   * returns, so their bytes die young while the put under way is awaited.
   */
  async #consumeIntoBatch(waitMs: number): Promise<boolean> {
    let records: Awaited<ReturnType<SinkTaskConsumer['consume']>>;
    try {
      records = await this.#consumer.consume(waitMs);
    } catch (error) {
      if (!isRetriable(error)) throw error;
      this.log.warn(`${this} Retriable error while consuming; polling again`, error);
      return false;
    }
    if (this.isStopping) return false;
    if (records.length > 0) this.#metrics?.recordRead(records.length);
    for (let i = 0; i < records.length; i++) {
      const record = records[i]!;
      this.trackTopic(record.topic);
      // Awaited only when a stage answered with a promise: most records go through without one.
      const added = this.#convertAndAdd(record);
      if (added !== undefined) await added;
      // Lets the put under way take its next step (a database answer waiting for its turn) between
      // slices of the conversion, so the two overlap instead of taking turns a whole poll at a time.
      if (i % YIELD_EVERY === YIELD_EVERY - 1 && this.#delivery !== null) await yieldToEventLoop();
    }
    return true;
  }

  /** Waits for the put under way, if any, and applies its outcome. Never throws: a failure is kept for the task loop. */
  async #settleDelivery(): Promise<void> {
    const delivery = this.#delivery;
    if (delivery === null) return;
    const failure = await delivery;
    if (this.#delivery === delivery) this.#delivery = null;
    if (failure !== null) this.#deliveryFailure ??= failure;
  }

  /**
   * Records of partitions the task paused during the last put, gathered before the pause took
   * effect: Java's consumer would not have returned them yet, so they are fetched again on resume.
   */
  async #holdBackPaused(): Promise<void> {
    const paused = this.context.pausedPartitions;
    if (paused.size === 0 || this.#batch.length === 0) return;
    const firstOffsets = new Map<TopicPartition, number>();
    for (const { partition, offset } of this.#batch) {
      if (paused.has(partition) && !firstOffsets.has(partition)) firstOffsets.set(partition, offset);
    }
    for (const [tp, offset] of firstOffsets) await this.#consumer.seek({ topic: tp.topic, partition: tp.partition, offset });
    this.#dropFromBatch([...firstOffsets.keys()]);
  }

  /** sink-record-active-count: records read but not yet committed, over the assigned partitions. */
  #recordActiveCount(): void {
    if (this.#metrics === null) return;
    let active = 0;
    for (const tp of this.#assigned) {
      const consumed = this.#batchOffsets.get(tp) ?? this.#currentOffsets.get(tp)?.offset;
      const committed = this.#lastCommittedOffsets.get(tp)?.offset;
      if (consumed !== undefined && committed !== undefined && consumed > committed) active += consumed - committed;
    }
    this.#metrics.activeCount.record(active, this.#clock.now());
  }

  #convertAndAdd(consumed: ConsumedRecord): void | Promise<void> {
    const tp = TopicPartition.of(consumed.topic, consumed.partition);
    if (!this.#assigned.has(tp)) return;
    this.#batchOffsets.set(tp, consumed.offset + 1);
    const record = this.#convertAndTransform(consumed);
    if (isPromiseLike(record)) return Promise.resolve(record).then((r) => this.#add(consumed, tp, r));
    this.#add(consumed, tp, record);
  }

  #add(consumed: ConsumedRecord, partition: TopicPartition, record: SinkRecord | null): void {
    if (record === null) {
      this.log.debug(`${this} Converters and transformations returned null, possibly because of too many retries, so dropping record in topic '${consumed.topic}' partition ${consumed.partition} at offset ${consumed.offset}`);
      return;
    }
    this.#errantReporter?.trackOriginal(record, consumed);
    this.#batch.push({ record, partition, offset: consumed.offset });
  }

  /**
   * Each stage through the operator's `run`: synchronous answers continue at once, promises when
   * they settle. One method per stage rather than nested continuations, so a record that goes
   * through synchronously allocates no continuation closures.
   */
  #convertAndTransform(consumed: ConsumedRecord): SinkRecord | null | Promise<SinkRecord | null> {
    const context = new ProcessingContext(consumed);
    const converters = this.#converters;
    // Converters see the raw header bytes, as Java passes the Kafka record's headers.
    const rawHeaders = new ConnectHeaders();
    const headers = consumed.headers;
    for (let i = 0; i < headers.length; i++) rawHeaders.addBytes(headers[i]!.key, headers[i]!.value);
    const key = this.#operator.runWith(context, convertKey, converters, consumed, rawHeaders, Stage.KEY_CONVERTER, converters.keyClass);
    if (isPromiseLike(key)) return Promise.resolve(key).then((keyData) => this.#convertValue(context, rawHeaders, keyData));
    return this.#convertValue(context, rawHeaders, key);
  }

  #convertValue(context: ProcessingContext<ConsumedRecord>, rawHeaders: ConnectHeaders, keyData: SchemaAndValue | null): SinkRecord | null | Promise<SinkRecord | null> {
    const consumed = context.original;
    const converters = this.#converters;
    const value = this.#operator.runWith(context, convertValue, converters, consumed, rawHeaders, Stage.VALUE_CONVERTER, converters.valueClass);
    if (isPromiseLike(value)) return Promise.resolve(value).then((valueData) => this.#convertHeaders(context, keyData, valueData));
    return this.#convertHeaders(context, keyData, value);
  }

  #convertHeaders(context: ProcessingContext<ConsumedRecord>, keyData: SchemaAndValue | null, valueData: SchemaAndValue | null): SinkRecord | null | Promise<SinkRecord | null> {
    const consumed = context.original;
    const converters = this.#converters;
    const headers = consumed.headers.length === 0
      ? this.#operator.run(context, newConnectHeaders, Stage.HEADER_CONVERTER, converters.headerClass)
      : this.#operator.run(context, async () => {
        const result = new ConnectHeaders();
        for (const h of consumed.headers) result.add(h.key, await converters.header.toConnectHeader(consumed.topic, h.key, h.value));
        return result;
      }, Stage.HEADER_CONVERTER, converters.headerClass);
    if (isPromiseLike(headers)) return Promise.resolve(headers).then((connectHeaders) => this.#transform(context, keyData, valueData, connectHeaders));
    return this.#transform(context, keyData, valueData, headers);
  }

  #transform(
    context: ProcessingContext<ConsumedRecord>,
    keyData: SchemaAndValue | null,
    valueData: SchemaAndValue | null,
    connectHeaders: ConnectHeaders | null,
  ): SinkRecord | null | Promise<SinkRecord | null> {
    if (context.failed || keyData === null || valueData === null || connectHeaders === null) return null;
    const consumed = context.original;
    const record = new SinkRecord({
      topic: consumed.topic,
      kafkaPartition: consumed.partition,
      keySchema: keyData.schema,
      key: keyData.value,
      valueSchema: valueData.schema,
      value: valueData.value,
      kafkaOffset: consumed.offset,
      timestamp: consumed.timestamp >= 0 ? consumed.timestamp : null,
      timestampType: consumed.timestampType,
      headers: connectHeaders,
    });
    return this.#chain.apply(context, record);
  }

  /** Starts the put of the batch gathered so far; the next batch gathers while it runs. */
  #deliverMessages(): void {
    const entries = this.#batch;
    const offsets = this.#batchOffsets;
    this.#batch = [];
    this.#batchOffsets = new Map();
    this.#delivery = this.#put(entries, offsets).then(() => null, (failure: unknown) => failure);
  }

  async #put(entries: BatchEntry[], offsets: Map<TopicPartition, number>): Promise<void> {
    const records = entries.map((e) => e.record);
    const started = this.#clock.now();
    try {
      await this.#task.put(records);
    } catch (error) {
      if (isRetriable(error)) {
        this.log.error(`${this} RetriableException from SinkTask:`, error);
        // redelivered ahead of the records gathered meanwhile; those consumed further
        this.#batch = entries.concat(this.#batch);
        for (const [tp, offset] of this.#batchOffsets) offsets.set(tp, offset);
        this.#batchOffsets = offsets;
        if (!this.#pausedForRedelivery) {
          this.#pauseAll();
          this.#pausedForRedelivery = true;
        }
        this.#redeliverAt = this.#nextCommit;
        return;
      }
      // WorkerTask logs the failure once, with this cause and its stack.
      throw new ConnectException('Exiting WorkerSinkTask due to unrecoverable exception.', { cause: error });
    }
    // An errant record report that failed after `report` returned still kills the task.
    const asyncError = this.#errantReporter?.takeAsyncError() ?? null;
    if (asyncError !== null) throw asyncError;
    this.#metrics?.recordPut(records.length, this.#clock.now() - started);
    for (const [tp, offset] of offsets) this.#currentOffsets.set(tp, new OffsetAndMetadata(offset));
    if (this.#pausedForRedelivery) {
      if (!this.isPaused) this.#resumeAll();
      this.#pausedForRedelivery = false;
    }
  }

  async #rewind(): Promise<void> {
    const rewinds = this.context.takeRewinds();
    for (const [tp, offset] of rewinds) {
      if (!this.#assigned.has(tp)) continue;
      this.log.debug(`${this} Rewind ${tp} to offset ${offset}`);
      await this.#consumer.seek({ topic: tp.topic, partition: tp.partition, offset });
      this.#lastCommittedOffsets.set(tp, new OffsetAndMetadata(offset));
      this.#currentOffsets.set(tp, new OffsetAndMetadata(offset));
      // Records of the batch past the new position would otherwise be delivered twice or skipped.
      this.#dropFromBatch([tp]);
    }
  }

  /**
   * Kafka's commitOffsets: waits for errant record reports, asks preCommit, keeps only offsets of
   * assigned partitions that do not pass what was consumed, and commits when they changed:
   * synchronously when closing (revocation, stop), else asynchronously.
   */
  async #commitOffsets(now: number, closing: boolean, partitions: TopicPartition[]): Promise<void> {
    await this.#settleDelivery();
    const requested = new Set(partitions);
    const offsets = new Map([...this.#currentOffsets].filter(([tp]) => requested.has(tp)));
    const seqno = ++this.#commitSeqno;
    this.#committing = true;
    this.#commitStarted = now;
    let taskProvided: PartitionOffsets;
    try {
      await this.#errantReporter?.awaitReports(partitions);
      taskProvided = await this.#task.preCommit(new Map(offsets));
    } catch (error) {
      if (closing) {
        this.log.warn(`${this} Offset commit failed during close`, error);
      } else {
        this.log.error(`${this} Offset commit failed, rewinding to last committed offsets`, error);
        for (const [tp, committed] of this.#lastCommittedOffsets) {
          this.log.debug(`${this} Rewinding topic partition ${tp} to offset ${committed.offset}`);
          await this.#consumer.seek({ topic: tp.topic, partition: tp.partition, offset: committed.offset });
        }
        this.#currentOffsets = new Map(this.#lastCommittedOffsets);
        this.#dropFromBatch([...this.#assigned]);
      }
      this.#commitCompleted(seqno, error, null);
      return;
    } finally {
      if (closing) await this.#task.close(partitions);
    }
    if (taskProvided.size === 0) {
      this.log.debug(`${this} Skipping offset commit, task opted-out by returning no offsets from preCommit`);
      this.#commitCompleted(seqno, null, null);
      return;
    }
    const committable = new Map([...this.#lastCommittedOffsets].filter(([tp]) => requested.has(tp)));
    for (const [tp, provided] of taskProvided) {
      const current = offsets.get(tp);
      if (current !== undefined) {
        if (provided.offset <= current.offset) committable.set(tp, provided);
        else this.log.warn(`${this} Ignoring invalid task provided offset ${tp}/${provided.offset} -- not yet consumed, taskOffset=${provided.offset} currentOffset=${current.offset}`);
      } else if (!this.#assigned.has(tp)) {
        this.log.warn(`${this} Ignoring invalid task provided offset ${tp}/${provided.offset} -- partition not assigned`);
      } else {
        this.log.debug(`${this} Ignoring task provided offset ${tp}/${provided.offset} -- partition not requested`);
      }
    }
    const unchanged = [...committable].every(([tp, o]) => this.#lastCommittedOffsets.get(tp)?.offset === o.offset);
    if (unchanged) {
      this.log.debug(`${this} Skipping offset commit, no change since last commit`);
      this.#commitCompleted(seqno, null, null);
      return;
    }
    const toCommit = [...committable].map(([tp, o]) => ({ topic: tp.topic, partition: tp.partition, offset: o.offset, metadata: o.metadata }));
    if (closing) {
      try {
        await this.#consumer.commit(toCommit);
        this.#commitCompleted(seqno, null, committable);
      } catch (error) {
        this.log.error(`${this} Commit of offsets threw an unexpected exception for sequence number ${seqno}`, error);
        this.#commitCompleted(seqno, error, null);
      }
      return;
    }
    this.#consumer.commit(toCommit).then(
      () => this.#commitCompleted(seqno, null, committable),
      (error: unknown) => this.#commitCompleted(seqno, error, null),
    );
  }

  #commitCompleted(seqno: number, error: unknown, committed: Map<TopicPartition, OffsetAndMetadata> | null): void {
    if (seqno !== this.#commitSeqno) {
      this.#metrics?.offsetCommitSkips.record(1, this.#clock.now());
      this.log.debug(`${this} Received out of order commit callback for sequence number ${seqno}, but most recent sequence number is ${this.#commitSeqno}`);
      return;
    }
    if (error !== null) {
      if (error instanceof RetriableException) this.log.warn(`${this} Commit of offsets failed with a retriable error`, error);
      else this.log.error(`${this} Commit of offsets threw an unexpected exception for sequence number ${seqno}`, error);
    } else if (committed !== null) {
      for (const [tp, o] of committed) this.#lastCommittedOffsets.set(tp, o);
      this.log.debug(`${this} Finished offset commit successfully for sequence number ${seqno}`);
    }
    if (this.#metrics !== null) {
      const now = this.#clock.now();
      this.#metrics.offsetCommitSeqNo = seqno;
      this.#metrics.recordOffsetCommit(now - this.#commitStarted, error === null, now);
      if (error === null) this.#metrics.offsetCommitCompletions.record(1, now);
      this.#recordActiveCount();
    }
    this.#committing = false;
  }

  async #onPartitionsAssigned(partitions: TopicPartition[]): Promise<void> {
    if (this.#taskStopped) return;
    await this.#settleDelivery();
    this.log.debug(`${this} Partitions assigned ${partitions.join(', ')}`);
    for (const tp of partitions) this.#assigned.add(tp);
    if (this.#metrics !== null) this.#metrics.partitionCount = this.#assigned.size;
    const committed = await this.#consumer.committed(partitions.map(plain));
    for (const c of committed) {
      if (c.offset < 0) continue;
      const tp = TopicPartition.of(c.topic, c.partition);
      this.#lastCommittedOffsets.set(tp, new OffsetAndMetadata(c.offset, c.metadata ?? ''));
      this.#currentOffsets.set(tp, new OffsetAndMetadata(c.offset, c.metadata ?? ''));
    }
    const wasPausedForRedelivery = this.#pausedForRedelivery;
    this.#pausedForRedelivery = wasPausedForRedelivery && this.#batch.length > 0;
    if (this.#pausedForRedelivery || this.isPaused) {
      this.#pauseAll();
    } else {
      if (wasPausedForRedelivery) this.#resumeAll();
      const pausedByTask = partitions.filter((tp) => this.context.pausedPartitions.has(tp));
      if (pausedByTask.length > 0) this.#consumer.pause(pausedByTask.map(plain));
    }
    await this.#task.open(partitions);
    // The task may have asked for rewinds in open().
    await this.#rewind();
  }

  async #onPartitionsRevoked(partitions: TopicPartition[], lost: boolean): Promise<void> {
    if (this.#taskStopped) return;
    this.log.debug(`${this} Partitions ${lost ? 'lost' : 'revoked'} ${partitions.join(', ')}`);
    await this.#closePartitions(partitions, lost);
  }

  async #closePartitions(partitions: TopicPartition[], lost: boolean): Promise<void> {
    if (partitions.length === 0 || this.#taskStopped) return;
    await this.#settleDelivery();
    if (lost) await this.#task.close(partitions);
    else await this.#commitOffsets(this.#clock.now(), true, partitions);
    for (const tp of partitions) {
      this.#assigned.delete(tp);
      this.#currentOffsets.delete(tp);
      this.#lastCommittedOffsets.delete(tp);
    }
    this.#dropFromBatch(partitions);
    if (this.#metrics !== null) this.#metrics.partitionCount = this.#assigned.size;
    this.context.forget(partitions);
    this.#errantReporter?.forget(partitions);
  }

  /** Drops records (and their pending offsets) of these partitions from the undelivered batch. */
  #dropFromBatch(partitions: TopicPartition[]): void {
    const dropped = new Set(partitions);
    this.#batch = this.#batch.filter((e) => !dropped.has(e.partition));
    for (const tp of dropped) this.#batchOffsets.delete(tp);
  }

  #pauseAll(): void {
    if (this.#assigned.size > 0) this.#consumer.pause([...this.#assigned].map(plain));
  }

  #resumeAll(): void {
    const resumable = [...this.#assigned].filter((tp) => !this.context.pausedPartitions.has(tp));
    if (resumable.length > 0) this.#consumer.resume(resumable.map(plain));
  }
}
