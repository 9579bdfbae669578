/**
 * The settings of the FileStream connectors, declared as Kafka's connect/file declares them (the
 * REST validate endpoint shows these names, defaults and documentation).
 */
import { ConfigDef, NonEmptyString } from '@tsconnect/api';

export const FILE_CONFIG = 'file';
export const TOPIC_CONFIG = 'topic';
export const TASK_BATCH_SIZE_CONFIG = 'batch.size';
const DEFAULT_TASK_BATCH_SIZE = 2000;

/** The source partition key (the file name) and offset key (byte position) of the source. */
export const FILENAME_FIELD = 'filename';
export const POSITION_FIELD = 'position';

export function fileStreamSourceConfigDef(): ConfigDef {
  return new ConfigDef()
    .define({
      name: FILE_CONFIG,
      type: 'STRING',
      defaultValue: null,
      importance: 'HIGH',
      documentation: 'Source filename. If not specified, the standard input will be used',
    })
    .define({
      name: TOPIC_CONFIG,
      type: 'STRING',
      validator: new NonEmptyString(),
      importance: 'HIGH',
      documentation: 'The topic to publish data to',
    })
    .define({
      name: TASK_BATCH_SIZE_CONFIG,
      type: 'INT',
      defaultValue: DEFAULT_TASK_BATCH_SIZE,
      importance: 'LOW',
      documentation: 'The maximum number of records the source task can read from the file each time it is polled',
    });
}

export function fileStreamSinkConfigDef(): ConfigDef {
  return new ConfigDef().define({
    name: FILE_CONFIG,
    type: 'STRING',
    defaultValue: null,
    importance: 'HIGH',
    documentation: 'Destination filename. If not specified, the standard output will be used',
  });
}

/** A Java long as a stored offset arrives here: an integral number or a bigint. */
export function isInteger(value: unknown): value is number | bigint {
  return typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value));
}
