/**
 * Writes the original bytes of failed sink records to the connector's dead letter queue topic
 * (`errors.deadletterqueue.topic.name`), optionally with `__connect.errors.*` headers that say
 * where and why it failed, exactly as Kafka's DeadLetterQueueReporter does. A failed DLQ write is
 * logged and counted, never fatal.
 */
import { ConnectException, SourceRecord } from '@tsconnect/api';
import type { ConnectorTaskId } from '../../connector-task-id.js';
import { errorMessage, javaClassName, javaStackTrace } from '../java-stack-trace.js';
import type { ConsumedRecord, KafkaHeader, ProducedRecord } from '../kafka-records.js';
import type { RecordSender } from '../record-sender.js';
import type { TopicAdmin } from '../topic-admin.js';
import { defaultWorkerLog, type WorkerLog } from '../worker-log.js';
import type { ErrorHandlingMetrics } from './error-handling-metrics.js';
import type { ErrorReporter } from './error-reporter.js';
import type { OriginalRecord, ProcessingContext } from './processing-context.js';

const DLQ_HEADER_PREFIX = '__connect.errors.';
const DlqHeaders = {
  ORIGINAL_TOPIC: `${DLQ_HEADER_PREFIX}topic`,
  ORIGINAL_PARTITION: `${DLQ_HEADER_PREFIX}partition`,
  ORIGINAL_OFFSET: `${DLQ_HEADER_PREFIX}offset`,
  CONNECTOR_NAME: `${DLQ_HEADER_PREFIX}connector.name`,
  TASK_ID: `${DLQ_HEADER_PREFIX}task.id`,
  STAGE: `${DLQ_HEADER_PREFIX}stage`,
  EXECUTING_CLASS: `${DLQ_HEADER_PREFIX}class.name`,
  EXCEPTION: `${DLQ_HEADER_PREFIX}exception.class.name`,
  EXCEPTION_MESSAGE: `${DLQ_HEADER_PREFIX}exception.message`,
  EXCEPTION_STACK_TRACE: `${DLQ_HEADER_PREFIX}exception.stacktrace`,
} as const;

/** The DLQ topic is created with a single partition, as Kafka does. */
const DLQ_PARTITIONS = 1;

export interface DeadLetterQueueOptions {
  /** errors.deadletterqueue.topic.name */
  topic: string;
  /** errors.deadletterqueue.topic.replication.factor */
  replicationFactor: number;
  /** errors.deadletterqueue.context.headers.enable */
  contextHeadersEnabled: boolean;
}

const utf8 = new TextEncoder();

function text(value: string | null): Uint8Array | null {
  return value === null ? null : utf8.encode(value);
}

/** The `__connect.errors.*` headers describing where and why the record in `context` failed. */
export function deadLetterQueueContextHeaders(
  context: ProcessingContext<OriginalRecord>,
  taskId: ConnectorTaskId,
): KafkaHeader[] {
  const headers: KafkaHeader[] = [];
  const add = (key: string, value: string | null): void => {
    headers.push({ key, value: text(value) });
  };
  const original = context.original;
  if (!(original instanceof SourceRecord)) {
    add(DlqHeaders.ORIGINAL_TOPIC, original.topic);
    add(DlqHeaders.ORIGINAL_PARTITION, String(original.partition));
    add(DlqHeaders.ORIGINAL_OFFSET, String(original.offset));
  }
  add(DlqHeaders.CONNECTOR_NAME, taskId.connector);
  add(DlqHeaders.TASK_ID, String(taskId.task));
  add(DlqHeaders.STAGE, context.stage);
  add(DlqHeaders.EXECUTING_CLASS, context.executingClass);
  if (context.error !== null) {
    add(DlqHeaders.EXCEPTION, javaClassName(context.error));
    add(DlqHeaders.EXCEPTION_MESSAGE, errorMessage(context.error));
    add(DlqHeaders.EXCEPTION_STACK_TRACE, javaStackTrace(context.error));
  }
  return headers;
}

export class DeadLetterQueueReporter implements ErrorReporter {
  readonly topic: string;

  /** Creates the DLQ topic when it is missing, then returns a reporter writing with `producer`. */
  static async createAndSetup(
    admin: TopicAdmin,
    producer: RecordSender,
    taskId: ConnectorTaskId,
    options: DeadLetterQueueOptions,
    metrics: ErrorHandlingMetrics,
    log: WorkerLog = defaultWorkerLog,
  ): Promise<DeadLetterQueueReporter> {
    const topic = options.topic.trim();
    try {
      const created = await admin.createTopicIfMissing({
        name: topic,
        numPartitions: DLQ_PARTITIONS,
        replicationFactor: options.replicationFactor,
      });
      if (created) log.info(`Created dead letter queue topic ${topic}`);
    } catch (error) {
      throw new ConnectException(`Could not initialize dead letter queue with topic=${topic}`, { cause: error });
    }
    return new DeadLetterQueueReporter(producer, taskId, options, metrics, log);
  }

  readonly #producer: RecordSender;
  readonly #taskId: ConnectorTaskId;
  readonly #options: DeadLetterQueueOptions;
  readonly #metrics: ErrorHandlingMetrics;
  readonly #log: WorkerLog;

  constructor(
    producer: RecordSender,
    taskId: ConnectorTaskId,
    options: DeadLetterQueueOptions,
    metrics: ErrorHandlingMetrics,
    log: WorkerLog = defaultWorkerLog,
  ) {
    this.#producer = producer;
    this.#taskId = taskId;
    this.#options = options;
    this.#metrics = metrics;
    this.#log = log;
    this.topic = options.topic.trim();
  }

  report(context: ProcessingContext<OriginalRecord>): Promise<void> {
    if (this.topic === '') return Promise.resolve();
    this.#metrics.recordDeadLetterQueueProduceRequest();
    const original = context.original;
    if (original instanceof SourceRecord) {
      this.#metrics.recordDeadLetterQueueProduceFailed();
      return Promise.resolve();
    }
    return this.#producer.send(this.deadLetterRecord(context as ProcessingContext<ConsumedRecord>)).then(
      () => {},
      (error: unknown) => {
        this.#log.error(`Could not produce message to dead letter queue. topic=${this.topic}`, error);
        this.#metrics.recordDeadLetterQueueProduceFailed();
      },
    );
  }

  /** The original record, addressed to the DLQ topic, with the context headers when enabled. */
  deadLetterRecord(context: ProcessingContext<ConsumedRecord>): ProducedRecord {
    const original = context.original;
    const headers = [...original.headers];
    if (this.#options.contextHeadersEnabled) headers.push(...deadLetterQueueContextHeaders(context, this.#taskId));
    return {
      topic: this.topic,
      partition: null,
      key: original.key,
      value: original.value,
      headers,
      timestamp: original.timestamp < 0 ? null : original.timestamp,
    };
  }

  async close(): Promise<void> {
    await this.#producer.close();
  }
}
