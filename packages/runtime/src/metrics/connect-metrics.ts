/**
 * The worker's metrics registry (Kafka's ConnectMetrics): tasks register their measurements here,
 * the worker and herder record theirs, and GET /metrics renders them all in the Prometheus text
 * format with prom-client, together with prom-client's Node process metrics. Values are read at
 * scrape time, so a task pays only for its own counters. With `metrics.enabled=false` nothing
 * registers and /metrics answers 404.
 */
import { AggregatorRegistry, Gauge, Registry, collectDefaultMetrics, type MetricObjectWithValues, type MetricValue } from 'prom-client';
import type { ConnectorTaskId } from '../connector-task-id.js';
import type { ErrorHandlingMetrics } from '../worker/errors/error-handling-metrics.js';
import {
  type MetricDefinition,
  type WorkerView,
  prometheusName,
  REBALANCE_METRICS,
  SINK_TASK_METRICS,
  SOURCE_TASK_METRICS,
  TASK_ERROR_METRICS,
  TASK_METRICS,
  WORKER_METRICS,
} from './metric-definitions.js';
import { DEFAULT_SAMPLE_WINDOW, type SampleWindow } from './sampled-stat.js';
import { type AnyTaskMetrics, type TaskMetricState, SinkTaskMetrics, SourceTaskMetrics } from './task-metrics.js';
import { WorkerMetrics, WorkerRebalanceMetrics } from './worker-metrics.js';

/** Kafka's connector `status` values, lower-case. */
type ConnectorMetricState = 'running' | 'paused' | 'stopped' | 'failed' | 'unassigned' | 'restarting';

const TASK_STATES: readonly TaskMetricState[] = ['running', 'paused', 'failed', 'unassigned', 'destroyed', 'restarting'];

interface ConnectMetricsSettings {
  enabled: boolean;
  window: SampleWindow;
  /**
   * `worker` (default): every metric. `task-host`: only the per-task series (and per-connector
   * task counts), which the worker sums into its own scrape; the worker keeps the worker-level,
   * rebalance, connector and process metrics.
   */
  role?: 'worker' | 'task-host';
}

/** A registry's metrics as prom-client's JSON form, which aggregates across processes. */
export type MetricsSnapshot = MetricObjectWithValues<MetricValue<string>>[];

export class ConnectMetrics {
  readonly registry = new Registry();
  readonly worker = new WorkerMetrics();
  #enabled = true;
  #window: SampleWindow = DEFAULT_SAMPLE_WINDOW;
  #rebalance = new WorkerRebalanceMetrics(DEFAULT_SAMPLE_WINDOW);
  #registered = false;
  #role: 'worker' | 'task-host' = 'worker';
  /** The metrics of this worker's task hosts, merged into every scrape, and how many tasks they run. */
  #hosts: { metrics: () => Promise<MetricsSnapshot[]>; taskCount: () => number } | null = null;
  readonly #tasks = new Map<string, AnyTaskMetrics>();
  readonly #connectors = new Map<string, ConnectorMetricState>();

