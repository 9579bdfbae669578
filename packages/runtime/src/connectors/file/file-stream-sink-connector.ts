/**
 * Kafka's FileStreamSinkConnector (org.apache.kafka.connect.file): tasks append each record's
 * value as a line to a file (or standard output).
 */
import {
  AbstractConfig,
  SinkConnector,
  TopicPartition,
  type ConfigDef,
  type ConnectorProps,
  type TaskClass,
} from '@tsconnect/api';
import { builtinPluginVersion } from '../../plugins/builtin-plugin-version.js';
import { fileStreamSinkConfigDef } from './file-stream-config.js';
import { FileStreamSinkTask } from './file-stream-sink-task.js';

export class FileStreamSinkConnector extends SinkConnector {
  static readonly className = 'org.apache.kafka.connect.file.FileStreamSinkConnector';

  #props: ConnectorProps = {};

  version(): string {
    return builtinPluginVersion();
  }

  start(props: ConnectorProps): void {
    new AbstractConfig(fileStreamSinkConfigDef(), props);
    this.#props = props;
  }

  taskClass(): TaskClass<FileStreamSinkTask> {
    return FileStreamSinkTask;
  }

  taskConfigs(maxTasks: number): Record<string, string>[] {
    return Array.from({ length: maxTasks }, () => ({ ...this.#props }));
  }

  stop(): void {}

  config(): ConfigDef {
    return fileStreamSinkConfigDef();
  }

  /** The sink keeps no offsets of its own: any consumer offsets are fine. */
  override alterOffsets(_props: ConnectorProps, _offsets: ReadonlyMap<TopicPartition, number | null>): boolean {
    return true;
  }
}
