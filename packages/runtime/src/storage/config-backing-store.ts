/**
 * The cluster's connector and task configurations, held in the config topic (Kafka's
 * KafkaConfigBackingStore, spec §2.1). Every worker reads the whole topic into memory and keeps
 * following it; `snapshot()` is a consistent copy of what has been read, and the listener hears
 * of every change read after start.
 *
 * Reading rules (as Kafka):
 * - task configs are buffered until their connector's commit record, which applies tasks
 *   0..N-1 at once; if any of them is missing (compaction, a failed write), the connector is
 *   marked inconsistent, nothing is applied, and the leader must write the task configs again;
 * - a connector config without a target state starts STARTED; a target-state tombstone for a
 *   connector that still exists falls back to STARTED;
 * - deleting a connector drops its task configs and counts;
 * - logger levels read during start-up are history and are not announced.
 *
 * Write sequences (the leader's, except target states, which any worker may write) follow §2.1.
 */
import { ConnectException } from '@tsconnect/api';
import { type ConnectorTaskId, connectorTaskId } from '../connector-task-id.js';
import type { RestartRequest } from '../herder/herder.js';
import type { ConfigStore, ConfigUpdateListener } from '../herder/herder-ports.js';
import { withTimeout, isTimedOut } from '../util/with-timeout.js';
import { type ClientLog, defaultClientLog } from '../kafka/client-log.js';
import type { ConsumerRecord } from '../kafka/kafka-consumer.js';
import { type ConfigProperties, type ConfigRecord, type ConfigWrite, type TargetState, configWrites, parseConfigRecord } from './config-records.js';
import { ClusterConfigState, type ConfigMap, type SessionKey } from './cluster-config-state.js';
import type { KafkaBasedLog } from './kafka-based-log.js';
import { type InternalTopicStoreOptions, internalTopicLog } from './internal-topic-log.js';
import { verifyConfigTopicPartitions } from './topic-admin.js';

/** The in-memory state built from config records, and the listener calls each record causes. */
export class ConfigState {
  offset = -1n;
  sessionKey: SessionKey | null = null;
  readonly #connectorConfigs = new Map<string, ConfigMap>();
  readonly #targetStates = new Map<string, TargetState>();
  readonly #taskCounts = new Map<string, number>();
  /** Committed task configs by connector, then task number. */
  readonly #taskConfigs = new Map<string, Map<number, ConfigMap>>();
  /** Task configs read but not yet committed, by connector, then task number. */
  readonly #deferred = new Map<string, Map<number, ConfigMap>>();
  readonly #inconsistent = new Set<string>();
  readonly #restartRequests = new Map<string, RestartRequest>();
  readonly #loggerLevels = new Map<string, string>();
  readonly #taskCountRecords = new Map<string, number>();
  /** The snapshot of the state as it is now; dropped by every record applied. */
  #current: ClusterConfigState | null = null;

  readonly #log: ClientLog;

  constructor(log: ClientLog = defaultClientLog) {
    this.#log = log;
  }

  /**
   * Applies one record at `offset`; announces it to `listener` when given (after start-up).
   * Records whose value is not JSON are skipped without moving the offset, as Kafka does.
   */
  apply(key: string | null, value: Buffer | null, offset: number, listener: ConfigUpdateListener | null): void {
    if (key === null) {
      this.#log.error(`Found a config record without a key at offset ${offset}; ignoring it`);
      this.#moveTo(offset);
      return;
    }
    const record = parseConfigRecord(key, value);
    if (record.type === 'unreadable') {
      this.#log.error(`Failed to convert config data to Kafka Connect format: ${record.reason}`);
      return;
    }
    this.#moveTo(offset);
    this.#applyRecord(record, listener);
  }

