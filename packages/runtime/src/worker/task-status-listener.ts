import type { ConnectorTaskId } from '../connector-task-id.js';

/**
 * Where a running task reports its status changes, as Kafka's `TaskStatus.Listener`; the herder
 * writes them to the status topic (RUNNING, PAUSED, FAILED with the trace, UNASSIGNED).
 */
export interface TaskStatusListener {
  /** The task started and is running. */
  onStartup(id: ConnectorTaskId): void;
  /** The task is paused (target state PAUSED). */
  onPause(id: ConnectorTaskId): void;
  /** The task runs again after a pause. */
  onResume(id: ConnectorTaskId): void;
  /**
   * The task failed and stopped. `trace` is the Java-style stack trace the status shows
   * (`<java class>: <message>\n\tat ...`); `error` is the error itself.
   */
  onFailure(id: ConnectorTaskId, trace: string, error: Error): void;
  /** The task stopped normally. */
  onShutdown(id: ConnectorTaskId): void;
}
