import type { ConnectorTaskId } from '../connector-task-id.js';
import type { TargetState } from '../storage/config-records.js';

/** What a herder asks of the worker that runs connector and task instances on this process. */
export interface WorkerPort {
  /** Starts a connector following `targetState`; false if it failed to start (its status says why). */
  startConnector(
    connector: string,
    config: Readonly<Record<string, string>>,
    targetState: TargetState,
    requestTaskReconfiguration: () => void,
  ): Promise<boolean>;
  /** The running connector's task configs for its tasks.max, with task.class (and sink topics) added. */
  connectorTaskConfigs(connector: string, config: Readonly<Record<string, string>>): Promise<Record<string, string>[]>;
  stopConnector(connector: string): Promise<void>;
  startTask(
    id: ConnectorTaskId,
    connectorConfig: Readonly<Record<string, string>>,
    taskConfig: Readonly<Record<string, string>>,
    targetState: TargetState,
  ): Promise<boolean>;
  stopTasks(ids: readonly ConnectorTaskId[]): Promise<void>;
  setTargetState(connector: string, state: TargetState): Promise<void>;
  connectorNames(): string[];
  taskIds(): ConnectorTaskId[];
  isRunning(connector: string): boolean;
  stop(): Promise<void>;
}
