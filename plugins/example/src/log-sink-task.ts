/**
 * Writes one line per record to standard output (the worker's log):
 * `<prefix> <topic>-<partition>@<offset>: <value as JSON>`.
 */
import { SinkTask, type ConnectorProps, type SinkRecord } from '@tsconnect/api';
import { LogSinkConfig } from './log-sink-config.js';
import { VERSION } from './version.js';

function json(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? 'null';
}

export class LogSinkTask extends SinkTask {
  #prefix = '';

  version(): string {
    return VERSION;
  }

  start(props: ConnectorProps): void {
    this.#prefix = new LogSinkConfig(props).prefix;
  }

  put(records: SinkRecord[]): void {
    for (const r of records) this.write(`${this.#prefix} ${r.topic}-${r.kafkaPartition}@${r.kafkaOffset}: ${json(r.value)}`);
  }

  stop(): void {}

  /** Where lines go; a test can override it. */
  protected write(line: string): void {
    console.log(line);
  }
}
