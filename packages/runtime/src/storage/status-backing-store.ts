/**
 * Connector and task statuses and topic-tracking records, held in the status topic (Kafka's
 * KafkaStatusBackingStore, spec §2.2). Every worker reads the whole topic and caches the latest
 * status of each connector and task.
 *
 * Status writes never fail their caller, as in Kafka: the returned promise resolves once Kafka
 * acknowledged the record, or once the write was given up (a non-retriable error is logged;
 * retriable ones are retried while the write is still current). `putSafe` skips the write when the cached status comes from another worker
 * with a higher generation: a worker that lost its assignment must not overwrite the status its
 * successor wrote. That check runs against this worker's cache, which may not yet hold the
 * successor's record, so the read side applies the same rule: an UNASSIGNED or FAILED record (the
 * states only ever written safely) from another worker with a lower generation than the cached
 * status is not applied. Without it, a leader marking held-back work UNASSIGNED, or a worker
 * reporting the shutdown of a revoked task, could land just after the new owner's RUNNING and
 * leave the task reading UNASSIGNED while it runs. Every worker reads the topic in the same order,
 * so every cache drops the same records. A DESTROYED status is written as a tombstone.
 */
import type { ConnectError } from '@tsconnect/api';
import { type ConnectorTaskId, formatConnectorTaskId } from '../connector-task-id.js';
import { type ClientLog, defaultClientLog } from '../kafka/client-log.js';
import type { ConsumerRecord } from '../kafka/kafka-consumer.js';
import type { KafkaBasedLog } from './kafka-based-log.js';
import { type InternalTopicStoreOptions, internalTopicLog } from './internal-topic-log.js';
import {
  type ConnectorState,
  SAFELY_WRITTEN_STATES,
  type StatusValue,
  type TopicStatusValue,
  encodeStatus,
  encodeTopicStatus,
  parseStatusRecord,
  statusKeys,
} from './status-records.js';

const RETRY_BACKOFF_MS = 100;

/** A status to write: any state, or DESTROYED (removed, written as a tombstone). */
export type StatusUpdate = Omit<StatusValue, 'state'> & { state: ConnectorState | 'DESTROYED' };

/** The cached status of one connector or task, with a sequence that orders our own writes to it. */
class CacheEntry {
  value: StatusValue | null = null;
  sequence = 0;
  deleted = false;

  canWriteSafely(status: StatusUpdate, sequence?: number): boolean {
    const allowed =
      this.value === null || this.value.workerId === status.workerId || this.value.generation <= status.generation;
    return allowed && (sequence === undefined || sequence === this.sequence);
  }

  /** Applies a status read from the topic, unless it is a safe write that the cache shows to be stale. */
  put(value: StatusValue): boolean {
    // The writer's putSafe rule, checked again against what this cache has read meanwhile.
    if (SAFELY_WRITTEN_STATES.has(value.state) && !this.canWriteSafely(value)) return false;
    this.value = value;
    return true;
  }

  delete(): void {
    this.deleted = true;
    this.value = null;
  }
}

export class KafkaStatusBackingStore {
  readonly topic: string;
  readonly #log: ClientLog;
  readonly #kafkaLog: KafkaBasedLog;
  readonly #connectors = new Map<string, CacheEntry>();
  readonly #tasks = new Map<string, Map<number, CacheEntry>>();
  readonly #topics = new Map<string, Map<string, TopicStatusValue>>();
  /** The generation of the last status this worker wrote: retries of older writes are dropped. */
  #generation = -1;

