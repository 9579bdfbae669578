/** The counter source's configuration, declared once: defaults, validation and docs come from here. */
import { AbstractConfig, ConfigDef, NonEmptyString, Range, type ConnectorProps } from '@tsconnect/api';

export const COUNTER_CONFIG_DEF = new ConfigDef()
  .define({ name: 'topic', type: 'STRING', validator: new NonEmptyString(), importance: 'HIGH', documentation: 'The topic the counter writes to.' })
  .define({ name: 'batch.size', type: 'INT', defaultValue: 10, validator: Range.atLeast(1), importance: 'MEDIUM', documentation: 'The most numbers one poll returns.' })
  .define({ name: 'max.count', type: 'LONG', defaultValue: 1000, validator: Range.atLeast(0), importance: 'MEDIUM', documentation: 'The counter stops after this many numbers.' })
  .define({ name: 'poll.interval.ms', type: 'INT', defaultValue: 1000, validator: Range.atLeast(0), importance: 'LOW', documentation: 'The pause between two batches.' });

export class CounterConfig extends AbstractConfig {
  constructor(props: ConnectorProps) {
    super(COUNTER_CONFIG_DEF, props);
  }

  get topic(): string {
    return this.requireString('topic');
  }

  get batchSize(): number {
    return this.getInt('batch.size');
  }

  get maxCount(): number {
    return this.getLong('max.count');
  }

  get pollIntervalMs(): number {
    return this.getInt('poll.interval.ms');
  }
}
