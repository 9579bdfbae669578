/**
 * What a worker knows of the cluster's configuration at one config-topic offset (Kafka's
 * ClusterConfigState): the one snapshot the config stores hand out and the herder reads.
 *
 * A snapshot never changes once built. The store builds a new one only after a record changed
 * its state, so every reader between two changes shares the same object, and the config maps in
 * it are the ones parsed from the records (shared, never copied, never written to).
 */
import { type ConnectorTaskId, connectorTaskId } from '../connector-task-id.js';
import type { RestartRequest } from '../herder/herder.js';
import type { TargetState } from './config-records.js';

export type ConfigMap = ReadonlyMap<string, string | null>;

export interface SessionKey {
  key: Buffer;
  algorithm: string;
  creationTimestamp: bigint;
}

/** The data of a snapshot, as the config state hands it over (maps it no longer writes to). */
export interface ClusterConfigData {
  offset: bigint;
  sessionKey: SessionKey | null;
  connectorConfigs: ReadonlyMap<string, ConfigMap>;
  targetStates: ReadonlyMap<string, TargetState>;
  taskCounts: ReadonlyMap<string, number>;
  taskConfigs: ReadonlyMap<string, readonly ConfigMap[]>;
  inconsistent: ReadonlySet<string>;
  restartRequests: ReadonlyMap<string, RestartRequest>;
  loggerLevels: ReadonlyMap<string, string>;
  taskCountRecords: ReadonlyMap<string, number>;
}

export class ClusterConfigState implements ClusterConfigData {
  /** The next config-topic offset to read; -1 before anything was read. */
  readonly offset: bigint;
  /** The session key last read (KIP-507); null when none was written (always in standalone mode). */
  readonly sessionKey: SessionKey | null;
  readonly connectorConfigs: ReadonlyMap<string, ConfigMap>;
  readonly targetStates: ReadonlyMap<string, TargetState>;
  /** Committed task count per connector, as its last commit record says. */
  readonly taskCounts: ReadonlyMap<string, number>;
  /** Committed task configs per connector, task 0 first; empty for an inconsistent connector. */
  readonly taskConfigs: ReadonlyMap<string, readonly ConfigMap[]>;
  /** Connectors whose last commit found task configs missing. */
  readonly inconsistent: ReadonlySet<string>;
  /** The last restart request read per connector. */
  readonly restartRequests: ReadonlyMap<string, RestartRequest>;
  /** Cluster-wide logger levels per namespace (KIP-976). */
  readonly loggerLevels: ReadonlyMap<string, string>;
  /** KIP-618 task-count records per connector. */
  readonly taskCountRecords: ReadonlyMap<string, number>;
  /** Lookups computed once per snapshot. */
  #connectors: readonly string[] | null = null;
  readonly #plainConfigs = new Map<ConfigMap, Readonly<Record<string, string>>>();

  constructor(data: ClusterConfigData) {
    this.offset = data.offset;
    this.sessionKey = data.sessionKey;
    this.connectorConfigs = data.connectorConfigs;
    this.targetStates = data.targetStates;
    this.taskCounts = data.taskCounts;
    this.taskConfigs = data.taskConfigs;
    this.inconsistent = data.inconsistent;
    this.restartRequests = data.restartRequests;
    this.loggerLevels = data.loggerLevels;
    this.taskCountRecords = data.taskCountRecords;
  }

  /** The connectors with a config, sorted by name. */
  connectors(): readonly string[] {
    this.#connectors ??= Object.freeze([...this.connectorConfigs.keys()].sort());
    return this.#connectors;
  }

  contains(connector: string): boolean {
    return this.connectorConfigs.has(connector);
  }

  /** The raw config (placeholders unresolved). */
  connectorConfig(connector: string): Readonly<Record<string, string>> | undefined {
    return this.#plain(this.connectorConfigs.get(connector));
  }

  targetState(connector: string): TargetState | undefined {
    if (!this.contains(connector)) return undefined;
    return this.targetStates.get(connector) ?? 'STARTED';
  }

  /** The committed task count the herder works with; 0 when none (including STOPPED and inconsistent connectors). */
  taskCount(connector: string): number {
    return this.taskConfigs.get(connector)?.length ?? 0;
  }

  tasks(connector: string): ConnectorTaskId[] {
    return Array.from({ length: this.taskCount(connector) }, (_, task) => connectorTaskId(connector, task));
  }

  taskConfig(id: ConnectorTaskId): Readonly<Record<string, string>> | undefined {
    return this.#plain(this.taskConfigs.get(id.connector)?.[id.task]);
  }

  /** Task configs were committed but some are missing: the leader must regenerate them. */
  isInconsistent(connector: string): boolean {
    return this.inconsistent.has(connector);
  }

  /** The task count of the connector's last zombie fencing (KIP-618 task-count record), if any. */
  taskCountRecord(connector: string): number | undefined {
    return this.taskCountRecords.get(connector);
  }

  /** A config as a frozen record without its null values, built once per snapshot. */
  #plain(config: ConfigMap | undefined): Readonly<Record<string, string>> | undefined {
    if (!config) return undefined;
    let plain = this.#plainConfigs.get(config);
    if (plain === undefined) {
      const out: Record<string, string> = {};
      for (const [k, v] of config) if (v !== null) out[k] = v;
      plain = Object.freeze(out);
      this.#plainConfigs.set(config, plain);
    }
    return plain;
  }
}
