/**
 * The standalone worker's connector configs, held in memory (Kafka's MemoryConfigBackingStore).
 * Writes become the same config records a distributed worker writes to its topic and are applied
 * to the same ConfigState, so both modes follow one set of rules.
 */
import type { RestartRequest } from '../herder/herder.js';
import type { ConfigStore, ConfigUpdateListener } from '../herder/herder-ports.js';
import type { ClusterConfigState, SessionKey } from '../storage/cluster-config-state.js';
import { ConfigState } from '../storage/config-backing-store.js';
import {
  configKeys,
  encodeConnectorConfig,
  encodeLoggerLevel,
  encodeRestartRequest,
  encodeSessionKey,
  encodeTargetState,
  encodeTaskConfig,
  encodeTaskCount,
  encodeTasksCommit,
  type TargetState,
} from '../storage/config-records.js';
import { connectorTaskId } from '../connector-task-id.js';

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

  #apply(key: string, value: Buffer | null): void {
    this.#state.apply(key, value, this.#offset++, this.#listener);
  }

  async putConnectorConfig(connector: string, properties: Readonly<Record<string, string>>, initialState?: TargetState | null): Promise<void> {
    if (initialState) this.#apply(configKeys.targetState(connector), encodeTargetState(initialState));
    this.#apply(configKeys.connector(connector), encodeConnectorConfig(properties));
  }

  async removeConnectorConfig(connector: string): Promise<void> {
    this.#apply(configKeys.connector(connector), null);
    this.#apply(configKeys.targetState(connector), null);
  }

  async putTaskConfigs(connector: string, configs: readonly Readonly<Record<string, string>>[]): Promise<void> {
    configs.forEach((config, task) => this.#apply(configKeys.task(connectorTaskId(connector, task)), encodeTaskConfig(config)));
    this.#apply(configKeys.commit(connector), encodeTasksCommit(configs.length));
  }

  async putTargetState(connector: string, state: TargetState): Promise<void> {
    this.#apply(configKeys.targetState(connector), encodeTargetState(state));
  }

  async putRestartRequest(request: RestartRequest): Promise<void> {
    this.#apply(configKeys.restartRequest(request.connector), encodeRestartRequest(request));
  }

  async putLoggerLevel(namespace: string, level: string): Promise<void> {
    this.#apply(configKeys.loggerLevel(namespace), encodeLoggerLevel(level));
  }

  /** Kept as the config topic keeps it, though a standalone worker (a group of one, unsessioned) writes none. */
  async putSessionKey(key: SessionKey): Promise<void> {
    this.#apply(configKeys.sessionKey(), encodeSessionKey(key));
  }

  /** Kept as the config topic keeps it, though a standalone worker (no exactly-once source support) writes none. */
  async putTaskCountRecord(connector: string, taskCount: number): Promise<void> {
    this.#apply(configKeys.taskCount(connector), encodeTaskCount(taskCount));
  }
}
