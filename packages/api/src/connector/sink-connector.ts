import { Connector, type ConnectorProps } from './connector.js';
import type { SinkConnectorContext } from './connector-context.js';
import type { SinkTask } from './sink-task.js';
import type { TaskClass } from './task.js';
import type { TopicPartition } from './topic-partition.js';

/** A connector whose tasks consume records from Kafka and write them to an external system. */
export abstract class SinkConnector extends Connector {
  /** The key listing the topics to consume, in connector and task configurations. */
  static readonly TOPICS_CONFIG = 'topics';

  declare protected context: SinkConnectorContext;

  abstract override taskClass(): TaskClass<SinkTask>;

  /**
   * Called when a user alters (an offset) or resets (null) the consumer offsets through the REST
   * API, while the connector is stopped. Return true if the connector keeps no offsets of its own
   * or has applied the change to them; throw to reject. The default returns false.
   */
  alterOffsets(
    _connectorConfig: ConnectorProps,
    _offsets: ReadonlyMap<TopicPartition, number | null>,
  ): Promise<boolean> | boolean {
    return false;
  }
}
