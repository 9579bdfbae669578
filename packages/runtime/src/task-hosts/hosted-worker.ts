/**
 * The WorkerPort of `task.isolation=process` (docs/task-hosts.md): connector instances and tasks
 * run in task hosts, child processes, so that nothing a plugin does can stall this process's event
 * loop (REST, the herder, group heartbeats). This side places instances on hosts, relays their
 * status reports into the status topic with this worker's generation, serves their offsets from
 * the worker's offset store, merges their metrics into /metrics and passes log level changes on.
 *
 * A host that dies fails the instances it ran, with a trace that says how it ended. A task that
 * does not stop within `task.shutdown.graceful.timeout.ms` gets its host killed; the other
 * instances of that host start again on another one.
 */
import { ConnectException } from '@tsconnect/api';
import { connectorTaskIdKey, formatConnectorTaskId, type ConnectorTaskId } from '../connector-task-id.js';
import type { WorkerConfig } from '../config/worker-config.js';
import type { StatusWriter } from '../herder/herder-ports.js';
import type { WorkerPort } from '../herder/worker-port.js';
import type { Logger, Loggers, LogLevel } from '../logging/loggers.js';
import { ROOT_LOGGER } from '../logging/loggers.js';
import { meteredConnectorStatus } from '../metrics/instrumented-worker.js';
import type { ConnectMetrics, MetricsSnapshot } from '../metrics/connect-metrics.js';
import type { TargetState } from '../storage/config-records.js';
import type { OffsetBackingStore } from '../storage/offset-backing-store.js';
import type { ConnectorStatusListener } from '../worker/connector-status-listener.js';
import { javaStackTrace } from '../worker/java-stack-trace.js';
import type { TaskStatusListener } from '../worker/task-status-listener.js';
import { statusListeners, topicUseRecorder } from '../worker/status-listeners.js';
import type { HostChannel } from './host-channel.js';
import { chooseSharedHost, hostRequirements } from './host-placement.js';
import { HostEvents, HostOps, WorkerEvents, type HostSetup, type StatusEvent, type TransactionalOffsetKeys } from './host-protocol.js';
import { serveOffsets } from './offset-relay.js';
import { removeOrphanedConsumers, sinkTaskConsumer, type TaskConsumer } from './orphaned-consumers.js';
import { TaskHost, type HostExit } from './task-host.js';

/** How long an empty host is kept for the next instance before it is stopped. */
const IDLE_HOST_MS = 30_000;
/** Added to the graceful timeout for the host's answer to travel back. */
const STOP_ANSWER_MARGIN_MS = 2_000;
/** How long a scrape of /metrics waits for a host. */
const METRICS_TIMEOUT_MS = 2_000;
/**
 * How long the herder waits for a host to answer a start before it goes on (a host whose event
 * loop is busy with another task answers later; the instance's status tells when it runs), as
 * Java's worker hands a start to an executor and returns.
 */
const START_ANSWER_WAIT_MS = 10_000;
/** How long the herder waits for task configs or a target state change from a host. */
const CONTROL_ANSWER_TIMEOUT_MS = 30_000;

/** The promise's value, or `pending` if it has not settled within `ms`. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | typeof PENDING> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<typeof PENDING>((resolve) => (timer = setTimeout(() => resolve(PENDING), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}
const PENDING = Symbol('pending');

export interface HostedWorkerOptions {
  config: WorkerConfig;
  /** What every host is set up with (log levels are added when it starts). */
  setup: Omit<HostSetup, 'logLevels' | 'exactlyOnce'>;
  loggers: Loggers;
  log: Logger;
  statuses: Pick<StatusWriter, 'putConnector' | 'putTask' | 'putTopic'>;
  generation: () => number;
  offsetStore: OffsetBackingStore;
  /** With exactly-once source support: the offsets topic and a connector's stored keys. */
  transactionalOffsetKeys: ((connector: string) => TransactionalOffsetKeys) | null;
  redact: (text: string) => string;
  metrics: ConnectMetrics;
}

interface ConnectorSpec {
  config: Readonly<Record<string, string>>;
  targetState: TargetState;
  requestTaskReconfiguration: () => void;
}

interface TaskSpec {
  id: ConnectorTaskId;
  connectorConfig: Readonly<Record<string, string>>;
  taskConfig: Readonly<Record<string, string>>;
  targetState: TargetState;
}

