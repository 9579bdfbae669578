/**
 * What the herders need from the stores and the worker, as small interfaces: the herders are
 * written against these, and the Kafka-backed stores (or the standalone in-memory ones)
 * implement them.
 */
import type { ConnectorTaskId } from '../connector-task-id.js';
import type { SessionKey } from '../storage/config-backing-store.js';
import type { TargetState } from '../storage/config-records.js';
import type { ConnectorState } from '../storage/status-records.js';

/** A consistent view of the config topic at one offset (Kafka's ClusterConfigState). */
export interface ClusterConfigState {
  /** The next offset to read in the config topic; -1 before anything was read. */
  readonly offset: bigint;
  connectors(): string[];
  contains(connector: string): boolean;
  /** The raw config (placeholders unresolved). */
  connectorConfig(connector: string): Readonly<Record<string, string>> | undefined;
  targetState(connector: string): TargetState | undefined;
  /** The committed task count; 0 when none (including STOPPED connectors). */
  taskCount(connector: string): number;
  tasks(connector: string): ConnectorTaskId[];
  taskConfig(id: ConnectorTaskId): Readonly<Record<string, string>> | undefined;
  /** Task configs were committed but some are missing: the leader must regenerate them. */
  isInconsistent(connector: string): boolean;
  /** The task count of the connector's last zombie fencing (KIP-618 task-count record), if any. */
  taskCountRecord?(connector: string): number | undefined;
  /** The session key last read from the config topic (KIP-507); absent where there is none (standalone). */
  readonly sessionKey?: SessionKey | null;
}

/** Reactions to what is read from the config topic, whoever wrote it. */
export interface ConfigUpdateListener {
  onConnectorConfigUpdate(connector: string): void;
  onConnectorConfigRemove(connector: string): void;
  onTaskConfigUpdate(tasks: ConnectorTaskId[]): void;
  onConnectorTargetStateChange(connector: string): void;
  onRestartRequest(request: { connector: string; includeTasks: boolean; onlyFailed: boolean }): void;
  onLoggingLevelUpdate(namespace: string, level: string): void;
  onSessionKeyUpdate?(key: SessionKey): void;
}

export interface ConfigStore {
  snapshot(): ClusterConfigState;
  /** Reads the config topic to its current end. */
  refresh(timeoutMs: number): Promise<void>;
  /** Writes the target state first when given (KIP-980 initial state), then the config. */
  putConnectorConfig(connector: string, config: Readonly<Record<string, string>>, targetState: TargetState | null): Promise<void>;
  removeConnectorConfig(connector: string): Promise<void>;
  putTaskConfigs(connector: string, configs: readonly Readonly<Record<string, string>>[]): Promise<void>;
  putTargetState(connector: string, state: TargetState): Promise<void>;
  putRestartRequest(request: { connector: string; includeTasks: boolean; onlyFailed: boolean }): Promise<void>;
  putLoggerLevel(namespace: string, level: string): Promise<void>;
  /** Writes a new session key (the leader of a sessioned group); absent where keys are not kept. */
  putSessionKey?(key: SessionKey): Promise<void>;
  /** Records that the tasks of the connector's earlier generations were fenced (KIP-618). */
  putTaskCountRecord?(connector: string, taskCount: number): Promise<void>;
}

/** Status writes of this worker (generation-safe where Kafka uses putSafe). */
export interface StatusWriter {
  /** `version` is the plugin version of the instance reporting (Kafka 4.1+), null when unknown. */
  putConnector(connector: string, state: ConnectorState, trace: string | null, generation: number, version?: string | null): Promise<void>;
  putTask(id: ConnectorTaskId, state: ConnectorState, trace: string | null, generation: number, version?: string | null): Promise<void>;
  /** Tombstones for a deleted connector's statuses. */
  deleteConnector(connector: string, tasks: readonly ConnectorTaskId[]): Promise<void>;
  /** Tombstones for the statuses of tasks a connector no longer has. */
  deleteTasks(tasks: readonly ConnectorTaskId[]): Promise<void>;
  /** A topic-tracking record: a task of the connector used the topic. */
  putTopic(connector: string, task: number, topic: string): Promise<void>;
  /** Tombstones for the connector's topic-tracking records (PUT /connectors/{c}/topics/reset). */
  resetActiveTopics(connector: string, topics: readonly string[]): Promise<void>;
}

export type SourceOffsets = { partition: Record<string, unknown>; offset: Record<string, unknown> | null }[];

/** Source offsets of a connector (the offsets topic or the standalone file). */
export interface SourceOffsetStore {
  offsetsOf(connector: string): Promise<SourceOffsets>;
  /** Writes (or, for a null offset, removes) offsets and waits until they are stored. */
  writeOffsets(connector: string, offsets: SourceOffsets): Promise<void>;
}

/** Sink offsets live in the consumer group connect-<connector>. */
export interface SinkOffsetStore {
  groupOffsets(groupId: string): Promise<{ topic: string; partition: number; offset: number }[]>;
  alterGroupOffsets(groupId: string, offsets: { topic: string; partition: number; offset: number }[]): Promise<void>;
  deleteGroupOffsets(groupId: string, partitions: { topic: string; partition: number }[]): Promise<void>;
}
