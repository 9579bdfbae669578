/** A sink connector that logs what it consumes: tasks.max tasks sharing the topics' partitions. */
import { SinkConnector, type ConfigDef, type ConnectorProps } from '@tsconnect/api';
import { LOG_SINK_CONFIG_DEF, LogSinkConfig } from './log-sink-config.js';
import { LogSinkTask } from './log-sink-task.js';
import { VERSION } from './version.js';

export class LogSinkConnector extends SinkConnector {
  #props: ConnectorProps = {};

  version(): string {
    return VERSION;
  }

  start(props: ConnectorProps): void {
    new LogSinkConfig(props);
    this.#props = { ...props };
  }

  taskClass(): typeof LogSinkTask {
    return LogSinkTask;
  }

  taskConfigs(maxTasks: number): Record<string, string>[] {
    return Array.from({ length: maxTasks }, () => ({ ...this.#props }));
  }

  stop(): void {}

  config(): ConfigDef {
    return LOG_SINK_CONFIG_DEF;
  }
}
