/**
 * Every metric /metrics serves, by Kafka's group and name, with how its value is read. Our
 * Prometheus name is `kafka_connect_<group>_<name>` with Kafka's group shortened as the common
 * JMX exporter rules (Strimzi's) shorten it and dashes turned into underscores, so
 * `kafka.connect:type=sink-task-metrics,connector=c,task=0 sink-record-read-total` becomes
 * `kafka_connect_sink_task_sink_record_read_total{connector="c",task="0"}`. docs/metrics.md
 * lists them all.
 */
import type { ErrorHandlingMetrics } from '../worker/errors/error-handling-metrics.js';
import type { SinkTaskMetrics, SourceTaskMetrics, TaskMetrics } from './task-metrics.js';
import type { WorkerMetrics, WorkerRebalanceMetrics } from './worker-metrics.js';

const METRIC_GROUP_PREFIXES = {
  'connect-worker-metrics': 'kafka_connect_worker',
  'connect-worker-rebalance-metrics': 'kafka_connect_worker_rebalance',
  'connector-metrics': 'kafka_connect_connector',
  'connector-task-metrics': 'kafka_connect_connector_task',
  'sink-task-metrics': 'kafka_connect_sink_task',
  'source-task-metrics': 'kafka_connect_source_task',
  'task-error-metrics': 'kafka_connect_task_error',
} as const;
type MetricGroup = keyof typeof METRIC_GROUP_PREFIXES;

export interface MetricDefinition<S> {
  readonly group: MetricGroup;
  /** Kafka's metric name. */
  readonly name: string;
  readonly help: string;
  value(source: S, now: number): number;
}

export function prometheusName(group: MetricGroup, name: string): string {
  return `${METRIC_GROUP_PREFIXES[group]}_${name.replace(/-/g, '_')}`;
}

/** What the worker-level metrics read: the instances running here and the start-up counts. */
export interface WorkerView {
  readonly metrics: WorkerMetrics;
  connectorCount(): number;
  taskCount(): number;
}

const worker = (name: string, help: string, value: (w: WorkerView) => number): MetricDefinition<WorkerView> => ({
  group: 'connect-worker-metrics', name, help, value,
});

export const WORKER_METRICS: readonly MetricDefinition<WorkerView>[] = [
  worker('connector-count', 'The number of connectors run in this worker.', (w) => w.connectorCount()),
  worker('task-count', 'The number of tasks run in this worker.', (w) => w.taskCount()),
  worker('connector-startup-attempts-total', 'The total number of connector startups that this worker has attempted.', (w) => w.metrics.connectorStartup.attempts),
  worker('connector-startup-success-total', 'The total number of connector starts that succeeded.', (w) => w.metrics.connectorStartup.successes),
  worker('connector-startup-success-percentage', 'The average percentage of this worker\'s connectors starts that succeeded.', (w) => w.metrics.connectorStartup.successRatio()),
  worker('connector-startup-failure-total', 'The total number of connector starts that failed.', (w) => w.metrics.connectorStartup.failures),
  worker('connector-startup-failure-percentage', 'The average percentage of this worker\'s connectors starts that failed.', (w) => w.metrics.connectorStartup.failureRatio()),
  worker('task-startup-attempts-total', 'The total number of task startups that this worker has attempted.', (w) => w.metrics.taskStartup.attempts),
  worker('task-startup-success-total', 'The total number of task starts that succeeded.', (w) => w.metrics.taskStartup.successes),
  worker('task-startup-success-percentage', 'The average percentage of this worker\'s tasks starts that succeeded.', (w) => w.metrics.taskStartup.successRatio()),
  worker('task-startup-failure-total', 'The total number of task starts that failed.', (w) => w.metrics.taskStartup.failures),
  worker('task-startup-failure-percentage', 'The average percentage of this worker\'s tasks starts that failed.', (w) => w.metrics.taskStartup.failureRatio()),
];

const rebalance = (name: string, help: string, value: (r: WorkerRebalanceMetrics, now: number) => number): MetricDefinition<WorkerRebalanceMetrics> => ({
  group: 'connect-worker-rebalance-metrics', name, help, value,
});

