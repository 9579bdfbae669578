import type { OffsetStorageReader } from './offset-storage-reader.js';

/** What the runtime offers a connector instance. */
export interface ConnectorContext {
  /** Ask for `taskConfigs()` to be called again, e.g. after the set of tables changed. */
  requestTaskReconfiguration(): void;
  /** Fail the connector from a background activity; its status becomes FAILED with this trace. */
  raiseError(error: Error): void;
}

export interface SourceConnectorContext extends ConnectorContext {
  offsetStorageReader(): OffsetStorageReader;
}

// Kafka's SinkConnectorContext adds nothing yet; the distinct type keeps the two contracts apart.
export type SinkConnectorContext = ConnectorContext;
