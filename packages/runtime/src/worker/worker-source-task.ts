/**
 * Runs one SourceTask, as Kafka's (non exactly-once) WorkerSourceTask: `poll` in a loop; each
 * record is transformed, converted (headers, key, value) and sent. Its source offset is
 * committed only once Kafka acknowledged it and every earlier record of its source partition:
 * every `offset.flush.interval.ms` and at stop the acknowledged offsets go through the offset
 * writer, then `task.commit()` is called. `commitRecord(record, metadata)` follows each
 * acknowledgement (metadata null for records dropped by a transform or skipped after an error).
 *
 * A RetriableException from `poll` is logged and polling goes on. A failed send fails the task,
 * unless `errors.tolerance=all`, in which case it is reported and skipped (KIP-779). With
 * `topic.creation.*` settings, a topic is created before the first record goes to it.
 *
 * ExactlyOnceWorkerSourceTask changes where offsets go and when records count as committed
 * through the protected hooks (producer set-up, batch boundaries, pause, final commit).
 */
import {
  ConnectException,
  ConnectHeaders,
  isRetriable,
  type OffsetStorageReader,
  type RecordMetadata,
  type SourceOffset,
  type SourcePartition,
  type SourceRecord,
  type SourceTask,
  type SourceTaskContext,
  type TransactionContext,
} from '@tsconnect/api';
import { formatConnectorTaskId, type ConnectorTaskId } from '../connector-task-id.js';
import type { TaskProducer } from '../kafka/shared-producers.js';
import type { SourceTaskMetrics } from '../metrics/task-metrics.js';
import { systemClock, type Clock } from './clock.js';
import { ProcessingContext } from './errors/processing-context.js';
import { ToleranceType, type RetryWithToleranceOperator } from './errors/retry-with-tolerance-operator.js';
import { Stage } from './errors/stage.js';
import { producerRecordSender } from './kafka-adapters.js';
import type { KafkaHeader, ProducedRecord } from './kafka-records.js';
import { isPromiseLike, whenReady } from './maybe-promise.js';
import type { RecordSender } from './record-sender.js';
import { SubmittedRecords } from './submitted-records.js';
import type { TaskConverters } from './task-converters.js';
import type { TopicAdmin } from './topic-admin.js';
import { TopicCreation, type TopicCreationConfig } from './topic-creation.js';
import type { TransformationChain } from './transformation-chain.js';
import { WorkerTask, type WorkerTaskDependencies } from './worker-task.js';

/**
 * Stores a source task's offsets, as Kafka's OffsetStorageWriter: `offset` stages one,
 * `beginFlush` snapshots the staged offsets (false when there are none), `doFlush` writes the
 * snapshot, `cancelFlush` puts a failed snapshot back to be written with the next flush.
 */
export interface SourceOffsetWriter {
  offset(partition: SourcePartition, offset: SourceOffset | null): void;
  beginFlush(): boolean;
  doFlush(): Promise<void>;
  cancelFlush(): void;
}

/** The producer calls a source task makes: a `KafkaProducer`, or a lease of a shared one. */
export type SourceTaskProducer = TaskProducer;

export interface WorkerSourceTaskOptions {
  taskConfig: Readonly<Record<string, string>>;
  /** Worker `offset.flush.interval.ms` (default 60000). */
  offsetFlushIntervalMs?: number;
  /** Worker `offset.flush.timeout.ms` (default 5000). */
  offsetFlushTimeoutMs?: number;
  /**
   * The parsed connector config when the worker's topic.creation.enable is true (topics are then
   * created if the connector has `topic.creation.*` keys), else null.
   */
  topicCreation?: TopicCreationConfig | null;
  /** Records sent but not yet acknowledged before polling waits (default 10000). */
  maxOutstandingRecords?: number;
}

export interface WorkerSourceTaskDependencies extends WorkerTaskDependencies {
  task: SourceTask;
  /** Created with the task client properties (acks=all, ...); not yet connected. */
  producer: SourceTaskProducer;
  /** Creates topics (topic.creation.*); may be omitted when topics are not created. */
  admin?: TopicAdmin | null;
  converters: TaskConverters;
  transformationChain: TransformationChain<SourceRecord>;
  operator: RetryWithToleranceOperator;
  offsetReader: OffsetStorageReader;
  offsetWriter: SourceOffsetWriter;
  clock?: Clock;
}

