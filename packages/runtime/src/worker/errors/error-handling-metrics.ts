/**
 * The task-error counters Kafka exposes under `task-error-metrics` (KIP-298). Kept as plain
 * counters here; the metrics layer reads them.
 */
export class ErrorHandlingMetrics {
  /** total-record-failures: failed attempts, retried ones included. */
  recordFailures = 0;
  /** total-record-errors: records whose processing ended in an error. */
  recordErrors = 0;
  /** total-records-skipped: records dropped because the error was tolerated. */
  recordsSkipped = 0;
  /** total-retries */
  retries = 0;
  /** total-errors-logged */
  errorsLogged = 0;
  /** deadletterqueue-produce-requests */
  deadLetterQueueProduceRequests = 0;
  /** deadletterqueue-produce-failures */
  deadLetterQueueProduceFailures = 0;
  /** last-error-timestamp: epoch ms of the last failure, 0 before any. */
  lastErrorTimestamp = 0;

  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  recordFailure(): void {
    this.recordFailures++;
  }

  recordError(): void {
    this.recordErrors++;
  }

  recordSkipped(): void {
    this.recordsSkipped++;
  }

  recordRetry(): void {
    this.retries++;
  }

  recordErrorLogged(): void {
    this.errorsLogged++;
  }

  recordDeadLetterQueueProduceRequest(): void {
    this.deadLetterQueueProduceRequests++;
  }

  recordDeadLetterQueueProduceFailed(): void {
    this.deadLetterQueueProduceFailures++;
  }

  recordErrorTimestamp(): void {
    this.lastErrorTimestamp = this.#now();
  }
}