  constructor(options: InternalTopicStoreOptions) {
    this.#log = options.log ?? defaultClientLog;
    // The store retries by itself, and only while a write is still current.
    this.#kafkaLog = internalTopicLog('status', {
      ...options,
      log: this.#log,
      producerSettings: { retries: '0', 'enable.idempotence': 'false' },
      onRecord: (record) => this.#onRecord(record),
    });
    this.topic = this.#kafkaLog.topic;
  }

  async start(): Promise<void> {
    await this.#kafkaLog.start();
  }

  async stop(): Promise<void> {
    await this.#kafkaLog.stop();
  }

  /** Reads the topic to its current end, so that the cache holds every acknowledged write. */
  async flush(): Promise<void> {
    await this.#kafkaLog.readToEnd();
  }

  putConnector(connector: string, status: StatusUpdate): Promise<void> {
    return this.#send(statusKeys.connector(connector), status, this.#connectorEntry(connector), false);
  }

  putConnectorSafe(connector: string, status: StatusUpdate): Promise<void> {
    return this.#send(statusKeys.connector(connector), status, this.#connectorEntry(connector), true);
  }

  putTask(task: ConnectorTaskId, status: StatusUpdate): Promise<void> {
    return this.#send(statusKeys.task(task), status, this.#taskEntry(task), false);
  }

  putTaskSafe(task: ConnectorTaskId, status: StatusUpdate): Promise<void> {
    return this.#send(statusKeys.task(task), status, this.#taskEntry(task), true);
  }

  /** Records that a connector's task used a topic (topic.tracking.enable); only the first use is written. */
  async putTopic(status: TopicStatusValue): Promise<void> {
    const existing = this.#topics.get(status.connector)?.get(status.topic);
    if (existing !== undefined) return;
    await this.#kafkaLog.send(statusKeys.topic(status.topic, status.connector), encodeTopicStatus(status));
  }

  /** Resets a topic-tracking record with a tombstone. */
  async deleteTopic(connector: string, topic: string): Promise<void> {
    await this.#kafkaLog.send(statusKeys.topic(topic, connector), null);
  }

  getConnector(connector: string): StatusValue | null {
    return this.#connectors.get(connector)?.value ?? null;
  }

  getTask(task: ConnectorTaskId): StatusValue | null {
    return this.#tasks.get(task.connector)?.get(task.task)?.value ?? null;
  }

  /** The statuses of a connector's tasks, by task number. */
  getAllTasks(connector: string): Map<number, StatusValue> {
    const result = new Map<number, StatusValue>();
    for (const [task, entry] of this.#tasks.get(connector) ?? []) {
      if (entry.value !== null) result.set(task, entry.value);
    }
    return result;
  }

  /** Connectors that have a status. */
  connectorNames(): string[] {
    return [...this.#connectors].filter(([, entry]) => entry.value !== null).map(([name]) => name);
  }

  getTopic(connector: string, topic: string): TopicStatusValue | null {
    return this.#topics.get(connector)?.get(topic) ?? null;
  }

  getAllTopics(connector: string): TopicStatusValue[] {
    return [...(this.#topics.get(connector)?.values() ?? [])];
  }

  async #send(key: string, status: StatusUpdate, entry: CacheEntry, safeWrite: boolean): Promise<void> {
    this.#generation = status.generation;
    if (safeWrite && !entry.canWriteSafely(status)) return;
    const sequence = ++entry.sequence;
    const value = status.state === 'DESTROYED' ? null : encodeStatus(status as StatusValue);
    for (;;) {
      try {
        await this.#kafkaLog.send(key, value);
        return;
      } catch (error) {
        if (!(error as ConnectError).retriable) {
          this.#log.error(`Failed to write status update: ${(error as Error).message}`);
          return;
        }
        const current =
          !entry.deleted &&
          status.generation === this.#generation &&
          (!safeWrite || entry.canWriteSafely(status, sequence));
        if (!current) return;
        await new Promise((resolve) => setTimeout(resolve, RETRY_BACKOFF_MS));
      }
    }
  }

  #connectorEntry(connector: string): CacheEntry {
    let entry = this.#connectors.get(connector);
    if (entry === undefined) {
      entry = new CacheEntry();
      this.#connectors.set(connector, entry);
    }
    return entry;
  }

  #taskEntry(task: ConnectorTaskId): CacheEntry {
    let byTask = this.#tasks.get(task.connector);
    if (byTask === undefined) {
      byTask = new Map();
      this.#tasks.set(task.connector, byTask);
    }
    let entry = byTask.get(task.task);
    if (entry === undefined) {
      entry = new CacheEntry();
      byTask.set(task.task, entry);
    }
    return entry;
  }

  #logStale(name: string, status: StatusValue): void {
    this.#log.debug(
      `Not applying ${status.state} of ${name} from ${status.workerId} (generation ${status.generation}): a newer generation's status is cached`,
    );
  }

  #onRecord(consumed: ConsumerRecord): void {
    if (consumed.key === null) {
      this.#log.warn(`Discarding status record without a key at offset ${consumed.offset}`);
      return;
    }
    const record = parseStatusRecord(consumed.key.toString('utf8'), consumed.value);
    switch (record.type) {
      case 'connector-status':
        if (!this.#connectorEntry(record.connector).put(record.status)) this.#logStale(record.connector, record.status);
        return;
      case 'connector-status-deleted': {
        // A removed connector takes its tasks' statuses with it.
        this.#connectors.get(record.connector)?.delete();
        this.#connectors.delete(record.connector);
        for (const entry of this.#tasks.get(record.connector)?.values() ?? []) entry.delete();
        this.#tasks.delete(record.connector);
        return;
      }
      case 'task-status':
        if (!this.#taskEntry(record.task).put(record.status)) this.#logStale(formatConnectorTaskId(record.task), record.status);
        return;
      case 'task-status-deleted': {
        const byTask = this.#tasks.get(record.task.connector);
        byTask?.get(record.task.task)?.delete();
        byTask?.delete(record.task.task);
        this.#log.debug(`Removed status of task ${formatConnectorTaskId(record.task)}`);
        return;
      }
      case 'topic-status': {
        const byTopic = this.#topics.get(record.status.connector) ?? new Map<string, TopicStatusValue>();
        byTopic.set(record.status.topic, record.status);
        this.#topics.set(record.status.connector, byTopic);
        return;
      }
      case 'topic-status-deleted':
        this.#topics.get(record.connector)?.delete(record.topic);
        return;
      case 'ignored':
        this.#log.warn(`Discarding status record '${record.key}': ${record.reason}`);
        return;
    }
  }
}
