/** The standalone worker's statuses, in memory (Kafka's MemoryStatusBackingStore). */
import type { ConnectorTaskId } from '../connector-task-id.js';
import type { StatusStore } from '../herder/store-adapters.js';
import type { StatusUpdate } from '../storage/status-backing-store.js';
import type { StatusValue, TopicStatusValue } from '../storage/status-records.js';

export class MemoryStatusBackingStore implements StatusStore {
  readonly #connectors = new Map<string, StatusValue>();
  readonly #tasks = new Map<string, Map<number, StatusValue>>();
  readonly #topics = new Map<string, Map<string, TopicStatusValue>>();

  async putConnector(connector: string, status: StatusUpdate): Promise<void> {
    if (status.state === 'DESTROYED') this.#connectors.delete(connector);
    else this.#connectors.set(connector, status as StatusValue);
  }

  putConnectorSafe(connector: string, status: StatusUpdate): Promise<void> {
    return this.putConnector(connector, status);
  }

  async putTask(task: ConnectorTaskId, status: StatusUpdate): Promise<void> {
    const tasks = this.#tasks.get(task.connector) ?? new Map<number, StatusValue>();
    if (status.state === 'DESTROYED') tasks.delete(task.task);
    else tasks.set(task.task, status as StatusValue);
    this.#tasks.set(task.connector, tasks);
  }

  putTaskSafe(task: ConnectorTaskId, status: StatusUpdate): Promise<void> {
    return this.putTask(task, status);
  }

  async putTopic(status: TopicStatusValue): Promise<void> {
    const topics = this.#topics.get(status.connector) ?? new Map<string, TopicStatusValue>();
    topics.set(status.topic, status);
    this.#topics.set(status.connector, topics);
  }

  async deleteTopic(connector: string, topic: string): Promise<void> {
    this.#topics.get(connector)?.delete(topic);
  }

  getConnector(connector: string): StatusValue | null {
    return this.#connectors.get(connector) ?? null;
  }

  getTask(task: ConnectorTaskId): StatusValue | null {
    return this.#tasks.get(task.connector)?.get(task.task) ?? null;
  }

  getAllTasks(connector: string): Map<number, StatusValue> {
    return new Map(this.#tasks.get(connector) ?? []);
  }

  getAllTopics(connector: string): TopicStatusValue[] {
    return [...(this.#topics.get(connector)?.values() ?? [])];
  }
}