  /** Past the record at `offset`; the state changes, so the next snapshot is a new one. */
  #moveTo(offset: number): void {
    this.offset = BigInt(offset + 1);
    this.#current = null;
  }

  #applyRecord(record: ConfigRecord, listener: ConfigUpdateListener | null): void {
    switch (record.type) {
      case 'target-state': {
        this.#targetStates.set(record.connector, record.state);
        // A state written before its connector's config (an initial state) is announced with the config.
        if (this.#connectorConfigs.has(record.connector)) listener?.onConnectorTargetStateChange?.(record.connector);
        return;
      }
      case 'target-state-deleted':
        this.#targetStates.delete(record.connector);
        if (this.#connectorConfigs.has(record.connector)) this.#targetStates.set(record.connector, 'STARTED');
        return;
      case 'connector-config':
        this.#connectorConfigs.set(record.connector, record.properties);
        if (!this.#targetStates.has(record.connector)) this.#targetStates.set(record.connector, 'STARTED');
        listener?.onConnectorConfigUpdate?.(record.connector);
        return;
      case 'connector-deleted':
        this.#connectorConfigs.delete(record.connector);
        this.#taskCounts.delete(record.connector);
        this.#taskConfigs.delete(record.connector);
        this.#deferred.delete(record.connector);
        this.#inconsistent.delete(record.connector);
        this.#log.info(`Successfully processed removal of connector '${record.connector}'`);
        listener?.onConnectorConfigRemove?.(record.connector);
        return;
      case 'task-config': {
        const pending = this.#deferred.get(record.task.connector) ?? new Map<number, ConfigMap>();
        pending.set(record.task.task, record.properties);
        this.#deferred.set(record.task.connector, pending);
        return;
      }
      case 'tasks-commit':
        this.#commitTasks(record.connector, record.taskCount, listener);
        return;
      case 'restart-request': {
        const request = { connector: record.connector, includeTasks: record.includeTasks, onlyFailed: record.onlyFailed };
        this.#restartRequests.set(record.connector, request);
        listener?.onRestartRequest?.(request);
        return;
      }
      case 'task-count':
        this.#taskCountRecords.set(record.connector, record.taskCount);
        return;
      case 'session-key':
        this.sessionKey = { key: record.key, algorithm: record.algorithm, creationTimestamp: record.creationTimestamp };
        listener?.onSessionKeyUpdate?.(this.sessionKey);
        return;
      case 'logger-level':
        this.#loggerLevels.set(record.namespace, record.level);
        listener?.onLoggingLevelUpdate?.(record.namespace, record.level);
        return;
      case 'ignored':
        this.#log.error(`Ignoring config record '${record.key}': ${record.reason}`);
        return;
      case 'unreadable':
        return;
    }
  }

  #commitTasks(connector: string, taskCount: number, listener: ConfigUpdateListener | null): void {
    const pending = this.#deferred.get(connector);
    const updated: ConnectorTaskId[] = [];
    let complete = true;
    for (let task = 0; task < taskCount; task++) {
      if (!pending?.has(task)) complete = false;
    }
    if (!complete) {
      this.#log.debug(`Incomplete set of task configs for connector '${connector}', probably due to compaction`);
      this.#inconsistent.add(connector);
    } else {
      if (pending !== undefined) {
        const committed = this.#taskConfigs.get(connector) ?? new Map<number, ConfigMap>();
        for (const [task, config] of pending) {
          committed.set(task, config);
          updated.push(connectorTaskId(connector, task));
        }
        this.#taskConfigs.set(connector, committed);
      }
      this.#inconsistent.delete(connector);
    }
    // Cleared even when inconsistent: a fresh, complete set must follow.
    this.#deferred.delete(connector);
    this.#taskCounts.set(connector, taskCount);
    listener?.onTaskConfigUpdate?.(updated);
  }

  /** The state as an immutable snapshot, shared by every caller until the next record. */
  snapshot(): ClusterConfigState {
    this.#current ??= this.#buildSnapshot();
    return this.#current;
  }

  #buildSnapshot(): ClusterConfigState {
    const taskConfigs = new Map<string, ConfigMap[]>();
    for (const [connector, count] of this.#taskCounts) {
      const committed = this.#taskConfigs.get(connector);
      const list: ConfigMap[] = [];
      if (!this.#inconsistent.has(connector) && committed !== undefined) {
        for (let task = 0; task < count; task++) {
          const config = committed.get(task);
          if (config !== undefined) list.push(config);
        }
      }
      taskConfigs.set(connector, list);
    }
    // The config maps are the parsed records', which nothing writes to: only the outer maps are copied.
    return new ClusterConfigState({
      offset: this.offset,
      sessionKey: this.sessionKey,
      connectorConfigs: new Map(this.#connectorConfigs),
      targetStates: new Map(this.#targetStates),
      taskCounts: new Map(this.#taskCounts),
      taskConfigs,
      inconsistent: new Set(this.#inconsistent),
      restartRequests: new Map(this.#restartRequests),
      loggerLevels: new Map(this.#loggerLevels),
      taskCountRecords: new Map(this.#taskCountRecords),
    });
  }
}

export class KafkaConfigBackingStore implements ConfigStore {
  readonly topic: string;
  readonly #log: ClientLog;
  readonly #state: ConfigState;
  readonly #kafkaLog: KafkaBasedLog;
  #listener: ConfigUpdateListener = {};
  #started = false;

  constructor(options: InternalTopicStoreOptions) {
    this.#log = options.log ?? defaultClientLog;
    this.#state = new ConfigState(this.#log);
    this.#kafkaLog = internalTopicLog('config', {
      ...options,
      log: this.#log,
      producerSettings: { 'enable.idempotence': 'false', 'delivery.timeout.ms': '2147483647' },
      onRecord: (record) => this.#onRecord(record),
    });
    this.topic = this.#kafkaLog.topic;
  }

  /** The listener hears of changes read after start. */
  setUpdateListener(listener: ConfigUpdateListener): void {
    this.#listener = listener;
  }

  /** Creates or checks the topic, reads it to the end, then follows it. */
  async start(): Promise<void> {
    this.#log.info('Starting KafkaConfigBackingStore');
    await this.#kafkaLog.start();
    try {
      verifyConfigTopicPartitions(this.topic, this.#kafkaLog.partitionCount);
    } catch (error) {
      await this.#kafkaLog.stop();
      throw error;
    }
    this.#started = true;
    this.#log.info('Started KafkaConfigBackingStore');
  }

  async stop(): Promise<void> {
    this.#started = false;
    await this.#kafkaLog.stop();
  }

  snapshot(): ClusterConfigState {
    return this.#state.snapshot();
  }

  /**
   * Reads the topic up to its current end, so the snapshot holds every acknowledged write; with
   * `timeoutMs`, fails when that takes longer.
   */
  async refresh(timeoutMs?: number): Promise<void> {
    if (timeoutMs === undefined) {
      await this.#kafkaLog.readToEnd();
      return;
    }
    if (isTimedOut(await withTimeout(() => this.#kafkaLog.readToEnd(), timeoutMs))) {
      throw new ConnectException(`Reading the config topic took longer than ${timeoutMs} ms`);
    }
  }

  /** Writes a connector config, after its initial target state when one is given. */
  async putConnectorConfig(connector: string, properties: ConfigProperties, initialState?: TargetState | null): Promise<void> {
    this.#log.debug(`Writing connector configuration for connector '${connector}'`);
    await failingAs('Error writing connector configuration to Kafka', async () => {
      await this.#send(configWrites.connectorConfig(connector, properties, initialState));
      await this.#kafkaLog.readToEnd();
    });
  }

  /** Deletes a connector: tombstones for its config and its target state. */
  async removeConnectorConfig(connector: string): Promise<void> {
    this.#log.debug(`Removing connector configuration for connector '${connector}'`);
    await failingAs('Error removing connector configuration from Kafka', async () => {
      await this.#send(configWrites.connectorRemoval(connector));
      await this.#kafkaLog.readToEnd();
    });
  }

  /** Writes the task configs of a connector (task i = configs[i]) and commits them; [] stops its tasks. */
  async putTaskConfigs(connector: string, configs: readonly ConfigProperties[]): Promise<void> {
    await this.putManyTaskConfigs(new Map([[connector, configs]]));
  }

  /**
   * Writes the task configs of several connectors and then their commits, as Kafka writes one
   * connector's: a connector's configs take effect at its commit, so the records of different
   * connectors may be sent together. One batch costs three reads to the end, however many connectors it holds.
   */
  async putManyTaskConfigs(updates: ReadonlyMap<string, readonly ConfigProperties[]>): Promise<void> {
    await failingAs('Error writing root configuration to Kafka', () => this.#kafkaLog.readToEnd());
    const taskRecords = [...updates].flatMap(([connector, configs]) => configWrites.taskConfigs(connector, configs));
    await failingAs('Error writing task configurations to Kafka', () => this.#sendTogether(taskRecords));
    await failingAs('Error writing root configuration to Kafka', async () => {
      await this.#kafkaLog.readToEnd();
      for (const [connector, configs] of updates) this.#log.debug(`Writing commit for connector '${connector}' with ${configs.length} tasks.`);
      await this.#sendTogether([...updates].map(([connector, configs]) => configWrites.tasksCommit(connector, configs.length)));
      await this.#kafkaLog.readToEnd();
    });
  }

  async putTargetState(connector: string, state: TargetState): Promise<void> {
    this.#log.debug(`Writing target state ${state} for connector ${connector}`);
    await failingAs('Error writing target state to Kafka', () => this.#send([configWrites.targetState(connector, state)]));
  }

  async putRestartRequest(request: RestartRequest): Promise<void> {
    const described = `RestartRequest{connectorName='${request.connector}', onlyFailed=${request.onlyFailed}, includeTasks=${request.includeTasks}}`;
    await failingAs(`Error writing ${described} to Kafka`, () => this.#send([configWrites.restartRequest(request)]));
  }

  async putTaskCountRecord(connector: string, taskCount: number): Promise<void> {
    await failingAs('Error writing task count record to Kafka', async () => {
      await this.#send([configWrites.taskCount(connector, taskCount)]);
      await this.#kafkaLog.readToEnd();
    });
  }

  async putSessionKey(sessionKey: SessionKey): Promise<void> {
    await failingAs('Error writing session key to Kafka', () => this.#send([configWrites.sessionKey(sessionKey)]));
  }

  async putLoggerLevel(namespace: string, level: string): Promise<void> {
    await failingAs('Error writing logger level to Kafka', () => this.#send([configWrites.loggerLevel(namespace, level)]));
  }

  /** Sends the records one after another, each once the previous one was acknowledged. */
  async #send(records: readonly ConfigWrite[]): Promise<void> {
    for (const { key, value } of records) await this.#kafkaLog.send(key, value);
  }

  /** Sends the records at once, for records whose order among themselves does not matter. */
  async #sendTogether(records: readonly ConfigWrite[]): Promise<void> {
    await Promise.all(records.map(({ key, value }) => this.#kafkaLog.send(key, value)));
  }

  #onRecord(record: ConsumerRecord): void {
    const key = record.key === null ? null : record.key.toString('utf8');
    this.#state.apply(key, record.value, record.offset, this.#started ? this.#listener : null);
  }
}

/** A failed write (or the read back after it) in Kafka's words, which the REST answer shows (a 500). */
async function failingAs(message: string, write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (error) {
    throw new ConnectException(message, { cause: error });
  }
}