export const REBALANCE_METRICS: readonly MetricDefinition<WorkerRebalanceMetrics>[] = [
  rebalance('completed-rebalances-total', 'The total number of rebalances completed by this worker.', (r) => r.completedRebalances),
  rebalance('rebalancing', 'Whether this worker is currently rebalancing (1) or not (0).', (r) => (r.rebalancing ? 1 : 0)),
  rebalance('epoch', 'The epoch or generation number of this worker.', (r) => r.epoch),
  rebalance('rebalance-max-time-ms', 'The maximum time in milliseconds spent by this worker to rebalance.', (r, now) => r.rebalanceMaxTimeMs(now)),
  rebalance('rebalance-avg-time-ms', 'The average time in milliseconds spent by this worker to rebalance.', (r, now) => r.rebalanceAvgTimeMs(now)),
  rebalance('time-since-last-rebalance-ms', 'The time in milliseconds since this worker completed the most recent rebalance.', (r, now) => r.timeSinceLastRebalanceMs(now)),
  rebalance('scheduled-rebalance-delay-remaining-ms', 'The time in milliseconds until the rebalance scheduled for lost work (scheduled.rebalance.max.delay.ms); 0 when none is scheduled.', (r, now) => r.scheduledRebalanceDelayRemainingMs(now)),
  rebalance('lost-connectors-waiting', 'The number of connectors of departed workers that the leader holds unassigned until the scheduled rebalance; 0 on other workers.', (r) => r.lostConnectorsWaiting),
  rebalance('lost-tasks-waiting', 'The number of tasks of departed workers that the leader holds unassigned until the scheduled rebalance; 0 on other workers.', (r) => r.lostTasksWaiting),
];

const task = (name: string, help: string, value: (t: TaskMetrics, now: number) => number): MetricDefinition<TaskMetrics> => ({
  group: 'connector-task-metrics', name, help, value,
});

export const TASK_METRICS: readonly MetricDefinition<TaskMetrics>[] = [
  task('running-ratio', 'The fraction of time this task has spent in the running state.', (t, now) => t.ratio('running', now)),
  task('pause-ratio', 'The fraction of time this task has spent in the pause state.', (t, now) => t.ratio('paused', now)),
  task('offset-commit-max-time-ms', 'The maximum time in milliseconds taken by this task to commit offsets.', (t, now) => t.offsetCommitTime.max(now)),
  task('offset-commit-avg-time-ms', 'The average time in milliseconds taken by this task to commit offsets.', (t, now) => t.offsetCommitTime.avg(now)),
  task('offset-commit-success-percentage', 'The average percentage of this task\'s offset commit attempts that succeeded.', (t, now) => zeroIfNaN(t.offsetCommitOutcome.avg(now))),
  task('offset-commit-failure-percentage', 'The average percentage of this task\'s offset commit attempts that failed.', (t, now) => {
    const success = t.offsetCommitOutcome.avg(now);
    return Number.isNaN(success) ? 0 : 1 - success;
  }),
  task('batch-size-max', 'The number of records in the largest batch the task has processed so far.', (t, now) => t.batchSize.max(now)),
  task('batch-size-avg', 'The average number of records in the batches the task has processed so far.', (t, now) => t.batchSize.avg(now)),
];

const sink = (name: string, help: string, value: (t: SinkTaskMetrics, now: number) => number): MetricDefinition<SinkTaskMetrics> => ({
  group: 'sink-task-metrics', name, help, value,
});

