/**
 * The JDBC sink connector, answering to Confluent's class name
 * `io.confluent.connect.jdbc.JdbcSinkConnector` so existing configurations work unchanged.
 * Every task gets the connector's configuration; the runtime spreads the topic partitions.
 */
import {
  Config, ConfigException, SinkConnector, type ConfigDef, type ConnectorProps, type TaskClass,
} from '@tsconnect/api';
import { crossKeyProblems, JDBC_SINK_CONFIG_DEF, JdbcSinkConfig, type CrossKeySettings } from './sink-config.js';
import { JdbcSinkTask } from './jdbc-sink-task.js';
import { JDBC_SINK_VERSION } from './version.js';

export class JdbcSinkConnector extends SinkConnector {
  static readonly className = 'io.confluent.connect.jdbc.JdbcSinkConnector';

  #props: ConnectorProps = {};

  version(): string {
    return JDBC_SINK_VERSION;
  }

  start(props: ConnectorProps): void {
    new JdbcSinkConfig(props);
    this.#props = { ...props };
  }

  taskClass(): TaskClass<JdbcSinkTask> {
    return JdbcSinkTask;
  }

  taskConfigs(maxTasks: number): Record<string, string>[] {
    return Array.from({ length: maxTasks }, () => ({ ...this.#props }));
  }

  stop(): void {}

  config(): ConfigDef {
    return JDBC_SINK_CONFIG_DEF;
  }

  /** Each key's own checks, plus the checks across keys (deletes need pk.mode=record_key, ...). */
  override async validate(connectorConfigs: ConnectorProps): Promise<Config> {
    const config = await super.validate(connectorConfigs);
    if (config.configValues.some((v) => v.errorMessages.length > 0)) return config;
    let parsed: JdbcSinkConfig | null = null;
    try {
      parsed = new JdbcSinkConfig(connectorConfigs);
    } catch (err) {
      if (!(err instanceof ConfigException)) throw err;
      // the cross-key problems are listed below, each against its key
    }
    const problems = parsed ? [] : crossKeyProblems(partialConfig(connectorConfigs));
    for (const { key, message } of problems) {
      config.configValues.find((v) => v.name === key)?.addErrorMessage(message);
    }
    return config;
  }
}

/** The keys crossKeyProblems reads, parsed without the checks that would throw. */
function partialConfig(props: ConnectorProps): CrossKeySettings {
  const lower = (key: string, fallback: string): string => (props[key] ?? fallback).trim().toLowerCase();
  const list = (key: string): string[] => (props[key] ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  return {
    deleteEnabled: lower('delete.enabled', 'false') === 'true',
    pkMode: lower('pk.mode', 'none'),
    insertMode: lower('insert.mode', 'insert'),
    pkFields: list('pk.fields'),
  };
}
