/**
 * Builds a task's error handling from the connector's `errors.*` settings: the tolerance
 * operator with its reporters (log; for sinks also the dead letter queue, whose topic is created
 * first) and, for sinks with a reporter, the ErrantRecordReporter the task context offers.
 */
import type { ConnectorTaskId } from '../../connector-task-id.js';
import { systemClock, type Clock } from '../clock.js';
import type { RecordSender } from '../record-sender.js';
import type { TaskConverters } from '../task-converters.js';
import type { TopicAdmin } from '../topic-admin.js';
import { defaultWorkerLog, type WorkerLog } from '../worker-log.js';
import { DeadLetterQueueReporter, type DeadLetterQueueOptions } from './dead-letter-queue-reporter.js';
import { ErrorHandlingMetrics } from './error-handling-metrics.js';
import type { ErrorReporter } from './error-reporter.js';
import { LogReporter, type LogReporterOptions } from './log-reporter.js';
import { RetryWithToleranceOperator, type RetryWithToleranceOptions } from './retry-with-tolerance-operator.js';
import { WorkerErrantRecordReporter } from './worker-errant-record-reporter.js';

/** The connector's errors.* settings; `deadLetterQueue` only for sinks with a DLQ topic name. */
export interface ErrorHandlingOptions extends RetryWithToleranceOptions {
  log: LogReporterOptions;
  deadLetterQueue?: DeadLetterQueueOptions | null;
}

interface ErrorHandling {
  operator: RetryWithToleranceOperator;
  /** Sinks only, and only with a DLQ topic or errors.log.enable=true. */
  errantRecordReporter: WorkerErrantRecordReporter | null;
}

interface SinkErrorHandlingDependencies {
  converters: TaskConverters;
  /** Needed only with a DLQ topic: creates it when missing. */
  admin?: TopicAdmin;
  /** Needed only with a DLQ topic: the DLQ producer (client.id connector-dlq-producer-<c>-<t>). */
  createDeadLetterQueueProducer?: () => Promise<RecordSender>;
  clock?: Clock;
  log?: WorkerLog;
}

function newOperator(options: ErrorHandlingOptions, clock: Clock): RetryWithToleranceOperator {
  const metrics = new ErrorHandlingMetrics(() => clock.now());
  return new RetryWithToleranceOperator(
    { retryTimeoutMs: options.retryTimeoutMs, retryDelayMaxMs: options.retryDelayMaxMs, tolerance: options.tolerance },
    { metrics, clock },
  );
}

export async function createSinkErrorHandling(
  id: ConnectorTaskId,
  options: ErrorHandlingOptions,
  dependencies: SinkErrorHandlingDependencies,
): Promise<ErrorHandling> {
  const clock = dependencies.clock ?? systemClock;
  const log = dependencies.log ?? defaultWorkerLog;
  const operator = newOperator(options, clock);
  const reporters: ErrorReporter[] = [];
  const dlq = options.deadLetterQueue;
  if (dlq && dlq.topic.trim() !== '') {
    const { admin, createDeadLetterQueueProducer } = dependencies;
    if (!admin || !createDeadLetterQueueProducer) {
      throw new TypeError('A dead letter queue needs an admin client and a producer factory');
    }
    const producer = await createDeadLetterQueueProducer();
    try {
      reporters.push(await DeadLetterQueueReporter.createAndSetup(admin, producer, id, dlq, operator.metrics, log));
    } catch (error) {
      await producer.close();
      throw error;
    }
  }
  reporters.push(new LogReporter(id, options.log, operator.metrics, log));
  operator.setReporters(reporters);
  const hasReporter = reporters.length > 1 || options.log.enabled;
  return {
    operator,
    errantRecordReporter: hasReporter ? new WorkerErrantRecordReporter(operator, dependencies.converters) : null,
  };
}

/** Source tasks report to the log only (Kafka has no DLQ for sources). */
export function createSourceErrorHandling(
  id: ConnectorTaskId,
  options: ErrorHandlingOptions,
  dependencies: { clock?: Clock; log?: WorkerLog } = {},
): ErrorHandling {
  const clock = dependencies.clock ?? systemClock;
  const operator = newOperator(options, clock);
  operator.setReporters([new LogReporter(id, options.log, operator.metrics, dependencies.log ?? defaultWorkerLog)]);
  return { operator, errantRecordReporter: null };
}
