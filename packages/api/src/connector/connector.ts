/**
 * A connector: reads its configuration, splits the work into task configurations and watches the
 * external system for changes. Methods that may do I/O can return a promise; the runtime awaits
 * whatever they return. Mirrors org.apache.kafka.connect.connector.Connector.
 */
import { ConnectException } from '../errors.js';
import { Config } from '../config/config.js';
import type { ConfigDef } from '../config/config-def.js';
import type { Versioned } from '../plugin/versioned.js';
import type { ConnectorContext } from './connector-context.js';
import type { TaskClass } from './task.js';

export type ConnectorProps = Readonly<Record<string, string>>;

export abstract class Connector implements Versioned {
  /** Set by `initialize`, before `start`. */
  protected context!: ConnectorContext;

  initialize(context: ConnectorContext): void {
    this.context = context;
  }

  /** The plugin version, usually the npm package version. */
  abstract version(): string;

  abstract start(props: ConnectorProps): Promise<void> | void;

  /** Apply a changed configuration; by default stop, then start with the new one. */
  reconfigure(props: ConnectorProps): Promise<void> | void {
    return Promise.resolve(this.stop()).then(() => this.start(props));
  }

  abstract taskClass(): TaskClass;

  /** At most `maxTasks` task configurations; one task is started per map. */
  abstract taskConfigs(maxTasks: number): Promise<Record<string, string>[]> | Record<string, string>[];

  abstract stop(): Promise<void> | void;

  /** The connector's own keys, for validation and documentation. */
  abstract config(): ConfigDef;

  /**
   * Check a configuration before it is accepted. By default validates every key of `config()`;
   * override to add checks across keys or against the external system (add error messages to
   * the returned values rather than throwing).
   */
  validate(connectorConfigs: ConnectorProps): Promise<Config> | Config {
    const configDef = this.config() as ConfigDef | null | undefined;
    if (!configDef) {
      throw new ConnectException(`${this.constructor.name}.config() must return a ConfigDef that is not null.`);
    }
    return new Config(configDef.validate(connectorConfigs));
  }
}
