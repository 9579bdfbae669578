/**
 * What the herder needs from the stores and the group, as small interfaces: the herder is
 * written against these, and the Kafka-backed stores (or the standalone in-memory ones) and the
 * group members implement them directly.
 */
import type { ConnectorTaskId } from '../connector-task-id.js';
import type { ClusterConfigState, SessionKey } from '../storage/cluster-config-state.js';
import type { TargetState } from '../storage/config-records.js';
import type { ConnectorState } from '../storage/status-records.js';
import type { RestartRequest } from './herder.js';

/**
 * Reactions to what is read from the config topic, whoever wrote it (Kafka's
 * ConfigBackingStore.UpdateListener). Records read while a store starts are history and are not
 * announced. Every callback is optional for listeners that follow only part of it; the herder
 * implements them all.
 */
export interface ConfigUpdateListener {
  onConnectorConfigUpdate?(connector: string): void;
  onConnectorConfigRemove?(connector: string): void;
  onTaskConfigUpdate?(tasks: ConnectorTaskId[]): void;
  onConnectorTargetStateChange?(connector: string): void;
  onRestartRequest?(request: RestartRequest): void;
  onLoggingLevelUpdate?(namespace: string, level: string): void;
  onSessionKeyUpdate?(key: SessionKey): void;
}

/** The connector configurations (Kafka's ConfigBackingStore): the config topic, or memory in standalone mode. */
export interface ConfigStore {
  /** The current state; the same immutable object until the next change is read. */
  snapshot(): ClusterConfigState;
  /** Reads the config topic to its current end; fails after `timeoutMs`. */
  refresh(timeoutMs: number): Promise<void>;
  /** Writes the initial target state first when given (KIP-980), then the config. */
  putConnectorConfig(connector: string, config: Readonly<Record<string, string>>, initialState?: TargetState | null): Promise<void>;
  removeConnectorConfig(connector: string): Promise<void>;
  putTaskConfigs(connector: string, configs: readonly Readonly<Record<string, string>>[]): Promise<void>;
  /** The task configs of several connectors in one write, each connector's taking effect at its commit. */
  putManyTaskConfigs(updates: ReadonlyMap<string, readonly Readonly<Record<string, string>>[]>): Promise<void>;
  putTargetState(connector: string, state: TargetState): Promise<void>;
  putRestartRequest(request: RestartRequest): Promise<void>;
  putLoggerLevel(namespace: string, level: string): Promise<void>;
  /** Writes a new session key (the leader of a sessioned group). */
  putSessionKey(key: SessionKey): Promise<void>;
  /** Records that the tasks of the connector's earlier generations were fenced (KIP-618). */
  putTaskCountRecord(connector: string, taskCount: number): Promise<void>;
}

/** The group membership as the herder drives it: the broker's group, or a group of one in standalone mode. */
export interface GroupMemberPort {
  start(): void;
  requestRejoin(reason: string): void;
  leave(reason?: string): Promise<void>;
  stop(): Promise<void>;
  readonly generation: number;
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