const WORKER_SOURCE_TASK_CLASS = 'org.apache.kafka.connect.runtime.WorkerSourceTask';

export class WorkerSourceTask extends WorkerTask {
  protected readonly task: SourceTask;
  protected readonly producer: SourceTaskProducer;
  readonly #sender: RecordSender;
  readonly #admin: TopicAdmin | null;
  readonly #converters: TaskConverters;
  readonly #chain: TransformationChain<SourceRecord>;
  readonly #operator: RetryWithToleranceOperator;
  readonly #offsetReader: OffsetStorageReader;
  readonly #offsetWriter: SourceOffsetWriter;
  protected readonly clock: Clock;
  protected readonly taskConfig: Readonly<Record<string, string>>;
  readonly #flushIntervalMs: number;
  readonly #flushTimeoutMs: number;
  readonly #maxOutstanding: number;
  readonly #topicCreation: TopicCreation | null;
  protected readonly submitted = new SubmittedRecords();
  protected readonly metrics: SourceTaskMetrics | null;
  /** Acknowledged offsets not yet handed to the offset writer, by partition identity. */
  #committable = new Map<string, { partition: SourcePartition | null; offset: SourceOffset | null }>();
  #sendError: Error | null = null;
  #committing: Promise<boolean> | null = null;
  #taskStarted = false;
  #producerConnected = false;

  constructor(id: ConnectorTaskId, options: WorkerSourceTaskOptions, dependencies: WorkerSourceTaskDependencies) {
    super(id, dependencies);
    this.task = dependencies.task;
    this.producer = dependencies.producer;
    this.#sender = producerRecordSender(dependencies.producer);
    this.#admin = dependencies.admin ?? null;
    this.#converters = dependencies.converters;
    this.#chain = dependencies.transformationChain;
    this.#operator = dependencies.operator;
    this.#offsetReader = dependencies.offsetReader;
    this.#offsetWriter = dependencies.offsetWriter;
    this.clock = dependencies.clock ?? systemClock;
    this.taskConfig = options.taskConfig;
    this.#flushIntervalMs = options.offsetFlushIntervalMs ?? 60_000;
    this.#flushTimeoutMs = options.offsetFlushTimeoutMs ?? 5_000;
    this.#maxOutstanding = options.maxOutstandingRecords ?? 10_000;
    this.#topicCreation = TopicCreation.fromConfig(options.topicCreation ?? null);
    this.metrics = this.useMetrics(this.metricsRegistry.addSourceTask(id));
    if (this.metrics !== null) this.metrics.errors = this.#operator.metrics;
    if (this.#topicCreation !== null && this.#admin === null) {
      throw new TypeError('Topic creation needs an admin client');
    }
  }

  override toString(): string {
    return `WorkerSourceTask{id=${formatConnectorTaskId(this.id)}}`;
  }

  protected async initializeAndStart(): Promise<void> {
    await this.connectWhileRunning('producer', () => this.producer.connect());
    this.#producerConnected = true;
    await this.connectWhileRunning('producer', () => this.prepareProducer());
    const context: SourceTaskContext = {
      configs: () => this.taskConfig,
      offsetStorageReader: () => this.#offsetReader,
      transactionContext: () => this.transactionContext(),
    };
    this.task.initialize(context);
    this.#taskStarted = true;
    await this.task.start(this.taskConfig);
    this.log.info(`${this} Source task finished initialization and start`);
  }

