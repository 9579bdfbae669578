/** How a running connector reports its status; the herder turns these into status records. */
export interface ConnectorStatusListener {
  /** RUNNING. */
  onStartup(connector: string): void;
  /** PAUSED. */
  onPause(connector: string): void;
  /** RUNNING again after a pause. */
  onResume(connector: string): void;
  /** STOPPED (target state STOPPED: the connector and its tasks are shut down). */
  onStop(connector: string): void;
  /** FAILED with a Java-style trace. */
  onFailure(connector: string, trace: string, error: Error): void;
  /** UNASSIGNED: this worker no longer runs it. */
  onShutdown(connector: string): void;
}
