/**
 * Puts a worker together from its config, as Kafka's ConnectDistributed / ConnectStandalone do:
 * plugins, the Kafka clients and stores, the worker, the herder and the REST server, started in
 * that order and stopped in reverse.
 */
import { formatConnectorTaskId, type ConnectorTaskId } from '../connector-task-id.js';
import type { WorkerConfig } from '../config/worker-config.js';
import type { ConnectorState } from '../storage/status-records.js';
import type { StatusWriter } from '../herder/herder-ports.js';
import type { Logger } from '../logging/loggers.js';
import type { ConnectorStatusListener } from '../worker/connector-status-listener.js';
import type { TaskStatusListener } from '../worker/task-status-listener.js';

/** Worker status reports written through the herder's status writer with its current generation. */
export function statusListeners(
  writer: () => StatusWriter,
  generation: () => number,
  log: Logger,
  redact: (text: string) => string = (text) => text,
): { connector: ConnectorStatusListener; task: TaskStatusListener } {
  const connector = (name: string, state: ConnectorState, trace: string | null = null): void => {
    writer()
      .putConnector(name, state, trace === null ? null : redact(trace), generation())
      .catch((e) => log.error(`Failed to write the status ${state} of connector ${name}`, e));
  };
  const task = (id: ConnectorTaskId, state: ConnectorState, trace: string | null = null): void => {
    writer()
      .putTask(id, state, trace === null ? null : redact(trace), generation())
      .catch((e) => log.error(`Failed to write the status ${state} of task ${formatConnectorTaskId(id)}`, e));
  };
  return {
    connector: {
      onStartup: (name) => connector(name, 'RUNNING'),
      onPause: (name) => connector(name, 'PAUSED'),
      onResume: (name) => connector(name, 'RUNNING'),
      onStop: (name) => connector(name, 'STOPPED'),
      onFailure: (name, trace) => connector(name, 'FAILED', trace),
      onShutdown: (name) => connector(name, 'UNASSIGNED'),
    },
    task: {
      onStartup: (id) => task(id, 'RUNNING'),
      onPause: (id) => task(id, 'PAUSED'),
      onResume: (id) => task(id, 'RUNNING'),
      onFailure: (id, trace) => task(id, 'FAILED', trace),
      onShutdown: (id) => task(id, 'UNASSIGNED'),
    },
  };
}

/** The string form of every worker property, as the Kafka clients take them. */
export function workerProperties(config: WorkerConfig): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(config.originals())) if (v !== undefined && v !== null) out[k] = String(v);
  return out;
}
