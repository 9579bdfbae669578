/**
 * The `ErrantRecordReporter` a sink task gets from its context (KIP-610). A reported record goes
 * to the log and/or DLQ through the tolerance operator, as a TASK_PUT failure of the SinkTask.
 * For records the worker delivered, the original consumed bytes are reported; records the task
 * built itself are serialised again with the task's converters. The worker waits for the reports
 * of a partition before it commits that partition's offsets.
 */
import { ConnectHeaders, type ErrantRecordReporter, type SinkRecord, TopicPartition } from '@tsconnect/api';
import type { ConsumedRecord, KafkaHeader } from '../kafka-records.js';
import type { TaskConverters } from '../task-converters.js';
import { ProcessingContext } from './processing-context.js';
import type { RetryWithToleranceOperator } from './retry-with-tolerance-operator.js';
import { Stage } from './stage.js';

const SINK_TASK_CLASS = 'org.apache.kafka.connect.sink.SinkTask';

export class WorkerErrantRecordReporter implements ErrantRecordReporter {
  /** The consumed record behind each SinkRecord the worker handed to `put`. */
  readonly #originals = new WeakMap<SinkRecord, ConsumedRecord>();
  readonly #pending = new Map<TopicPartition, Set<Promise<void>>>();
  #asyncError: Error | null = null;

  readonly #operator: RetryWithToleranceOperator;
  readonly #converters: TaskConverters;

  constructor(
    operator: RetryWithToleranceOperator,
    converters: TaskConverters,
  ) {
    this.#operator = operator;
    this.#converters = converters;
  }

  /** Remembers which consumed record a delivered SinkRecord came from. */
  trackOriginal(record: SinkRecord, consumed: ConsumedRecord): void {
    this.#originals.set(record, consumed);
  }

  report(record: SinkRecord, error: Error): Promise<void> {
    const consumed = this.#originals.get(record);
    if (consumed !== undefined) return this.#reportConsumed(record, consumed, error);
    // A record the task built: serialise it first (converters may be asynchronous).
    const reported = this.#serialise(record).then((serialised) => this.#reportConsumed(record, serialised, error));
    reported.catch((failure: unknown) => {
      this.#asyncError ??= failure instanceof Error ? failure : new Error(String(failure));
    });
    return reported;
  }

  /** An error a report raised after `report` returned (e.g. tolerance exceeded), once. */
  takeAsyncError(): Error | null {
    const error = this.#asyncError;
    this.#asyncError = null;
    return error;
  }

  /** Waits until the reports of records from these partitions are stored. */
  async awaitReports(partitions: Iterable<TopicPartition>): Promise<void> {
    const waits: Promise<void>[] = [];
    for (const tp of partitions) {
      const pending = this.#pending.get(tp);
      if (pending) waits.push(...pending);
    }
    await Promise.all(waits);
  }

  /** Forgets the pending reports of partitions that were revoked. */
  forget(partitions: Iterable<TopicPartition>): void {
    for (const tp of partitions) this.#pending.delete(tp);
  }

  #reportConsumed(record: SinkRecord, consumed: ConsumedRecord, error: Error): Promise<void> {
    const context = new ProcessingContext(consumed);
    const reported = this.#operator.executeFailed(context, Stage.TASK_PUT, SINK_TASK_CLASS, error);
    const tp = TopicPartition.of(record.originalTopic, record.originalKafkaPartition ?? consumed.partition);
    let pending = this.#pending.get(tp);
    if (!pending) this.#pending.set(tp, (pending = new Set()));
    const tracked = pending;
    tracked.add(reported);
    void reported.finally(() => tracked.delete(reported));
    return reported;
  }

  async #serialise(record: SinkRecord): Promise<ConsumedRecord> {
    const headers: KafkaHeader[] = [];
    for (const header of record.headers) {
      const value = await this.#converters.header.fromConnectHeader(record.topic, header.key, header.schema, header.value);
      headers.push({ key: header.key, value });
    }
    const connectHeaders = new ConnectHeaders(record.headers);
    const key = await this.#converters.key.fromConnectData(record.topic, connectHeaders, record.keySchema, record.key);
    const value = await this.#converters.value.fromConnectData(record.topic, connectHeaders, record.valueSchema, record.value);
    return {
      topic: record.topic,
      partition: record.kafkaPartition ?? -1,
      offset: record.kafkaOffset,
      key,
      value,
      headers,
      timestamp: record.timestamp ?? -1,
      timestampType: record.timestampType,
    };
  }
}
