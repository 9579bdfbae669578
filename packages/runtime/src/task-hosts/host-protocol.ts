/**
 * What the worker and its task hosts say to each other (docs/task-hosts.md). The worker asks a host
 * to run connector instances and tasks (the WorkerPort calls, by the same names), for its metrics,
 * and to follow log level changes; a host reports statuses, topics used and reconfiguration
 * requests as events, and asks the worker for offsets, which the worker's offset store keeps.
 */
import type { ConnectorTaskId } from '../connector-task-id.js';
import type { WorkerMode } from '../config/worker-config.js';
import type { LogLevel } from '../logging/loggers.js';
import type { ConnectorStatusListener } from '../worker/connector-status-listener.js';
import type { TaskStatusListener } from '../worker/task-status-listener.js';

/** The first request to a new host: what it needs to set itself up as its worker did. */
export interface HostSetup {
  mode: WorkerMode;
  /** The worker's properties, with config provider references resolved. */
  props: Record<string, string>;
  /** The worker's explicitly set log levels, root first. */
  logLevels: [string, LogLevel][];
  /** Exactly-once source support: tasks write their offsets in their own transactions. */
  exactlyOnce: boolean;
}

/** Worker -> host requests. */
export const HostOps = {
  setup: 'setup',
  startConnector: 'startConnector',
  connectorTaskConfigs: 'connectorTaskConfigs',
  stopConnector: 'stopConnector',
  startTask: 'startTask',
  stopTasks: 'stopTasks',
  setTargetState: 'setTargetState',
  metrics: 'metrics',
  stop: 'stop',
} as const;

/** Worker -> host events. */
export const HostEvents = {
  setLogLevel: 'setLogLevel',
} as const;

/** Host -> worker requests. */
export const WorkerOps = {
  getOffsets: 'getOffsets',
  setOffsets: 'setOffsets',
  /** The offsets topic and a connector's stored offset keys, for exactly-once tasks' transactions. */
  transactionalOffsetKeys: 'transactionalOffsetKeys',
} as const;

/** Host -> worker events. */
export const WorkerEvents = {
  status: 'status',
  topicUsed: 'topicUsed',
  requestTaskReconfiguration: 'requestTaskReconfiguration',
} as const;

/** A status listener call made in a host, with the plugin version of the instance reporting. */
export type StatusEvent =
  | { target: 'connector'; name: string; method: keyof ConnectorStatusListener; trace: string | null; version: string | null }
  | { target: 'task'; id: ConnectorTaskId; method: keyof TaskStatusListener; trace: string | null; version: string | null };

/** A connector's offset keys as stored, so a transaction's offset records compact over them. */
export interface TransactionalOffsetKeys {
  topic: string;
  keys: Uint8Array[];
}