  protected async execute(): Promise<void> {
    const timer = this.commitsOffsetsPeriodically ? setInterval(() => void this.#commitOffsets(), this.#flushIntervalMs) : undefined;
    let failed = false;
    try {
      while (!this.isStopping) {
        this.maybeThrowSendError();
        if (this.isPaused) {
          await this.beforePause();
          if (!(await this.awaitUnpause())) break;
          continue;
        }
        const records = await this.#poll();
        if (records === null || records.length === 0) {
          await this.afterBatch(null);
          // A task whose poll() answers at once must not starve the event loop (REST, heartbeats).
          await new Promise((r) => setImmediate(r));
          continue;
        }
        await this.#sendRecords(records);
        await this.afterBatch(records);
        this.metrics?.activeCount.record(this.submitted.pending, this.clock.now());
        await this.submitted.awaitBelow(this.#maxOutstanding);
      }
      this.maybeThrowSendError();
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      clearInterval(timer);
      await this.finalCommit(failed);
    }
  }

  /** Whether offsets are committed every offset.flush.interval.ms (not when they go with transactions). */
  protected get commitsOffsetsPeriodically(): boolean {
    return true;
  }

  /** Runs once the producer is connected, before the task starts. */
  protected async prepareProducer(): Promise<void> {}

  /** What the task gets as its TransactionContext. */
  protected transactionContext(): TransactionContext | null {
    return null;
  }

  /** Runs before each record is dispatched. */
  protected beforeRecord(): Promise<void> | void {}

  /** Runs after each record was dispatched (sent, not yet acknowledged; or dropped or skipped). */
  protected afterRecord(_record: SourceRecord): Promise<void> | void {}

  /** Runs after each poll: `records` were dispatched (not yet acknowledged), null when the poll returned none. */
  protected async afterBatch(_records: SourceRecord[] | null): Promise<void> {}

  /** Runs when the task is about to wait while paused. */
  protected async beforePause(): Promise<void> {}

  /**
   * A record was acknowledged by Kafka (metadata) or dropped or skipped (null); here it counts as
   * committed at once and `task.commitRecord` follows. Synchronous when `task.commitRecord` is.
   */
  protected recordSent(record: SourceRecord, metadata: RecordMetadata | null): Promise<void> | void {
    return this.commitTaskRecord(record, metadata);
  }

  /** Runs when the send loop ends, failed or not. */
  protected async finalCommit(failed: boolean): Promise<void> {
    await this.#finalOffsetCommit(failed);
  }

  protected async close(): Promise<void> {
    const attempt = async (what: string, action: () => unknown): Promise<void> => {
      try {
        await action();
      } catch (error) {
        this.log.warn(`${this} Failed to close ${what}`, error);
      }
    };
    if (this.#taskStarted) await attempt('the source task', () => this.task.stop());
    if (this.#producerConnected) await attempt('the producer', () => this.producer.disconnect());
    await attempt('the transformation chain', () => this.#chain.close());
    await attempt('the error reporters', () => this.#operator.close());
  }

  protected override onStopRequested(): void {
    this.#operator.triggerStop();
  }

  async #poll(): Promise<SourceRecord[] | null> {
    try {
      const started = this.clock.now();
      const records = await this.task.poll();
      if (records !== null) this.metrics?.recordPoll(records.length, this.clock.now() - started);
      return records;
    } catch (error) {
      if (!isRetriable(error)) throw error;
      this.log.warn(`${this} failed to poll records from SourceTask. Will retry operation.`, error);
      return null;
    }
  }

  async #sendRecords(records: SourceRecord[]): Promise<void> {
    for (const preTransform of records) {
      // The hooks are synchronous unless a subclass has work to do: no await per record for nothing.
      const before = this.beforeRecord();
      if (before) await before;
      await this.#dispatch(preTransform);
      const after = this.afterRecord(preTransform);
      if (after) await after;
    }
  }

  async #dispatch(preTransform: SourceRecord): Promise<void> {
    const context = new ProcessingContext(preTransform);
    // Transforms and converters mostly answer synchronously: await only when a promise comes back.
    let record = this.#chain.apply(context, preTransform);
    if (isPromiseLike(record)) record = await record;
    let produced = record === null ? null : this.#convert(context, record);
    if (isPromiseLike(produced)) produced = await produced;
    if (produced === null || context.failed) {
      // Dropped by a transform or skipped after a tolerated error: its offset still counts.
      this.submitted.submit(preTransform.sourcePartition, preTransform.sourceOffset).ack();
      const sent = this.recordSent(preTransform, null);
      if (sent) await sent;
      return;
    }
    if (this.#topicCreation?.isTopicCreationRequired(produced.topic)) await this.#createTopic(produced.topic);
    const submitted = this.submitted.submit(preTransform.sourcePartition, preTransform.sourceOffset);
    this.#sender.send(produced).then(
      (metadata) => {
        this.metrics?.recordWrite(1);
        this.trackTopic(metadata.topic);
        // No promise per acknowledged record when recordSent answers synchronously; ack follows it.
        const sent = this.recordSent(preTransform, metadata);
        if (sent) return sent.then(() => submitted.ack());
        submitted.ack();
        return undefined;
      },
      async (error: unknown) => {
        const failure = error instanceof Error ? error : new Error(String(error));
        if (this.#operator.tolerance === ToleranceType.ALL) {
          this.log.error(`${this} failed to send record to ${produced.topic}: `, failure);
          try {
            await this.#operator.executeFailed(context, Stage.KAFKA_PRODUCE, WORKER_SOURCE_TASK_CLASS, failure);
          } catch (reportError) {
            this.log.error(`${this} Failed to report a failed send`, reportError);
          }
          await this.recordSent(preTransform, null);
          submitted.ack();
        } else {
          // The task fails with this cause; WorkerTask logs it once, with the stack.
          this.#sendError ??= failure;
        }
      },
    );
  }

  /** Headers, key and value through the converters; null when the record failed (tolerated). */
  #convert(context: ProcessingContext<SourceRecord>, record: SourceRecord): ProducedRecord | null | Promise<ProducedRecord | null> {
    const { topic } = record;
    const converters = this.#converters;
    const operator = this.#operator;
    // Converters see the headers as bytes, as Java passes the producer record's headers.
    const rawHeaders = record.headers.isEmpty()
      ? operator.run(context, () => new ConnectHeaders(), Stage.HEADER_CONVERTER, converters.headerClass)
      : operator.run(context, async () => {
        const raw = new ConnectHeaders();
        for (const h of record.headers) raw.addBytes(h.key, await converters.header.fromConnectHeader(topic, h.key, h.schema, h.value));
        return raw;
      }, Stage.HEADER_CONVERTER, converters.headerClass);
    return whenReady(rawHeaders, (headers) => {
      if (headers === null) return null;
      const key = operator.run(context, () => converters.key.fromConnectData(topic, headers, record.keySchema, record.key), Stage.KEY_CONVERTER, converters.keyClass);
      return whenReady(key, (keyBytes) => {
        const value = operator.run(context, () => converters.value.fromConnectData(topic, headers, record.valueSchema, record.value), Stage.VALUE_CONVERTER, converters.valueClass);
        return whenReady(value, (valueBytes) => this.#produced(context, record, headers, keyBytes, valueBytes));
      });
    });
  }

  /** The converted record for the producer; null when a converter stage failed (tolerated). */
  #produced(
    context: ProcessingContext<SourceRecord>,
    record: SourceRecord,
    rawHeaders: ConnectHeaders,
    key: Uint8Array | null | undefined,
    value: Uint8Array | null | undefined,
  ): ProducedRecord | null {
    if (context.failed) return null;
    // A converter may have added headers (e.g. a schema id); they travel with the record.
    const headers: KafkaHeader[] = rawHeaders.isEmpty() ? [] : [...rawHeaders].map((h) => ({ key: h.key, value: h.value as Uint8Array | null }));
    return {
      topic: record.topic,
      partition: record.kafkaPartition,
      key: key ?? null,
      value: value ?? null,
      headers,
      timestamp: record.timestamp !== null && record.timestamp >= 0 ? record.timestamp : null,
    };
  }

  async #createTopic(topic: string): Promise<void> {
    const creation = this.#topicCreation!;
    const group = creation.findFirstGroup(topic);
    this.log.info(`${this} The task will send records to topic '${topic}' for the first time. Checking whether topic exists`);
    this.log.debug(`${this} Topic '${topic}' matched topic creation group: ${group}`);
    try {
      const created = await this.#admin!.createTopicIfMissing(group.newTopic(topic));
      this.log.info(created ? `${this} Created topic '${topic}' using creation group ${group}` : `${this} Topic '${topic}' already exists.`);
    } catch (error) {
      this.log.warn(`${this} Request to create new topic '${topic}' failed`, error);
      throw new ConnectException(
        `Task failed to create new topic ${topic}. Ensure that the task is authorized to create topics or that the topic exists and restart the task`,
        { cause: error },
      );
    }
    creation.addTopic(topic);
  }

  /** Calls `task.commitRecord`, logging its failure; synchronous when the task's method is. */
  protected commitTaskRecord(record: SourceRecord, metadata: RecordMetadata | null): Promise<void> | void {
    try {
      const committed = this.task.commitRecord(record, metadata);
      if (isPromiseLike(committed)) return Promise.resolve(committed).catch((error: unknown) => this.#commitRecordFailed(error));
    } catch (error) {
      this.#commitRecordFailed(error);
    }
  }

  #commitRecordFailed(error: unknown): void {
    this.log.error(`${this} Exception thrown while calling task.commitRecord()`, error);
  }

  protected maybeThrowSendError(): void {
    if (this.#sendError !== null) {
      throw new ConnectException('Unrecoverable exception from producer send callback', { cause: this.#sendError });
    }
  }

  /** Commits offsets once at a time; a request while one runs waits for it. */
  #commitOffsets(): Promise<boolean> {
    this.#committing ??= this.#doCommitOffsets().finally(() => {
      this.#committing = null;
    });
    return this.#committing;
  }

