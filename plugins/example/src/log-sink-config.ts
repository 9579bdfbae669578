/** The log sink's configuration. */
import { AbstractConfig, ConfigDef, type ConnectorProps } from '@tsconnect/api';

export const LOG_SINK_CONFIG_DEF = new ConfigDef().define({
  name: 'log.prefix',
  type: 'STRING',
  defaultValue: 'LogSink',
  importance: 'LOW',
  documentation: 'The text each logged line starts with.',
});

export class LogSinkConfig extends AbstractConfig {
  constructor(props: ConnectorProps) {
    super(LOG_SINK_CONFIG_DEF, props);
  }

  get prefix(): string {
    return this.requireString('log.prefix');
  }
}
