/**
 * Kafka's FileStreamSourceConnector (org.apache.kafka.connect.file): one task publishing each line
 * of a file (or standard input) to a topic, tracking its byte position as the source offset.
 */
import {
  AbstractConfig,
  ConnectException,
  ExactlyOnceSupport,
  SourceConnector,
  type ConfigDef,
  type ConnectorProps,
  type SourceOffset,
  type SourcePartition,
  type TaskClass,
} from '@tsconnect/api';
import { builtinPluginVersion } from '../../plugins/builtin-plugin-version.js';
import { FILE_CONFIG, FILENAME_FIELD, POSITION_FIELD, fileStreamSourceConfigDef, isInteger } from './file-stream-config.js';
import { FileStreamSourceTask } from './file-stream-source-task.js';

export class FileStreamSourceConnector extends SourceConnector {
  static readonly className = 'org.apache.kafka.connect.file.FileStreamSourceConnector';

  #props: ConnectorProps = {};

  version(): string {
    return builtinPluginVersion();
  }

  start(props: ConnectorProps): void {
    new AbstractConfig(fileStreamSourceConfigDef(), props);
    this.#props = props;
  }

  taskClass(): TaskClass<FileStreamSourceTask> {
    return FileStreamSourceTask;
  }

  /** Only one reader of a stream makes sense, whatever tasks.max says. */
  taskConfigs(_maxTasks: number): Record<string, string>[] {
    return [{ ...this.#props }];
  }

  stop(): void {}

  config(): ConfigDef {
    return fileStreamSourceConfigDef();
  }

  /** Exactly-once is possible for a file that is only appended to, not for standard input. */
  override exactlyOnceSupport(props: ConnectorProps): ExactlyOnceSupport {
    const filename = new AbstractConfig(fileStreamSourceConfigDef(), props).getString(FILE_CONFIG);
    return filename ? ExactlyOnceSupport.SUPPORTED : ExactlyOnceSupport.UNSUPPORTED;
  }

  /** Checks the shape of offsets an operator writes; the task checks them against the file. */
  override alterOffsets(props: ConnectorProps, offsets: ReadonlyMap<SourcePartition, SourceOffset | null>): boolean {
    const filename = new AbstractConfig(fileStreamSourceConfigDef(), props).getString(FILE_CONFIG);
    if (!filename) {
      throw new ConnectException(
        `Offsets cannot be modified if the '${FILE_CONFIG}' configuration is unspecified. ` +
          'This is because stdin is used for input and offsets are not tracked.',
      );
    }
    for (const [partition, offset] of offsets) {
      // Tombstones are always allowed, so that stale offsets can be cleaned up.
      if (offset === null) continue;
      if (!Object.hasOwn(offset, POSITION_FIELD)) {
        throw new ConnectException(`Offset objects should either be null or contain the key '${POSITION_FIELD}'`);
      }
      const position = offset[POSITION_FIELD];
      if (!isInteger(position)) {
        throw new ConnectException(
          `The value for the '${POSITION_FIELD}' key in the offset is expected to be a Long value`,
        );
      }
      if (position < 0) {
        throw new ConnectException(`The value for the '${POSITION_FIELD}' key in the offset should be a non-negative value`);
      }
      if (partition === null) throw new ConnectException('Partition objects cannot be null');
      if (!Object.hasOwn(partition, FILENAME_FIELD)) {
        throw new ConnectException(`Partition objects should contain the key '${FILENAME_FIELD}'`);
      }
    }
    return true;
  }
}

