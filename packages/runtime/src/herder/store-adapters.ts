/**
 * The status and offset stores as the herder sees them (herder-ports.ts): status reads and writes
 * with the worker id filled in and Kafka's putSafe rule applied, and source/sink offsets for the
 * offsets endpoints. (The config stores implement the herder's port themselves.)
 */
import { connectorTaskId, type ConnectorTaskId } from '../connector-task-id.js';
import type { KafkaAdmin } from '../kafka/kafka-admin.js';
import type { OffsetBackingStore } from '../storage/offset-backing-store.js';
import type { StatusUpdate } from '../storage/status-backing-store.js';
import { decodeOffsetValue, encodeOffsetKey, encodeOffsetValue, offsetKeyIdentity, type OffsetMap } from '../storage/offset-records.js';
import { type ConnectorState, SAFELY_WRITTEN_STATES, type StatusValue, type TopicStatusValue } from '../storage/status-records.js';
import type { StatusReader } from './herder-base.js';
import type { SinkOffsetStore, SourceOffsets, SourceOffsetStore, StatusWriter } from './herder-ports.js';

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

const DESTROYED = (workerId: string): StatusUpdate => ({ state: 'DESTROYED', trace: null, workerId, generation: 0, version: null });


export class StatusStoreView implements StatusReader, StatusWriter {
  readonly #store: StatusStore;
  readonly #workerId: string;

  constructor(
    store: StatusStore,
    workerId: string,
  ) {
    this.#store = store;
    this.#workerId = workerId;
  }

  connectorStatus(connector: string): StatusValue | null {
    return this.#store.getConnector(connector);
  }

  taskStatus(id: ConnectorTaskId): StatusValue | null {
    return this.#store.getTask(id);
  }

  taskStatuses(connector: string): { id: ConnectorTaskId; status: StatusValue }[] {
    return [...this.#store.getAllTasks(connector)].map(([task, status]) => ({ id: connectorTaskId(connector, task), status }));
  }

  activeTopics(connector: string): string[] {
    return this.#store.getAllTopics(connector).map((t) => t.topic);
  }

  async putConnector(connector: string, state: ConnectorState, trace: string | null, generation: number, version: string | null = null): Promise<void> {
    const status: StatusUpdate = { state, trace, workerId: this.#workerId, generation, version };
    await (SAFELY_WRITTEN_STATES.has(state) ? this.#store.putConnectorSafe(connector, status) : this.#store.putConnector(connector, status));
  }

  async putTask(id: ConnectorTaskId, state: ConnectorState, trace: string | null, generation: number, version: string | null = null): Promise<void> {
    const status: StatusUpdate = { state, trace, workerId: this.#workerId, generation, version };
    await (SAFELY_WRITTEN_STATES.has(state) ? this.#store.putTaskSafe(id, status) : this.#store.putTask(id, status));
  }

  async deleteConnector(connector: string, tasks: readonly ConnectorTaskId[]): Promise<void> {
    await this.deleteTasks(tasks);
    await this.#store.putConnector(connector, DESTROYED(this.#workerId));
  }

  async deleteTasks(tasks: readonly ConnectorTaskId[]): Promise<void> {
    for (const task of tasks) await this.#store.putTask(task, DESTROYED(this.#workerId));
  }

  async putTopic(connector: string, task: number, topic: string): Promise<void> {
    await this.#store.putTopic({ topic, connector, task, discoverTimestamp: BigInt(Date.now()) });
  }

  async resetActiveTopics(connector: string, topics: readonly string[]): Promise<void> {
    for (const topic of topics) await this.#store.deleteTopic(connector, topic);
  }
}

/** Source offsets through the offset store, keys matched by content and rewritten with their original bytes. */
export class SourceOffsetsView implements SourceOffsetStore {
  readonly #store: OffsetBackingStore;

  constructor(store: OffsetBackingStore) {
    this.#store = store;
  }

  async offsetsOf(connector: string): Promise<SourceOffsets> {
    const partitions = this.#store.connectorPartitions(connector);
    const keys = partitions.map((p) => encodeOffsetKey(connector, p as OffsetMap));
    const values = await this.#store.get(keys);
    const out: SourceOffsets = [];
    partitions.forEach((partition, i) => {
      const value = values.get(offsetKeyIdentity(keys[i]!));
      if (value !== undefined) out.push({ partition, offset: decodeOffsetValue(value) as Record<string, unknown> | null });
    });
    return out;
  }

  async writeOffsets(connector: string, offsets: SourceOffsets): Promise<void> {
    await this.#store.set(
      offsets.map(({ partition, offset }) => ({
        key: encodeOffsetKey(connector, partition as OffsetMap),
        value: offset === null ? null : encodeOffsetValue(offset as OffsetMap),
      })),
    );
  }
}

/** Sink offsets are the consumer group's. */
export class SinkOffsetsView implements SinkOffsetStore {
  readonly #admin: KafkaAdmin;

  constructor(admin: KafkaAdmin) {
    this.#admin = admin;
  }

  async groupOffsets(groupId: string): Promise<{ topic: string; partition: number; offset: number }[]> {
    return (await this.#admin.listConsumerGroupOffsets(groupId)).map((o) => ({ topic: o.topic, partition: o.partition, offset: Number(o.offset) }));
  }

  async alterGroupOffsets(groupId: string, offsets: { topic: string; partition: number; offset: number }[]): Promise<void> {
    await this.#admin.alterConsumerGroupOffsets(groupId, offsets);
  }

  async deleteGroupOffsets(groupId: string, partitions: { topic: string; partition: number }[]): Promise<void> {
    await this.#admin.deleteConsumerGroupOffsets(groupId, partitions);
  }
}