export const SINK_TASK_METRICS: readonly MetricDefinition<SinkTaskMetrics>[] = [
  sink('sink-record-read-rate', 'The average per-second number of records read from Kafka for this task before transformations are applied.', (t, now) => t.recordsRead.rate(now)),
  sink('sink-record-read-total', 'The total number of records read from Kafka by this task since it was last restarted.', (t) => t.recordsRead.total),
  sink('sink-record-send-rate', 'The average per-second number of records output from the transformations and sent/put to this task.', (t, now) => t.recordsSent.rate(now)),
  sink('sink-record-send-total', 'The total number of records output from the transformations and sent/put to this task since it was last restarted.', (t) => t.recordsSent.total),
  sink('partition-count', 'The number of topic partitions assigned to this task belonging to the named sink connector in this worker.', (t) => t.partitionCount),
  sink('offset-commit-seq-no', 'The current sequence number for offset commits.', (t) => t.offsetCommitSeqNo),
  sink('offset-commit-completion-rate', 'The average per-second number of offset commit completions that were completed successfully.', (t, now) => t.offsetCommitCompletions.rate(now)),
  sink('offset-commit-completion-total', 'The total number of offset commit completions that were completed successfully.', (t) => t.offsetCommitCompletions.total),
  sink('offset-commit-skip-rate', 'The average per-second number of offset commit completions that were received too late and skipped/ignored.', (t, now) => t.offsetCommitSkips.rate(now)),
  sink('offset-commit-skip-total', 'The total number of offset commit completions that were received too late and skipped/ignored.', (t) => t.offsetCommitSkips.total),
  sink('put-batch-max-time-ms', 'The maximum time taken by this task to put a batch of sinks records.', (t, now) => t.putBatchTime.max(now)),
  sink('put-batch-avg-time-ms', 'The average time taken by this task to put a batch of sinks records.', (t, now) => t.putBatchTime.avg(now)),
  sink('sink-record-active-count', 'The number of records that have been read from Kafka but not yet completely committed/flushed/acknowledged by the sink task.', (t) => t.activeCount.current),
  sink('sink-record-active-count-max', 'The maximum number of records that have been read from Kafka but not yet completely committed/flushed/acknowledged by the sink task.', (t, now) => t.activeCount.stat.max(now)),
  sink('sink-record-active-count-avg', 'The average number of records that have been read from Kafka but not yet completely committed/flushed/acknowledged by the sink task.', (t, now) => t.activeCount.stat.avg(now)),
];

const source = (name: string, help: string, value: (t: SourceTaskMetrics, now: number) => number): MetricDefinition<SourceTaskMetrics> => ({
  group: 'source-task-metrics', name, help, value,
});

export const SOURCE_TASK_METRICS: readonly MetricDefinition<SourceTaskMetrics>[] = [
  source('source-record-poll-rate', 'The average per-second number of records produced/polled (before transformation) by this task.', (t, now) => t.recordsPolled.rate(now)),
  source('source-record-poll-total', 'The total number of records produced/polled (before transformation) by this task.', (t) => t.recordsPolled.total),
  source('source-record-write-rate', 'The average per-second number of records written to Kafka for this task.', (t, now) => t.recordsWritten.rate(now)),
  source('source-record-write-total', 'The number of records output written to Kafka for this task.', (t) => t.recordsWritten.total),
  source('poll-batch-max-time-ms', 'The maximum time in milliseconds taken by this task to poll for a batch of source records.', (t, now) => t.pollBatchTime.max(now)),
  source('poll-batch-avg-time-ms', 'The average time in milliseconds taken by this task to poll for a batch of source records.', (t, now) => t.pollBatchTime.avg(now)),
  source('source-record-active-count', 'The number of records that have been produced by this task but not yet completely written to Kafka.', (t) => t.activeCount.current),
  source('source-record-active-count-max', 'The maximum number of records that have been produced by this task but not yet completely written to Kafka.', (t, now) => t.activeCount.stat.max(now)),
  source('source-record-active-count-avg', 'The average number of records that have been produced by this task but not yet completely written to Kafka.', (t, now) => t.activeCount.stat.avg(now)),
];

const error = (name: string, help: string, value: (e: ErrorHandlingMetrics) => number): MetricDefinition<ErrorHandlingMetrics> => ({
  group: 'task-error-metrics', name, help, value,
});

export const TASK_ERROR_METRICS: readonly MetricDefinition<ErrorHandlingMetrics>[] = [
  error('total-record-errors', 'The number of record processing errors in this task.', (e) => e.recordErrors),
  error('total-record-failures', 'The number of record processing failures in this task.', (e) => e.recordFailures),
  error('total-records-skipped', 'The number of records skipped due to errors.', (e) => e.recordsSkipped),
  error('total-retries', 'The number of operations retried.', (e) => e.retries),
  error('total-errors-logged', 'The number of errors that were logged.', (e) => e.errorsLogged),
  error('deadletterqueue-produce-requests', 'The number of attempted writes to the dead letter queue.', (e) => e.deadLetterQueueProduceRequests),
  error('deadletterqueue-produce-failures', 'The number of failed writes to the dead letter queue.', (e) => e.deadLetterQueueProduceFailures),
  error('last-error-timestamp', 'The epoch timestamp when this task last encountered an error.', (e) => e.lastErrorTimestamp),
];

function zeroIfNaN(value: number): number {
  return Number.isNaN(value) ? 0 : value;
}
