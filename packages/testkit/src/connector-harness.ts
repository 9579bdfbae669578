/**
 * Drives a connector as the worker does, without Kafka: validate its config, start it, ask for
 * task configs, stop it; records what it asks of its context (task reconfiguration, errors).
 */
import type { Config, ConfigValue, Connector, ConnectorProps, SourceConnectorContext, Task } from '@tsconnect/api';
import { InMemoryOffsetStorageReader } from './in-memory-offset-storage-reader.js';

export interface ValidationResult {
  readonly config: Config;
  /** The error messages of each key that has some; empty when the config is valid. */
  readonly errors: Readonly<Record<string, readonly string[]>>;
  /** The ConfigValue of one key, or undefined when the connector's ConfigDef has no such key. */
  value(name: string): ConfigValue | undefined;
}

export interface ConnectorHarnessOptions {
  /** The offsets a source connector's context reads; an empty store by default. */
  offsets?: InMemoryOffsetStorageReader;
}

export class ConnectorHarness<C extends Connector = Connector> {
  readonly offsets: InMemoryOffsetStorageReader;
  /** Errors the connector raised through its context. */
  readonly raisedErrors: Error[] = [];
  #reconfigurationRequests = 0;
  #started = false;

  constructor(
    readonly connector: C,
    options: ConnectorHarnessOptions = {},
  ) {
    this.offsets = options.offsets ?? new InMemoryOffsetStorageReader();
    const context: SourceConnectorContext = {
      requestTaskReconfiguration: () => {
        this.#reconfigurationRequests++;
      },
      raiseError: (error) => {
        this.raisedErrors.push(error);
      },
      offsetStorageReader: () => this.offsets,
    };
    connector.initialize(context);
  }

  /** How many times the connector asked for its tasks to be reconfigured. */
  get reconfigurationRequests(): number {
    return this.#reconfigurationRequests;
  }

  /** Validates `props` with the connector's own validate(), which uses its config() ConfigDef. */
  async validate(props: ConnectorProps): Promise<ValidationResult> {
    const config = await this.connector.validate(props);
    const errors: Record<string, string[]> = {};
    for (const value of config.configValues) {
      if (value.errorMessages.length > 0) errors[value.name] = [...value.errorMessages];
    }
    return { config, errors, value: (name) => config.configValues.find((v) => v.name === name) };
  }

  async start(props: ConnectorProps): Promise<void> {
    await this.connector.start(props);
    this.#started = true;
  }

  /** The connector's task configs for `maxTasks`; refuses more configs than that, as the worker does. */
  async taskConfigs(maxTasks: number): Promise<Record<string, string>[]> {
    if (!this.#started) throw new Error('Start the connector before asking for task configs');
    const configs = await this.connector.taskConfigs(maxTasks);
    if (configs.length > maxTasks) throw new Error(`The connector generated ${configs.length} task configs, but tasks.max is ${maxTasks}`);
    return configs;
  }

  /** New, unstarted instances of the connector's task class, one per task config. */
  async tasks<T extends Task = Task>(maxTasks: number): Promise<{ task: T; config: Record<string, string> }[]> {
    const TaskClass = this.connector.taskClass();
    return (await this.taskConfigs(maxTasks)).map((config) => ({ task: new TaskClass() as T, config }));
  }

  async stop(): Promise<void> {
    await this.connector.stop();
    this.#started = false;
  }
}
