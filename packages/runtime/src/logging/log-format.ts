/**
 * How a log line is written: `plain` follows Kafka's connect-log4j pattern
 * (`[%d] %p %X{connector.context}%m (%c)%n`, then the stack trace); `json` writes one object per
 * line with the context as fields. Chosen with the worker property `log.format` (docs/metrics.md).
 */
import { connectorContextPrefix, type ConnectorContext } from './connector-context.js';

export const LOG_FORMATS = ['plain', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];
export const LOG_FORMAT_CONFIG = 'log.format';

interface LogEvent {
  readonly time: Date;
  readonly level: string;
  readonly logger: string;
  readonly message: string;
  readonly context: ConnectorContext | undefined;
  /** The Java-style trace of the error logged with the line, if any. */
  readonly stackTrace: string | null;
}

export function formatLogEvent(format: LogFormat, event: LogEvent): string {
  if (format === 'json') {
    const line: Record<string, unknown> = {
      timestamp: event.time.toISOString(),
      level: event.level,
      logger: event.logger,
      message: event.message,
    };
    if (event.context !== undefined) {
      line.connector = event.context.connector;
      if (event.context.task !== null) line.task = event.context.task;
      else line.scope = 'worker';
    }
    if (event.stackTrace !== null) line.stack_trace = event.stackTrace;
    return `${JSON.stringify(line)}\n`;
  }
  const stamp = event.time.toISOString().replace('T', ' ').replace('Z', '');
  const trace = event.stackTrace === null ? '' : `\n${event.stackTrace}`;
  return `[${stamp}] ${event.level} ${connectorContextPrefix(event.context)}${event.message} (${event.logger})${trace}\n`;
}
