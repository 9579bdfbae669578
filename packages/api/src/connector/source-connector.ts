import { Connector, type ConnectorProps } from './connector.js';
import type { SourceConnectorContext } from './connector-context.js';
import type { SourceOffset, SourcePartition } from './offset-storage-reader.js';
import type { SourceTask } from './source-task.js';
import type { TaskClass } from './task.js';

/** Whether a connector can give exactly-once delivery with a given configuration. */
export const ExactlyOnceSupport = { SUPPORTED: 'SUPPORTED', UNSUPPORTED: 'UNSUPPORTED' } as const;
export type ExactlyOnceSupport = (typeof ExactlyOnceSupport)[keyof typeof ExactlyOnceSupport];

/** Whether a connector's tasks can define transaction boundaries (transaction.boundary=connector). */
export const ConnectorTransactionBoundaries = { SUPPORTED: 'SUPPORTED', UNSUPPORTED: 'UNSUPPORTED' } as const;
export type ConnectorTransactionBoundaries =
  (typeof ConnectorTransactionBoundaries)[keyof typeof ConnectorTransactionBoundaries];

/** A connector whose tasks read an external system and produce records to Kafka. */
export abstract class SourceConnector extends Connector {
  declare protected context: SourceConnectorContext;

  abstract override taskClass(): TaskClass<SourceTask>;

  /** null (the default) means the connector does not say; the worker then does not check. */
  exactlyOnceSupport(
    _connectorConfig: ConnectorProps,
  ): Promise<ExactlyOnceSupport | null> | ExactlyOnceSupport | null {
    return null;
  }

  canDefineTransactionBoundaries(
    _connectorConfig: ConnectorProps,
  ): Promise<ConnectorTransactionBoundaries> | ConnectorTransactionBoundaries {
    return ConnectorTransactionBoundaries.UNSUPPORTED;
  }

  /**
   * Called when a user alters (an offset) or resets (null) offsets through the REST API, while
   * the connector is stopped. Return true if the connector keeps no offsets of its own or has
   * applied the change to them; throw to reject the request. The default returns false: the
   * framework's offsets change, and the user is told external offsets may need attention.
   */
  alterOffsets(
    _connectorConfig: ConnectorProps,
    _offsets: ReadonlyMap<SourcePartition, SourceOffset | null>,
  ): Promise<boolean> | boolean {
    return false;
  }
}