  /** From the worker config (metrics.enabled, metrics.sample.window.ms, metrics.num.samples); call before anything runs. */
  configure(settings: ConnectMetricsSettings): void {
    this.#enabled = settings.enabled;
    this.#window = settings.window;
    this.#rebalance = new WorkerRebalanceMetrics(settings.window);
    this.#role = settings.role ?? 'worker';
    if (this.#enabled) this.#register();
  }

  get enabled(): boolean {
    return this.#enabled;
  }

  get rebalance(): WorkerRebalanceMetrics {
    return this.#rebalance;
  }

  /** A sink task's measurements, registered until `removeTask`; null when metrics are off. */
  addSinkTask(id: ConnectorTaskId): SinkTaskMetrics | null {
    return this.#enabled ? this.#addTask(id, new SinkTaskMetrics(id.connector, id.task, this.#window)) : null;
  }

  addSourceTask(id: ConnectorTaskId): SourceTaskMetrics | null {
    return this.#enabled ? this.#addTask(id, new SourceTaskMetrics(id.connector, id.task, this.#window)) : null;
  }

  /** Drops a task's metrics, unless a newer instance of the task registered since. */
  removeTask(metrics: AnyTaskMetrics): void {
    const key = taskKey(metrics.connector, metrics.task);
    if (this.#tasks.get(key) === metrics) this.#tasks.delete(key);
  }

  /** A connector's status on this worker (null once it no longer runs here): connector status and connector-count. */
  recordConnectorState(connector: string, state: ConnectorMetricState | null): void {
    if (state === null) this.#connectors.delete(connector);
    else if (this.#enabled) this.#connectors.set(connector, state);
  }

  contentType(): string {
    return this.registry.contentType;
  }

  /** The task hosts' metrics (their series are summed with ours by name and labels) and task count. */
  setTaskHosts(hosts: { metrics: () => Promise<MetricsSnapshot[]>; taskCount: () => number }): void {
    this.#hosts = hosts;
  }

  /** This process's metrics as JSON, for the worker that owns this task host. */
  async snapshot(): Promise<MetricsSnapshot> {
    this.#register();
    return (await this.registry.getMetricsAsJSON()) as MetricsSnapshot;
  }

  /** The Prometheus text exposition of every metric, the task hosts' included. */
  async text(): Promise<string> {
    this.#register();
    const hosts = this.#hosts ? await this.#hosts.metrics() : [];
    if (hosts.length === 0) return this.registry.metrics();
    return AggregatorRegistry.aggregate([await this.registry.getMetricsAsJSON(), ...hosts]).metrics();
  }

  #addTask<T extends AnyTaskMetrics>(id: ConnectorTaskId, metrics: T): T {
    this.#tasks.set(taskKey(id.connector, id.task), metrics);
    return metrics;
  }

  #register(): void {
    if (this.#registered) return;
    this.#registered = true;
    const tasks = (): AnyTaskMetrics[] => [...this.#tasks.values()];
    if (this.#role === 'worker') {
      collectDefaultMetrics({ register: this.registry });
      const view: WorkerView = {
        metrics: this.worker,
        connectorCount: () => [...this.#connectors.values()].filter((s) => s !== 'stopped').length,
        taskCount: () => this.#hosts?.taskCount() ?? this.#tasks.size,
      };
      for (const definition of WORKER_METRICS) this.#gauge([], definition, (emit) => emit({}, view));
      for (const definition of REBALANCE_METRICS) this.#gauge([], definition, (emit) => emit({}, this.#rebalance));
      this.#statusGauge('connector-metrics', ['connector'], (set) => {
        for (const [connector, state] of this.#connectors) set({ connector, status: state });
      });
    }
    this.#connectorTaskCounts();
    this.#statusGauge('connector-task-metrics', ['connector', 'task'], (set) => {
      for (const t of tasks()) set({ connector: t.connector, task: String(t.task), status: t.state });
    });
    const taskLabels = ['connector', 'task'];
    const labelsOf = (t: AnyTaskMetrics) => ({ connector: t.connector, task: String(t.task) });
    for (const definition of TASK_METRICS) this.#gauge(taskLabels, definition, (emit) => tasks().forEach((t) => emit(labelsOf(t), t)));
    for (const definition of SINK_TASK_METRICS) {
      this.#gauge(taskLabels, definition, (emit) => tasks().forEach((t) => t instanceof SinkTaskMetrics && emit(labelsOf(t), t)));
    }
    for (const definition of SOURCE_TASK_METRICS) {
      this.#gauge(taskLabels, definition, (emit) => tasks().forEach((t) => t instanceof SourceTaskMetrics && emit(labelsOf(t), t)));
    }
    for (const definition of TASK_ERROR_METRICS) {
      this.#gauge(taskLabels, definition, (emit) => {
        for (const t of tasks()) if (t.errors !== null) emit(labelsOf(t), t.errors as ErrorHandlingMetrics);
      });
    }
  }

  /** Kafka's per-connector connector-<state>-task-count of connect-worker-metrics. */
  #connectorTaskCounts(): void {
    for (const state of [null, ...TASK_STATES]) {
      const gauge: Gauge<string> = new Gauge({
        name: prometheusName('connect-worker-metrics', `connector-${state ?? 'total'}-task-count`),
        help: `The number of ${state === null ? '' : `${state} `}tasks of the connector on this worker. (Kafka: connect-worker-metrics connector-${state ?? 'total'}-task-count)`,
        labelNames: ['connector'],
        registers: [this.registry],
        collect: () => {
          gauge.reset();
          const counts = new Map<string, number>();
          for (const t of this.#tasks.values()) {
            counts.set(t.connector, (counts.get(t.connector) ?? 0) + (state === null || t.state === state ? 1 : 0));
          }
          for (const [connector, count] of counts) gauge.set({ connector }, count);
        },
      });
    }
  }

  #gauge<S>(labelNames: string[], definition: MetricDefinition<S>, each: (emit: (labels: Record<string, string>, source: S) => void) => void): void {
    const gauge: Gauge<string> = new Gauge({
      name: prometheusName(definition.group, definition.name),
      help: `${definition.help} (Kafka: ${definition.group} ${definition.name})`,
      labelNames,
      registers: [this.registry],
      collect() {
        gauge.reset();
        const now = Date.now();
        each((labels, source) => gauge.set(labels, definition.value(source, now)));
      },
    });
  }

  /** Kafka's string `status` metric as Prometheus does strings: one series per state, 1 for the current one. */
  #statusGauge(group: 'connector-metrics' | 'connector-task-metrics', labelNames: string[], each: (set: (labels: Record<string, string>) => void) => void): void {
    const gauge: Gauge<string> = new Gauge({
      name: prometheusName(group, 'status'),
      help: `The status of the ${group === 'connector-metrics' ? 'connector' : 'connector task'}, as the status label (Kafka: ${group} status)`,
      labelNames: [...labelNames, 'status'],
      registers: [this.registry],
      collect() {
        gauge.reset();
        each((labels) => gauge.set(labels, 1));
      },
    });
  }
}

function taskKey(connector: string, task: number): string {
  return `${connector}\u0000${task}`;
}

/** The process-wide registry (the CLI configures it from the worker config). */
export const connectMetrics = new ConnectMetrics();
