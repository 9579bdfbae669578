/**
 * A task host: a child process of the worker that runs connector instances and tasks with their
 * own Kafka clients, converters, transforms and database connections (docs/task-hosts.md). It
 * loads the same plugins as its worker, runs a Worker as the in-process mode does, and talks to
 * its worker only through control messages (host-protocol.ts). When the worker goes away, so does
 * the host.
 */
import { resolveWorkerConfigProviders } from '../config-providers/config-providers.js';
import { redactingLogSink } from '../config-providers/secret-redactor.js';
import { WorkerConfig } from '../config/worker-config.js';
import type { ConnectorTaskId } from '../connector-task-id.js';
import { instrumentWorker } from '../metrics/instrumented-worker.js';
import { connectMetrics } from '../metrics/connect-metrics.js';
import { applyObservabilityConfig } from '../metrics/observability-config.js';
import { loggers, type LogLevel } from '../logging/loggers.js';
import { PLUGIN_SCANNER_LOGGER, workerPluginRegistry } from '../plugins/installed-plugins.js';
import type { TargetState } from '../storage/config-records.js';
import type { ConnectorStatusListener } from '../worker/connector-status-listener.js';
import { javaStackTrace } from '../worker/java-stack-trace.js';
import type { TaskStatusListener } from '../worker/task-status-listener.js';
import { Worker } from '../worker/worker.js';
import type { WorkerPort } from '../herder/worker-port.js';
import { HostChannel, type IpcEnd } from './host-channel.js';
import { HostEvents, HostOps, WorkerEvents, type HostSetup, type StatusEvent } from './host-protocol.js';
import { relayedOffsetStore, relayedTransactionalOffsets } from './offset-relay.js';

if (!process.send) {
  console.error('A task host runs only as a child process of a worker (task.isolation=process)');
  process.exit(2);
}
// The worker is gone (or closed the channel): nothing here may outlive it.
process.on('disconnect', () => process.exit(0));

const channel = new HostChannel(process as unknown as IpcEnd, (error) => javaStackTrace(error));
let worker: WorkerPort | null = null;
let tasks: Worker | null = null;

/** Offsets live in the worker's store; a host reads and writes them through the worker. */
const offsetStore = relayedOffsetStore(channel);

function running(): WorkerPort {
  if (!worker) throw new Error('The task host is not set up');
  return worker;
}

async function setUp(setup: HostSetup): Promise<void> {
  const { props, providers, redactor } = await resolveWorkerConfigProviders(setup.props);
  applyObservabilityConfig(props, connectMetrics, loggers, 'task-host');
  loggers.setSink(redactingLogSink(loggers.sink, redactor));
  for (const [namespace, level] of setup.logLevels) loggers.setLevel(namespace, level);
  const clientLog = loggers.get('org.apache.kafka.clients');
  const plugins = await workerPluginRegistry(props, loggers.get(PLUGIN_SCANNER_LOGGER));
  const config = new WorkerConfig(setup.mode, props, plugins);
  const redact = (trace: string | null): string | null => (trace === null ? null : redactor.redact(trace));

  let inner: Worker | null = null;
  const connectorStatus = forwardingListener<ConnectorStatusListener>((method, name: string, trace) =>
    channel.emit(WorkerEvents.status, [{ target: 'connector', name, method, trace: redact(trace), version: inner?.connectorVersion(name) ?? null } satisfies StatusEvent]));
  const taskStatus = forwardingListener<TaskStatusListener>((method, id: ConnectorTaskId, trace) =>
    channel.emit(WorkerEvents.status, [{ target: 'task', id, method, trace: redact(trace), version: inner?.taskVersion(id) ?? null } satisfies StatusEvent]));
  inner = new Worker({
    workerConfig: config,
    plugins,
    configProviders: providers,
    log: loggers.get('org.apache.kafka.connect.runtime.Worker'),
    connectorStatus,
    taskStatus,
    offsetStore,
    offsetLog: clientLog,
    transactionalOffsets: setup.exactlyOnce ? (connector) => relayedTransactionalOffsets(channel, connector) : null,
    onTopicUsed: (id, topic) => channel.emit(WorkerEvents.topicUsed, [id, topic]),
  });
  tasks = inner;
  // The worker records worker-level metrics; here only the logging context is added.
  worker = instrumentWorker(inner, null);
}

/**
 * A status listener whose every call goes to the worker as a StatusEvent; the worker writes the
 * status record with its generation.
 */
function forwardingListener<L extends object>(send: (method: keyof L, target: never, trace: string | null) => void): L {
  return new Proxy({} as L, {
    get: (_target, method) => (target: never, trace?: string) => send(method as keyof L, target, trace ?? null),
  });
}

channel
  .handle(HostOps.setup, setUp)
  .handle(HostOps.startConnector, (name: string, config: Record<string, string>, targetState: TargetState) =>
    running().startConnector(name, config, targetState, () => channel.emit(WorkerEvents.requestTaskReconfiguration, [name])))
  .handle(HostOps.connectorTaskConfigs, (name: string, config: Record<string, string>) => running().connectorTaskConfigs(name, config))
  .handle(HostOps.stopConnector, (name: string) => running().stopConnector(name))
  .handle(HostOps.startTask, (id: ConnectorTaskId, connectorConfig: Record<string, string>, taskConfig: Record<string, string>, targetState: TargetState) =>
    running().startTask(id, connectorConfig, taskConfig, targetState))
  // Answers the tasks that did not stop in time: the worker then ends this host.
  .handle(HostOps.stopTasks, (ids: ConnectorTaskId[]) => {
    if (!tasks) throw new Error('The task host is not set up');
    return tasks.stopTasksGracefully(ids);
  })
  .handle(HostOps.setTargetState, (connector: string, state: TargetState) => running().setTargetState(connector, state))
  .handle(HostOps.metrics, () => connectMetrics.snapshot())
  .handle(HostOps.stop, async () => {
    await worker?.stop();
    // Exit once the answer has gone out.
    setImmediate(() => process.exit(0));
  })
  .handle(HostEvents.setLogLevel, (namespace: string, level: LogLevel) => {
    loggers.setLevel(namespace, level);
  });
