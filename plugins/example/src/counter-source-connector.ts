/** A source connector that counts: one task, writing 0, 1, 2... to a topic. */
import { SourceConnector, type ConfigDef, type ConnectorProps } from '@tsconnect/api';
import { COUNTER_CONFIG_DEF, CounterConfig } from './counter-config.js';
import { CounterSourceTask } from './counter-source-task.js';
import { VERSION } from './version.js';

export class CounterSourceConnector extends SourceConnector {
  #props: ConnectorProps = {};

  version(): string {
    return VERSION;
  }

  start(props: ConnectorProps): void {
    new CounterConfig(props); // fails the start with the key's message when the config is invalid
    this.#props = { ...props };
  }

  taskClass(): typeof CounterSourceTask {
    return CounterSourceTask;
  }

  /** One sequence, one task, whatever tasks.max allows. */
  taskConfigs(): Record<string, string>[] {
    return [{ ...this.#props }];
  }

  stop(): void {}

  config(): ConfigDef {
    return COUNTER_CONFIG_DEF;
  }
}