  async #doCommitOffsets(): Promise<boolean> {
    const started = this.clock.now();
    const acknowledged = this.submitted.committableOffsets();
    for (const [key, entry] of acknowledged.offsets) this.#committable.set(key, entry);
    if (this.#committable.size === 0) {
      this.log.debug(`${this} Either no records were produced by the task since the last offset commit, or every record has been filtered out by a transformation or dropped due to transformation or conversion errors.`);
    } else {
      this.log.info(`${this} Committing offsets for ${acknowledged.numCommittableMessages} acknowledged messages`);
    }
    for (const { partition, offset } of this.#committable.values()) {
      if (partition !== null) this.#offsetWriter.offset(partition, offset);
    }
    this.#committable = new Map();
    if (this.#offsetWriter.beginFlush()) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((resolve) => { timer = setTimeout(() => resolve('timeout'), this.#flushTimeoutMs); });
      try {
        const result = await Promise.race([this.#offsetWriter.doFlush().then(() => 'flushed' as const), timeout]);
        if (result === 'timeout') {
          this.log.error(`${this} Timed out waiting to flush offsets to storage; will try again on next flush interval with latest offsets`);
          this.#offsetWriter.cancelFlush();
          this.metrics?.recordOffsetCommit(this.clock.now() - started, false);
          return false;
        }
      } catch (error) {
        this.log.error(`${this} Flush of offsets threw an unexpected exception: `, error);
        this.#offsetWriter.cancelFlush();
        this.metrics?.recordOffsetCommit(this.clock.now() - started, false);
        return false;
      } finally {
        clearTimeout(timer);
      }
    }
    this.log.debug(`${this} Finished commitOffsets successfully in ${this.clock.now() - started} ms`);
    this.metrics?.recordOffsetCommit(this.clock.now() - started, true);
    await this.commitTask();
    return true;
  }

  protected async commitTask(): Promise<void> {
    try {
      await this.task.commit();
    } catch (error) {
      this.log.error(`${this} Exception thrown while calling task.commit()`, error);
    }
  }

  /** Waits (up to offset.flush.timeout.ms) for outstanding acks, then commits what was acknowledged. */
  async #finalOffsetCommit(failed: boolean): Promise<void> {
    if (!this.#producerConnected) return;
    if (!(await this.submitted.awaitAllMessages(this.#flushTimeoutMs))) {
      this.log.warn(`${this} Not all records were acknowledged before the final offset commit${failed ? ' of the failed task' : ''}`);
    }
    // A periodic commit in progress may predate the last acknowledgements: commit once more after it.
    if (this.#committing !== null) await this.#committing;
    await this.#commitOffsets();
  }
}
