/**
 * The JSON entities of Kafka Connect's REST API (org.apache.kafka.connect.runtime.rest.entities),
 * with Kafka's field names. Herders return these shapes and the REST layer writes them as they
 * are, so fields are declared in the order Kafka writes them; optional fields are left out when
 * undefined (Kafka's NON_EMPTY / NON_NULL ones: `trace`, `version`). They sit outside rest/ so
 * that the herder and the plugin registry, which produce them, do not depend on the REST layer.
 */
import type { ConnectorState } from '../storage/status-records.js';

export type { ConfigInfos, ConfigInfo, ConfigKeyInfo, ConfigValueInfo } from '@tsconnect/api';
export type { ConnectorState } from '../storage/status-records.js';

/** GET / */
export interface ServerInfo {
  version: string;
  commit: string;
  kafka_cluster_id: string | null;
}

export type ConnectorType = 'source' | 'sink' | 'unknown';

/** A task id as REST writes it: `{"connector": "c", "task": 0}`. */
export interface ConnectorTaskIdInfo {
  connector: string;
  task: number;
}

/** GET /connectors/{c}, and the answer of create / PUT / PATCH config. */
export interface ConnectorInfo {
  name: string;
  config: Record<string, string>;
  /** Empty for a connector whose task configs are not generated yet. */
  tasks: ConnectorTaskIdInfo[];
  type: ConnectorType;
}

/** One element of GET /connectors/{c}/tasks. */
export interface TaskInfo {
  id: ConnectorTaskIdInfo;
  config: Record<string, string>;
}

/** The `connector` part of a ConnectorStateInfo. */
export interface ConnectorStatus {
  state: ConnectorState;
  worker_id: string;
  /** Only when non-empty (a FAILED connector's stack trace). */
  trace?: string;
  /** The plugin version (Kafka 4.1+); omitted when unknown. */
  version?: string;
}

/** GET /connectors/{c}/tasks/{t}/status, and the elements of ConnectorStateInfo.tasks. */
export interface TaskState {
  id: number;
  state: ConnectorState;
  worker_id: string;
  trace?: string;
  version?: string;
}

/** GET /connectors/{c}/status; also the planned state a restart with tasks answers. */
export interface ConnectorStateInfo {
  name: string;
  connector: ConnectorStatus;
  /** Sorted by id; empty for a STOPPED connector. */
  tasks: TaskState[];
  type: ConnectorType;
}

/** GET /connectors/{c}/topics answers `{"<connector>": {"topics": [...]}}`. */
export interface ActiveTopicsInfo {
  connector: string;
  topics: string[];
}

/**
 * One partition's offset. Sink connectors: `{"kafka_topic": t, "kafka_partition": p}` →
 * `{"kafka_offset": o}`; source connectors: the connector's own maps. A null offset (PATCH only)
 * removes the partition's offset. Values are JSON values; integers beyond 2^53 may be bigints.
 */
export interface ConnectorOffset {
  partition: Record<string, unknown>;
  offset: Record<string, unknown> | null;
}

/** GET /connectors/{c}/offsets answer and PATCH body. */
export interface ConnectorOffsets {
  offsets: ConnectorOffset[];
}

/** The answer of PATCH / DELETE /connectors/{c}/offsets. */
export interface Message {
  message: string;
}

export type PluginType = 'source' | 'sink' | 'converter' | 'header_converter' | 'transformation' | 'predicate';

/** GET /connector-plugins element. */
export interface PluginInfo {
  class: string;
  type: PluginType;
  /** Omitted when the plugin has no version. */
  version?: string;
}

/** KIP-980 initial state of a created connector (case-insensitive in the request). */
export type InitialState = 'RUNNING' | 'PAUSED' | 'STOPPED';

/** POST /connectors body, as received (every field may be missing). */
export interface CreateConnectorRequest {
  name?: string | null;
  config?: Record<string, string | null> | null;
  initial_state?: string | null;
}

/** GET /health */
export interface WorkerStatus {
  status: 'healthy' | 'starting' | 'unhealthy';
  message: string;
}

/** GET /admin/loggers[/{name}] */
export interface LoggerLevel {
  level: string;
  /** Epoch ms of the last change through the REST API, null if never changed. */
  last_modified: number | null;
}

/**
 * A connector config as a request carries it: Kafka passes JSON nulls through to validation
 * (which reports them), and a PATCH null removes the key.
 */
export type RequestConfig = Record<string, string | null>;
