/**
 * The stores as the herders see them (herder-ports.ts): the config snapshot with its lookups, the
 * status reads and writes with the worker id and generation filled in, and source/sink offsets
 * for the offsets endpoints.
 */
import { ConnectException } from '@tsconnect/api';
import { connectorTaskId, type ConnectorTaskId } from '../connector-task-id.js';
import type { KafkaAdmin } from '../kafka/kafka-admin.js';
import type { ClusterConfigSnapshot, SessionKey } from '../storage/config-backing-store.js';
import type { TargetState } from '../storage/config-records.js';
import type { OffsetBackingStore } from '../storage/offset-backing-store.js';
import { decodeOffsetValue, encodeOffsetKey, encodeOffsetValue, offsetKeyIdentity, type OffsetMap } from '../storage/offset-records.js';
import type { ConnectorState, StatusValue, TopicStatusValue } from '../storage/status-records.js';
import type { StatusReader } from './herder-base.js';
import type { ClusterConfigState, ConfigStore, SinkOffsetStore, SourceOffsets, SourceOffsetStore, StatusWriter } from './herder-ports.js';

function plain(config: ReadonlyMap<string, string | null> | undefined): Record<string, string> | undefined {
  if (!config) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of config) if (v !== null) out[k] = v;
  return out;
}

/** A config snapshot with the lookups herders use. */
export class SnapshotView implements ClusterConfigState {
  constructor(private readonly snapshot: ClusterConfigSnapshot) {}

  get offset(): bigint {
    return BigInt(this.snapshot.offset);
  }

  connectors(): string[] {
    return [...this.snapshot.connectorConfigs.keys()].sort();
  }

  contains(connector: string): boolean {
    return this.snapshot.connectorConfigs.has(connector);
  }

  connectorConfig(connector: string): Readonly<Record<string, string>> | undefined {
    return plain(this.snapshot.connectorConfigs.get(connector));
  }

  targetState(connector: string): TargetState | undefined {
    if (!this.contains(connector)) return undefined;
    return this.snapshot.targetStates.get(connector) ?? 'STARTED';
  }

  taskCount(connector: string): number {
    return this.snapshot.taskConfigs.get(connector)?.length ?? 0;
  }

  tasks(connector: string): ConnectorTaskId[] {
    return Array.from({ length: this.taskCount(connector) }, (_, task) => connectorTaskId(connector, task));
  }

  taskConfig(id: ConnectorTaskId): Readonly<Record<string, string>> | undefined {
    return plain(this.snapshot.taskConfigs.get(id.connector)?.[id.task]);
  }

  isInconsistent(connector: string): boolean {
    return this.snapshot.inconsistent.has(connector);
  }

  taskCountRecord(connector: string): number | undefined {
    return this.snapshot.taskCountRecords.get(connector);
  }

  get sessionKey(): SessionKey | null {
    return this.snapshot.sessionKey;
  }
}

/** What the status stores (Kafka-backed or in memory) offer. */
export interface StatusStore {
  putConnector(connector: string, status: StatusUpdate): Promise<void>;
  putConnectorSafe(connector: string, status: StatusUpdate): Promise<void>;
  putTask(task: ConnectorTaskId, status: StatusUpdate): Promise<void>;
  putTaskSafe(task: ConnectorTaskId, status: StatusUpdate): Promise<void>;
  putTopic(status: TopicStatusValue): Promise<void>;
  deleteTopic(connector: string, topic: string): Promise<void>;
  getConnector(connector: string): StatusValue | null;
  getTask(task: ConnectorTaskId): StatusValue | null;
  getAllTasks(connector: string): Map<number, StatusValue>;
  getAllTopics(connector: string): TopicStatusValue[];
}

type StatusUpdate = Omit<StatusValue, 'state'> & { state: ConnectorState | 'DESTROYED' };

const DESTROYED = (workerId: string): StatusUpdate => ({ state: 'DESTROYED', trace: null, workerId, generation: 0, version: null });

/** States a worker reports for itself that must not overwrite a newer generation's (Kafka's putSafe). */
const SAFE_STATES = new Set<ConnectorState>(['UNASSIGNED', 'FAILED']);

export class StatusStoreView implements StatusReader, StatusWriter {
  constructor(
    private readonly store: StatusStore,
    private readonly workerId: string,
  ) {}

  connectorStatus(connector: string): StatusValue | null {
    return this.store.getConnector(connector);
  }

  taskStatus(id: ConnectorTaskId): StatusValue | null {
    return this.store.getTask(id);
  }

  taskStatuses(connector: string): { id: ConnectorTaskId; status: StatusValue }[] {
    return [...this.store.getAllTasks(connector)].map(([task, status]) => ({ id: connectorTaskId(connector, task), status }));
  }

  activeTopics(connector: string): string[] {
    return this.store.getAllTopics(connector).map((t) => t.topic);
  }

  async putConnector(connector: string, state: ConnectorState, trace: string | null, generation: number, version: string | null = null): Promise<void> {
    const status: StatusUpdate = { state, trace, workerId: this.workerId, generation, version };
    await (SAFE_STATES.has(state) ? this.store.putConnectorSafe(connector, status) : this.store.putConnector(connector, status));
  }

  async putTask(id: ConnectorTaskId, state: ConnectorState, trace: string | null, generation: number, version: string | null = null): Promise<void> {
    const status: StatusUpdate = { state, trace, workerId: this.workerId, generation, version };
    await (SAFE_STATES.has(state) ? this.store.putTaskSafe(id, status) : this.store.putTask(id, status));
  }

