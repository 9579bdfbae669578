/**
 * The standalone worker's connector configs, held in memory (Kafka's MemoryConfigBackingStore).
 * Writes become the same config records a distributed worker writes to its topic and are applied
 * to the same ConfigState, so both modes follow one set of rules.
 */
import type { RestartRequest } from '../herder/herder.js';
import type { ConfigStore, ConfigUpdateListener } from '../herder/herder-ports.js';
import type { ClusterConfigState, SessionKey } from '../storage/cluster-config-state.js';
import { ConfigState } from '../storage/config-backing-store.js';
import { type ConfigWrite, type TargetState, configWrites } from '../storage/config-records.js';

export class MemoryConfigBackingStore implements ConfigStore {
  readonly #state = new ConfigState();
  #offset = 0;
  #listener: ConfigUpdateListener | null = null;

  setUpdateListener(listener: ConfigUpdateListener): void {
    this.#listener = listener;
  }

  snapshot(): ClusterConfigState {
    return this.#state.snapshot();
  }

  async refresh(): Promise<void> {}

  #apply(records: readonly ConfigWrite[]): void {
    for (const { key, value } of records) this.#state.apply(key, value, this.#offset++, this.#listener);
  }

  async putConnectorConfig(connector: string, properties: Readonly<Record<string, string>>, initialState?: TargetState | null): Promise<void> {
    this.#apply(configWrites.connectorConfig(connector, properties, initialState));
  }

  async removeConnectorConfig(connector: string): Promise<void> {
    this.#apply(configWrites.connectorRemoval(connector));
  }

  async putTaskConfigs(connector: string, configs: readonly Readonly<Record<string, string>>[]): Promise<void> {
    await this.putManyTaskConfigs(new Map([[connector, configs]]));
  }

  async putManyTaskConfigs(updates: ReadonlyMap<string, readonly Readonly<Record<string, string>>[]>): Promise<void> {
    const records = [...updates].flatMap(([connector, configs]) => configWrites.taskConfigs(connector, configs));
    this.#apply([...records, ...[...updates].map(([connector, configs]) => configWrites.tasksCommit(connector, configs.length))]);
  }

  async putTargetState(connector: string, state: TargetState): Promise<void> {
    this.#apply([configWrites.targetState(connector, state)]);
  }

  async putRestartRequest(request: RestartRequest): Promise<void> {
    this.#apply([configWrites.restartRequest(request)]);
  }

  async putLoggerLevel(namespace: string, level: string): Promise<void> {
    this.#apply([configWrites.loggerLevel(namespace, level)]);
  }

  /** Kept as the config topic keeps it, though a standalone worker (a group of one, unsessioned) writes none. */
  async putSessionKey(key: SessionKey): Promise<void> {
    this.#apply([configWrites.sessionKey(key)]);
  }

  /** Kept as the config topic keeps it, though a standalone worker (no exactly-once source support) writes none. */
  async putTaskCountRecord(connector: string, taskCount: number): Promise<void> {
    this.#apply([configWrites.taskCount(connector, taskCount)]);
  }
}