export class HostedWorker implements WorkerPort {
  readonly #options: HostedWorkerOptions;
  readonly #hosts: TaskHost[] = [];
  readonly #connectors = new Map<string, { host: TaskHost; spec: ConnectorSpec }>();
  readonly #tasks = new Map<string, { host: TaskHost; spec: TaskSpec }>();
  /** Connectors whose instance last reported RUNNING (the herder asks before reconfiguring). */
  readonly #running = new Set<string>();
  /** The plugin version each instance last reported, which its status records carry. */
  readonly #versions = new Map<string, string | null>();
  readonly #connectorStatus: ConnectorStatusListener;
  readonly #taskStatus: TaskStatusListener;
  /** Removals of the consumers of sink tasks whose host ended, by task: a restart waits for its own. */
  readonly #orphanRemovals = new Map<string, Promise<void>>();
  #nextHostId = 1;
  #stopped = false;

  constructor(options: HostedWorkerOptions) {
    this.#options = options;
    const listeners = statusListeners(() => options.statuses as StatusWriter, options.generation, options.log, options.redact, {
      connector: (name) => this.#versions.get(`c:${name}`) ?? null,
      task: (id) => this.#versions.get(`t:${connectorTaskIdKey(id)}`) ?? null,
    });
    this.#connectorStatus = meteredConnectorStatus(listeners.connector, options.metrics);
    this.#taskStatus = listeners.task;
    options.loggers.onLevelChange((namespace, level) => {
      for (const host of this.#hosts) host.channel.emit(HostEvents.setLogLevel, [namespace, level]);
    });
    if (options.metrics.enabled) options.metrics.setTaskHosts({ metrics: () => this.#hostMetrics(), taskCount: () => this.#tasks.size });
  }

  get #gracefulTimeoutMs(): number {
    return this.#options.config.getLong('task.shutdown.graceful.timeout.ms');
  }

  async startConnector(name: string, config: Readonly<Record<string, string>>, targetState: TargetState, requestTaskReconfiguration: () => void): Promise<boolean> {
    if (this.#connectors.has(name)) throw new ConnectException(`Connector ${name} is already running on this worker`);
    const host = this.#placeOrFail(name, false, config, (trace, error) => this.#connectorStatus.onFailure(name, trace, error));
    if (!host) return false;
    host.connectors.add(name);
    this.#connectors.set(name, { host, spec: { config, targetState, requestTaskReconfiguration } });
    const started = host.ready.then(() => host.channel.request<boolean>(HostOps.startConnector, [name, config, targetState]));
    try {
      const answer = await within(started, START_ANSWER_WAIT_MS);
      if (answer !== PENDING) return answer;
      this.#options.log.warn(`Connector ${name} is still starting on task host ${host.id}; its tasks are configured once it runs`);
      void started.then((ok) => ok && this.#connectors.get(name)?.host === host && requestTaskReconfiguration(), () => {});
      return true;
    } catch (error) {
      // The host ended (its exit reports this connector FAILED) or could not set itself up.
      this.#abandonIfUnready(host, error);
      return false;
    }
  }

  async connectorTaskConfigs(name: string, config: Readonly<Record<string, string>>): Promise<Record<string, string>[]> {
    const placed = this.#connectors.get(name);
    if (!placed) throw new ConnectException(`Connector ${name} is not running on this worker`);
    return placed.host.channel.request<Record<string, string>[]>(HostOps.connectorTaskConfigs, [name, config], CONTROL_ANSWER_TIMEOUT_MS);
  }

  async stopConnector(name: string): Promise<void> {
    const placed = this.#connectors.get(name);
    if (!placed) return;
    this.#forgetConnector(name);
    const { host } = placed;
    try {
      await host.channel.request(HostOps.stopConnector, [name], this.#gracefulTimeoutMs + STOP_ANSWER_MARGIN_MS);
    } catch (error) {
      if (host.isAlive) this.#kill(host, `connector ${name} did not stop within ${this.#gracefulTimeoutMs + STOP_ANSWER_MARGIN_MS} ms`, true, error);
    }
    this.#retireIfIdle(host);
  }

  async startTask(id: ConnectorTaskId, connectorConfig: Readonly<Record<string, string>>, taskConfig: Readonly<Record<string, string>>, targetState: TargetState): Promise<boolean> {
    const key = connectorTaskIdKey(id);
    if (this.#tasks.has(key)) throw new ConnectException(`Task ${formatConnectorTaskId(id)} is already running on this worker`);
    const host = this.#placeOrFail(id.connector, true, connectorConfig, (trace, error) => this.#taskStatus.onFailure(id, trace, error));
    if (!host) return false;
    host.tasks.set(key, id);
    this.#tasks.set(key, { host, spec: { id, connectorConfig, taskConfig, targetState } });
    const orphanRemoval = this.#orphanRemovals.get(key);
    const started = Promise.all([host.ready, orphanRemoval])
      .then(() => host.channel.request<boolean>(HostOps.startTask, [id, connectorConfig, taskConfig, targetState]));
    try {
      const answer = await within(started, START_ANSWER_WAIT_MS);
      if (answer !== PENDING) return answer;
      this.#options.log.warn(`Task ${formatConnectorTaskId(id)} is still starting on task host ${host.id}; its status tells when it runs`);
      started.catch(() => {});
      return true;
    } catch (error) {
      this.#abandonIfUnready(host, error);
      return false;
    }
  }

  async stopTasks(ids: readonly ConnectorTaskId[]): Promise<void> {
    const byHost = new Map<TaskHost, ConnectorTaskId[]>();
    for (const id of ids) {
      const placed = this.#tasks.get(connectorTaskIdKey(id));
      if (!placed) continue;
      this.#forgetTask(id);
      byHost.set(placed.host, [...(byHost.get(placed.host) ?? []), id]);
    }
    const timeoutMs = this.#gracefulTimeoutMs + STOP_ANSWER_MARGIN_MS;
    await Promise.all([...byHost].map(async ([host, hostIds]) => {
      try {
        const stuck = await host.channel.request<ConnectorTaskId[]>(HostOps.stopTasks, [hostIds], timeoutMs);
        if (stuck.length > 0) {
          this.#kill(host, `task ${stuck.map(formatConnectorTaskId).join(', ')} did not stop within task.shutdown.graceful.timeout.ms=${this.#gracefulTimeoutMs}`, true);
        }
      } catch (error) {
        if (host.isAlive) this.#kill(host, `stopping task ${hostIds.map(formatConnectorTaskId).join(', ')} got no answer within ${timeoutMs} ms`, true, error);
      }
      this.#retireIfIdle(host);
    }));
  }

  async setTargetState(connector: string, state: TargetState): Promise<void> {
    const placed = this.#connectors.get(connector);
    if (placed) placed.spec.targetState = state;
    const hosts = new Set<TaskHost>(placed ? [placed.host] : []);
    if (state !== 'STOPPED') {
      for (const { host, spec } of this.#tasks.values()) {
        if (spec.id.connector !== connector) continue;
        spec.targetState = state;
        hosts.add(host);
      }
    }
    await Promise.all([...hosts].map((host) => host.channel.request(HostOps.setTargetState, [connector, state], CONTROL_ANSWER_TIMEOUT_MS).catch((error: unknown) => {
      // A host that is gone has reported its instances FAILED already; a busy one applies the
      // change when it gets to it (messages are handled in order), and the statuses tell.
      if (host.isAlive) this.#options.log.warn(`Task host ${host.id} has not yet applied target state ${state} of connector ${connector}`, error);
    })));
  }

  connectorNames(): string[] {
    return [...this.#connectors.keys()];
  }

  taskIds(): ConnectorTaskId[] {
    return [...this.#tasks.values()].map(({ spec }) => spec.id);
  }

  isRunning(connector: string): boolean {
    return this.#connectors.has(connector) && this.#running.has(connector);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    const hosts = [...this.#hosts];
    // Each host stops its tasks, then its connectors, reporting their statuses as it goes.
    await Promise.all(hosts.map((host) => host.stop(this.#gracefulTimeoutMs + STOP_ANSWER_MARGIN_MS)));
    this.#connectors.clear();
    this.#tasks.clear();
    this.#running.clear();
  }

  /** The hosts now running, for tests and diagnostics. */
  hosts(): readonly TaskHost[] {
    return this.#hosts;
  }

  // --- placement --------------------------------------------------------------------------------

  /** The host for an instance of `connector` (a task when `isTask`), or null after reporting why there is none. */
  #placeOrFail(connector: string, isTask: boolean, config: Readonly<Record<string, string>>, fail: (trace: string, error: Error) => void): TaskHost | null {
    try {
      if (this.#stopped) throw new ConnectException('The worker is stopping');
      return this.#place(connector, isTask, config);
    } catch (error) {
      this.#options.log.error(`Failed to place an instance of connector ${connector} on a task host`, error);
      fail(javaStackTrace(error), error as Error);
      return null;
    }
  }

  #place(connector: string, isTask: boolean, config: Readonly<Record<string, string>>): TaskHost {
    const requirements = hostRequirements(config);
    if (requirements.dedicated) {
      const own = this.#hosts.find((h) => h.dedicatedTo === connector && h.maxHeapMb === requirements.maxHeapMb);
      return own ?? this.#spawn(connector, requirements.maxHeapMb);
    }
    const shared = this.#hosts.filter((h) => h.dedicatedTo === null);
    const views = shared.map((host) => ({
      load: host.load,
      loadOf: (c: string) => (host.connectors.has(c) ? 1 : 0) + [...host.tasks.values()].filter((id) => id.connector === c).length,
      runsConnector: (c: string) => host.connectors.has(c),
    }));
    const choice = chooseSharedHost(views, connector, isTask, this.#options.config.getInt('task.hosts.max'));
    return choice === 'new' ? this.#spawn(null, null) : shared[choice]!;
  }

  #spawn(dedicatedTo: string | null, maxHeapMb: number | null): TaskHost {
    const levels = [...this.#options.loggers.explicitLevels()].map(([name, { level }]) => [name, level] as [string, LogLevel]);
    levels.sort(([a], [b]) => (a === ROOT_LOGGER ? -1 : b === ROOT_LOGGER ? 1 : 0));
    const host = new TaskHost({
      id: this.#nextHostId++,
      dedicatedTo,
      maxHeapMb,
      setup: { ...this.#options.setup, logLevels: levels, exactlyOnce: this.#options.transactionalOffsetKeys !== null },
      serve: (channel) => this.#serve(channel),
    });
    this.#hosts.push(host);
    this.#options.log.info(`Started task host ${host.id} (pid ${host.pid})${dedicatedTo === null ? '' : ` for connector ${dedicatedTo}`}`);
    void host.exited.then((exit) => this.#onExit(host, exit));
    return host;
  }

  /** A host whose set-up failed is ended: its exit fails what was placed on it. */
  #abandonIfUnready(host: TaskHost, error: unknown): void {
    void host.ready.catch(() => {
      if (host.isAlive) this.#kill(host, `it could not set itself up: ${(error as Error).message}`);
    });
  }

  #kill(host: TaskHost, reason: string, replaceInstances = false, error?: unknown): void {
    this.#options.log.error(`Killing task host ${host.id} (pid ${host.pid}): ${reason}`, error);
    host.kill(reason, replaceInstances);
  }

  #retireIfIdle(host: TaskHost): void {
    if (host.load > 0 || !host.isAlive) return;
    setTimeout(() => {
      if (host.load > 0 || !host.isAlive) return;
      this.#remove(host);
      void host.stop(this.#gracefulTimeoutMs + STOP_ANSWER_MARGIN_MS);
    }, IDLE_HOST_MS).unref();
  }

  #remove(host: TaskHost): void {
    const index = this.#hosts.indexOf(host);
    if (index >= 0) this.#hosts.splice(index, 1);
  }

  /**
   * A host ended. Killed by us for a stuck instance: what else it ran starts again elsewhere.
   * Otherwise (a crash, a signal, its heap limit, a failed set-up): what it ran fails with a trace
   * that says how it ended.
   */
  #onExit(host: TaskHost, exit: HostExit): void {
    this.#remove(host);
    const connectors = [...host.connectors].map((name) => [name, this.#connectors.get(name)!.spec] as const);
    const tasks = [...host.tasks.values()].map((id) => this.#tasks.get(connectorTaskIdKey(id))!.spec);
    for (const [name] of connectors) this.#forgetConnector(name);
    for (const spec of tasks) this.#forgetTask(spec.id);
    if (this.#stopped || (connectors.length === 0 && tasks.length === 0)) return;
    this.#removeOrphanedConsumers(tasks);
    if (exit.replaceInstances) {
      this.#options.log.warn(`${exit.description}; starting its other ${connectors.length + tasks.length} instance(s) on another task host`);
      for (const [name, spec] of connectors) void this.startConnector(name, spec.config, spec.targetState, spec.requestTaskReconfiguration);
      for (const spec of tasks) void this.startTask(spec.id, spec.connectorConfig, spec.taskConfig, spec.targetState);
      return;
    }
    this.#options.log.error(`${exit.description}; ${connectors.length + tasks.length} instance(s) on it failed`);
    const failure = (what: string): [string, Error] => {
      const error = new ConnectException(`${exit.description}; ${what} stopped with it`);
      return [javaStackTrace(error), error];
    };
    for (const [name] of connectors) this.#connectorStatus.onFailure(name, ...failure(`connector ${name}`));
    for (const spec of tasks) this.#taskStatus.onFailure(spec.id, ...failure(`task ${formatConnectorTaskId(spec.id)}`));
  }

  /** Takes the consumers of the host's sink tasks out of their groups (orphaned-consumers.ts). */
  #removeOrphanedConsumers(tasks: readonly TaskSpec[]): void {
    const consumers: TaskConsumer[] = [];
    for (const spec of tasks) {
      try {
        const consumer = sinkTaskConsumer(spec.id, spec.connectorConfig, spec.taskConfig, this.#options.config);
        if (consumer) consumers.push(consumer);
      } catch (error) {
        this.#options.log.warn(`Cannot tell the consumer group of task ${formatConnectorTaskId(spec.id)}: ${(error as Error).message}`);
      }
    }
    if (consumers.length === 0) return;
    const removal = removeOrphanedConsumers(consumers, this.#options.log);
    for (const { task } of consumers) {
      const key = connectorTaskIdKey(task);
      this.#orphanRemovals.set(key, removal);
      void removal.then(() => {
        if (this.#orphanRemovals.get(key) === removal) this.#orphanRemovals.delete(key);
      });
    }
  }

  #forgetConnector(name: string): void {
    const placed = this.#connectors.get(name);
    placed?.host.connectors.delete(name);
    this.#connectors.delete(name);
    this.#running.delete(name);
  }

  #forgetTask(id: ConnectorTaskId): void {
    const key = connectorTaskIdKey(id);
    this.#tasks.get(key)?.host.tasks.delete(key);
    this.#tasks.delete(key);
  }

  // --- what hosts ask of the worker -------------------------------------------------------------

  #serve(channel: HostChannel): void {
    serveOffsets(channel, this.#options.offsetStore, this.#options.transactionalOffsetKeys);
    channel
      .handle(WorkerEvents.status, (event: StatusEvent) => this.#onStatus(event))
      .handle(WorkerEvents.topicUsed, topicUseRecorder(this.#options.statuses, this.#options.log))
      .handle(WorkerEvents.requestTaskReconfiguration, (connector: string) => this.#connectors.get(connector)?.spec.requestTaskReconfiguration());
  }

  #onStatus(event: StatusEvent): void {
    const trace = event.trace ?? '';
    if (event.target === 'connector') {
      this.#versions.set(`c:${event.name}`, event.version);
      if (event.method === 'onStartup' || event.method === 'onResume') this.#running.add(event.name);
      else this.#running.delete(event.name);
      (this.#connectorStatus[event.method] as (name: string, trace: string, error: Error) => void)(event.name, trace, new ConnectException(trace));
    } else {
      this.#versions.set(`t:${connectorTaskIdKey(event.id)}`, event.version);
      (this.#taskStatus[event.method] as (id: ConnectorTaskId, trace: string, error: Error) => void)(event.id, trace, new ConnectException(trace));
    }
  }

  async #hostMetrics(): Promise<MetricsSnapshot[]> {
    const answers = await Promise.all(this.#hosts.map((host) =>
      host.ready.then(() => host.channel.request<MetricsSnapshot>(HostOps.metrics, [], METRICS_TIMEOUT_MS)).catch(() => null)));
    return answers.filter((a): a is MetricsSnapshot => a !== null);
  }
}