  async deleteConnector(connector: string, tasks: readonly ConnectorTaskId[]): Promise<void> {
    await this.deleteTasks(tasks);
    await this.store.putConnector(connector, DESTROYED(this.workerId));
  }

  async deleteTasks(tasks: readonly ConnectorTaskId[]): Promise<void> {
    for (const task of tasks) await this.store.putTask(task, DESTROYED(this.workerId));
  }

  async putTopic(connector: string, task: number, topic: string): Promise<void> {
    await this.store.putTopic({ topic, connector, task, discoverTimestamp: BigInt(Date.now()) });
  }

  async resetActiveTopics(connector: string, topics: readonly string[]): Promise<void> {
    for (const topic of topics) await this.store.deleteTopic(connector, topic);
  }
}

/** Source offsets through the offset store, keys matched by content and rewritten with their original bytes. */
export class SourceOffsetsView implements SourceOffsetStore {
  constructor(private readonly store: OffsetBackingStore) {}

  async offsetsOf(connector: string): Promise<SourceOffsets> {
    const partitions = this.store.connectorPartitions(connector);
    const keys = partitions.map((p) => encodeOffsetKey(connector, p as OffsetMap));
    const values = await this.store.get(keys);
    const out: SourceOffsets = [];
    partitions.forEach((partition, i) => {
      const value = values.get(offsetKeyIdentity(keys[i]!));
      if (value !== undefined) out.push({ partition, offset: decodeOffsetValue(value) as Record<string, unknown> | null });
    });
    return out;
  }

  async writeOffsets(connector: string, offsets: SourceOffsets): Promise<void> {
    await this.store.set(
      offsets.map(({ partition, offset }) => ({
        key: encodeOffsetKey(connector, partition as OffsetMap),
        value: offset === null ? null : encodeOffsetValue(offset as OffsetMap),
      })),
    );
  }
}

/** Sink offsets are the consumer group's. */
export class SinkOffsetsView implements SinkOffsetStore {
  constructor(private readonly admin: KafkaAdmin) {}

  async groupOffsets(groupId: string): Promise<{ topic: string; partition: number; offset: number }[]> {
    return (await this.admin.listConsumerGroupOffsets(groupId)).map((o) => ({ topic: o.topic, partition: o.partition, offset: Number(o.offset) }));
  }

  async alterGroupOffsets(groupId: string, offsets: { topic: string; partition: number; offset: number }[]): Promise<void> {
    await this.admin.alterConsumerGroupOffsets(groupId, offsets);
  }

  async deleteGroupOffsets(groupId: string, partitions: { topic: string; partition: number }[]): Promise<void> {
    await this.admin.deleteConsumerGroupOffsets(groupId, partitions);
  }
}

/** What the config stores (Kafka-backed, or the standalone one in memory) offer. */
export interface ConfigBackingStore {
  snapshot(): ClusterConfigSnapshot;
  refresh(): Promise<void>;
  putConnectorConfig(connector: string, properties: Readonly<Record<string, string>>, initialState?: TargetState): Promise<void>;
  removeConnectorConfig(connector: string): Promise<void>;
  putTaskConfigs(connector: string, configs: readonly Readonly<Record<string, string>>[]): Promise<void>;
  putTargetState(connector: string, state: TargetState): Promise<void>;
  putRestartRequest(request: { connector: string; includeTasks: boolean; onlyFailed: boolean }): Promise<void>;
  putLoggerLevel(namespace: string, level: string): Promise<void>;
  putSessionKey?(key: SessionKey): Promise<void>;
  putTaskCountRecord?(connector: string, taskCount: number): Promise<void>;
}

export class ConfigStoreView implements ConfigStore {
  constructor(private readonly store: ConfigBackingStore) {}

  snapshot(): ClusterConfigState {
    return new SnapshotView(this.store.snapshot());
  }

  async refresh(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ConnectException(`Reading the config topic took longer than ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([this.store.refresh(), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  putConnectorConfig(connector: string, config: Readonly<Record<string, string>>, targetState: TargetState | null): Promise<void> {
    return this.store.putConnectorConfig(connector, config, targetState ?? undefined);
  }

  removeConnectorConfig(connector: string): Promise<void> {
    return this.store.removeConnectorConfig(connector);
  }

  putTaskConfigs(connector: string, configs: readonly Readonly<Record<string, string>>[]): Promise<void> {
    return this.store.putTaskConfigs(connector, configs);
  }

  async putTaskCountRecord(connector: string, taskCount: number): Promise<void> {
    if (!this.store.putTaskCountRecord) throw new ConnectException('This config store keeps no task-count records');
    await this.store.putTaskCountRecord(connector, taskCount);
  }

  putTargetState(connector: string, state: TargetState): Promise<void> {
    return this.store.putTargetState(connector, state);
  }

  putRestartRequest(request: { connector: string; includeTasks: boolean; onlyFailed: boolean }): Promise<void> {
    return this.store.putRestartRequest(request);
  }

  putLoggerLevel(namespace: string, level: string): Promise<void> {
    return this.store.putLoggerLevel(namespace, level);
  }

  async putSessionKey(key: SessionKey): Promise<void> {
    if (!this.store.putSessionKey) throw new ConnectException('This config store keeps no session keys');
    await this.store.putSessionKey(key);
  }
}
