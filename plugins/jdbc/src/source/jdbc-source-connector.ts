/**
 * Copies tables (or one custom query) of a relational database to Kafka by polling, with the keys
 * and offsets of Confluent's io.confluent.connect.jdbc.JdbcSourceConnector. Tables are listed
 * from the database catalog, spread over tasks.max tasks, and watched: a table created or dropped
 * is picked up within table.poll.interval.ms by reconfiguring the tasks.
 */
import {
  ConfigException,
  ConnectException,
  ExactlyOnceSupport,
  SourceConnector,
  type Config,
  type ConfigDef,
  type ConnectorProps,
  type SourceOffset,
  type SourcePartition,
  type TaskClass,
} from '@tsconnect/api';
import { JdbcSourceTask } from './jdbc-source-task.js';
import { SourceCatalog } from './source-catalog.js';
import { JdbcSourceConfig, SOURCE_CONFIG_DEF, SourceMode, TASK_TABLES_CONFIG } from './source-config.js';
import { openSourceSession, type SourceSession } from './source-session.js';
import { tableFilter } from './table-filter.js';
import { TableMonitor } from './table-monitor.js';
import { groupPartitions } from './task-assignment.js';
import { JDBC_SOURCE_VERSION } from './version.js';

const OFFSET_KEYS = new Set(['incrementing', 'timestamp', 'timestamp_nanos', 'lag_window']);

export class JdbcSourceConnector extends SourceConnector {
  static readonly className = 'io.confluent.connect.jdbc.JdbcSourceConnector';

  #props: ConnectorProps = {};
  #config: JdbcSourceConfig | null = null;
  #session: SourceSession | null = null;
  #monitor: TableMonitor | null = null;

  version(): string {
    return JDBC_SOURCE_VERSION;
  }

  async start(props: ConnectorProps): Promise<void> {
    this.#props = props;
    const config = new JdbcSourceConfig(props);
    this.#config = config;
    if (config.query() !== '') return;
    const filter = tableFilter(config);
    const monitor = new TableMonitor({
      listTables: async () => {
        const session = this.#session ?? (this.#session = await openSourceSession(config));
        try {
          const tables = await new SourceCatalog(session.connection, session.dialect)
            .listTables(config.getString('catalog.pattern') !== null);
          return tables.filter(filter).map(({ catalog, schema, table }) => ({ catalog, schema, table }));
        } catch (err) {
          // reconnect at the next listing
          this.#session = null;
          await session.connection.close().catch(() => undefined);
          throw err;
        }
      },
      intervalMs: config.getLong('table.poll.interval.ms'),
      onChange: () => this.context.requestTaskReconfiguration(),
      onError: (err) => {
        if ((err as { retriable?: boolean }).retriable !== true) this.context.raiseError(err as Error);
      },
    });
    await monitor.start();
    this.#monitor = monitor;
  }

  taskClass(): TaskClass<JdbcSourceTask> {
    return JdbcSourceTask;
  }

  /**
   * A task started from a stored offset reads again exactly the rows after it, so with the worker's
   * transactions every row version reaches Kafka once. Bulk mode stores no offset: it cannot.
   */
  override exactlyOnceSupport(props: ConnectorProps): ExactlyOnceSupport {
    return props['mode'] === SourceMode.BULK ? ExactlyOnceSupport.UNSUPPORTED : ExactlyOnceSupport.SUPPORTED;
  }

  /** With query: one task. Else the tables in contiguous groups; no tables, no tasks. */
  taskConfigs(maxTasks: number): Record<string, string>[] {
    if (!this.#config) throw new ConfigException('The connector is not started');
    if (this.#config.query() !== '') return [{ ...this.#props }];
    const tables = this.#monitor!.tables();
    if (tables.length === 0) return [];
    return groupPartitions(tables, Math.min(tables.length, maxTasks)).map((group) => ({
      ...this.#props,
      [TASK_TABLES_CONFIG]: JSON.stringify(group),
    }));
  }

  async stop(): Promise<void> {
    await this.#monitor?.stop();
    this.#monitor = null;
    const session = this.#session;
    this.#session = null;
    await session?.connection.close().catch(() => undefined);
  }

  /**
   * Offsets live in the offsets topic only, so altering or resetting them needs nothing from us:
   * accepted when they have the shape the task reads (source-offset.ts).
   */
  override alterOffsets(_props: ConnectorProps, offsets: ReadonlyMap<SourcePartition, SourceOffset | null>): boolean {
    for (const [partition, offset] of offsets) {
      const known = typeof partition.query === 'string' || typeof partition.table === 'string';
      if (!known) throw new ConnectException(`Unknown source partition ${JSON.stringify(partition)}: expected a "table" or "query" key`);
      if (offset === null) continue;
      for (const [key, value] of Object.entries(offset)) {
        const numeric = typeof value === 'number' || (typeof value === 'string' && /^-?\d+$/.test(value));
        if (!OFFSET_KEYS.has(key) || (key !== 'lag_window' && !numeric)) {
          throw new ConnectException(`Invalid source offset ${JSON.stringify(offset)}: ${key} ${numeric ? 'is unknown' : 'must be a number'}`);
        }
      }
    }
    return true;
  }

  config(): ConfigDef {
    return SOURCE_CONFIG_DEF;
  }

  /** Adds the checks across keys (whitelist with blacklist, mode needs its columns, ...) to the key's errors. */
  override async validate(connectorConfigs: ConnectorProps): Promise<Config> {
    const result = await super.validate(connectorConfigs);
    if (result.configValues.some((v) => v.errorMessages.length > 0)) return result;
    try {
      new JdbcSourceConfig(connectorConfigs);
    } catch (err) {
      if (!(err instanceof ConfigException)) throw err;
      const name = err.configName
        ?? result.configValues.find((v) => err.message.includes(v.name))?.name ?? 'mode';
      result.configValues.find((v) => v.name === name)?.addErrorMessage(err.message);
    }
    return result;
  }
}
