/**
 * What the worker assembly wraps around the Worker so the worker-level metrics and the connector
 * logging context follow it without the Worker knowing: start-up attempts of connectors and
 * tasks (connect-worker-metrics), connector status (connector-metrics), and the `[name|worker]`
 * / `[name|task-N]` context on every line a connector or task logs while it starts, runs, is
 * paused or stops. A connector's request for task reconfiguration leaves the context, since the
 * herder (not the connector) handles it.
 */
import type { ConnectorTaskId } from '../connector-task-id.js';
import type { WorkerPort } from '../herder/worker-port.js';
import { outsideConnectorContext, withConnectorContext } from '../logging/connector-context.js';
import type { TargetState } from '../storage/config-records.js';
import type { ConnectorStatusListener } from '../worker/connector-status-listener.js';
import { connectMetrics, type ConnectMetrics } from './connect-metrics.js';

/** `metrics` null: the logging context only (a task host, whose worker-level metrics the worker records). */
export function instrumentWorker(worker: WorkerPort, metrics: ConnectMetrics | null = connectMetrics): WorkerPort {
  const inConnector = <T>(connector: string, work: () => Promise<T>): Promise<T> => withConnectorContext({ connector, task: null }, work);
  return {
    startConnector: (name, config, targetState, requestTaskReconfiguration) =>
      inConnector(name, async () => {
        const started = await worker.startConnector(name, config, targetState, () => outsideConnectorContext(requestTaskReconfiguration));
        metrics?.worker.connectorStartup.record(started);
        return started;
      }),
    connectorTaskConfigs: (name, config) => inConnector(name, () => worker.connectorTaskConfigs(name, config)),
    stopConnector: (name) => inConnector(name, () => worker.stopConnector(name)),
    startTask: (id: ConnectorTaskId, connectorConfig, taskConfig, targetState) =>
      withConnectorContext({ connector: id.connector, task: id.task }, async () => {
        const started = await worker.startTask(id, connectorConfig, taskConfig, targetState);
        metrics?.worker.taskStartup.record(started);
        return started;
      }),
    stopTasks: (ids) => worker.stopTasks(ids),
    setTargetState: (connector: string, state: TargetState) => inConnector(connector, () => worker.setTargetState(connector, state)),
    connectorNames: () => worker.connectorNames(),
    taskIds: () => worker.taskIds(),
    isRunning: (connector) => worker.isRunning(connector),
    stop: () => worker.stop(),
  };
}

/** Records each connector status report in the metrics, then passes it on. */
export function meteredConnectorStatus(listener: ConnectorStatusListener, metrics: ConnectMetrics = connectMetrics): ConnectorStatusListener {
  return {
    onStartup: (name) => {
      metrics.recordConnectorState(name, 'running');
      listener.onStartup(name);
    },
    onPause: (name) => {
      metrics.recordConnectorState(name, 'paused');
      listener.onPause(name);
    },
    onResume: (name) => {
      metrics.recordConnectorState(name, 'running');
      listener.onResume(name);
    },
    onStop: (name) => {
      metrics.recordConnectorState(name, 'stopped');
      listener.onStop(name);
    },
    onFailure: (name, trace, error) => {
      metrics.recordConnectorState(name, 'failed');
      listener.onFailure(name, trace, error);
    },
    onShutdown: (name) => {
      metrics.recordConnectorState(name, null);
      listener.onShutdown(name);
    },
  };
}
