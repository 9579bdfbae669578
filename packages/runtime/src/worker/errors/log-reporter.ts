/**
 * Writes failed records to the worker log (`errors.log.enable`), with the record's details only
 * when `errors.log.include.messages` is true, in Kafka's wording:
 * `Error encountered in task <connector>-<task>. Executing stage '<stage>' with class '<class>'...`.
 */
import { formatConnectorTaskId, type ConnectorTaskId } from '../../connector-task-id.js';
import { defaultWorkerLog, type WorkerLog } from '../worker-log.js';
import type { ErrorHandlingMetrics } from './error-handling-metrics.js';
import type { ErrorReporter } from './error-reporter.js';
import type { OriginalRecord, ProcessingContext } from './processing-context.js';

export interface LogReporterOptions {
  /** errors.log.enable */
  enabled: boolean;
  /** errors.log.include.messages */
  includeMessages: boolean;
}

export class LogReporter implements ErrorReporter {
  readonly #taskId: ConnectorTaskId;
  readonly #options: LogReporterOptions;
  readonly #metrics: ErrorHandlingMetrics;
  readonly #log: WorkerLog;

  constructor(
    taskId: ConnectorTaskId,
    options: LogReporterOptions,
    metrics: ErrorHandlingMetrics,
    log: WorkerLog = defaultWorkerLog,
  ) {
    this.#taskId = taskId;
    this.#options = options;
    this.#metrics = metrics;
    this.#log = log;
  }

  report(context: ProcessingContext<OriginalRecord>): Promise<void> {
    if (this.#options.enabled && context.failed) {
      this.#log.error(this.message(context), context.error);
      this.#metrics.recordErrorLogged();
    }
    return Promise.resolve();
  }

  message(context: ProcessingContext<OriginalRecord>): string {
    return `Error encountered in task ${formatConnectorTaskId(this.#taskId)}. ${context.describe(this.#options.includeMessages)}`;
  }

  close(): void {}
}
