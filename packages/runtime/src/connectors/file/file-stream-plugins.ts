/** The FileStream connectors as a plugin table, under the Java names Kafka ships them with. */
import type { PluginTableEntry } from '../../plugins/plugin-table.js';
import { FileStreamSinkConnector } from './file-stream-sink-connector.js';
import { FileStreamSourceConnector } from './file-stream-source-connector.js';

export const fileStreamConnectors: readonly PluginTableEntry[] = Object.freeze([
  { class: FileStreamSinkConnector, javaNames: [FileStreamSinkConnector.className], kind: 'sink' },
  { class: FileStreamSourceConnector, javaNames: [FileStreamSourceConnector.className], kind: 'source' },
]);
