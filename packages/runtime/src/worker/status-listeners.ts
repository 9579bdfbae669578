/**
 * Status reports of connector and task instances, written through the herder's status writer with
 * the worker's current generation and the plugin version of the instance reporting.
 */
import { formatConnectorTaskId, type ConnectorTaskId } from '../connector-task-id.js';
import type { StatusWriter } from '../herder/herder-ports.js';
import type { Logger } from '../logging/loggers.js';
import type { ConnectorState } from '../storage/status-records.js';
import type { ConnectorStatusListener } from './connector-status-listener.js';
import type { TaskStatusListener } from './task-status-listener.js';

/** The plugin versions of the instances a worker runs, which Kafka 4.1 writes into their statuses. */
export interface InstanceVersions {
  connector(name: string): string | null;
  task(id: ConnectorTaskId): string | null;
}

const NO_VERSIONS: InstanceVersions = { connector: () => null, task: () => null };

/** Worker status reports written through the herder's status writer with its current generation. */
export function statusListeners(
  writer: () => StatusWriter,
  generation: () => number,
  log: Logger,
  redact: (text: string) => string = (text) => text,
  versions: InstanceVersions = NO_VERSIONS,
): { connector: ConnectorStatusListener; task: TaskStatusListener } {
  const connector = (name: string, state: ConnectorState, trace: string | null = null): void => {
    writer()
      .putConnector(name, state, trace === null ? null : redact(trace), generation(), versions.connector(name))
      .catch((e) => log.error(`Failed to write the status ${state} of connector ${name}`, e));
  };
  const task = (id: ConnectorTaskId, state: ConnectorState, trace: string | null = null): void => {
    writer()
      .putTask(id, state, trace === null ? null : redact(trace), generation(), versions.task(id))
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

/** Topic tracking: records through the herder's status writer that a task used a topic. */
export function topicUseRecorder(writer: Pick<StatusWriter, 'putTopic'>, log: Logger): (id: ConnectorTaskId, topic: string) => void {
  return (id, topic) => {
    writer.putTopic(id.connector, id.task, topic).catch((e) => log.warn(`Failed to record that ${id.connector} uses topic ${topic}`, e));
  };
}
