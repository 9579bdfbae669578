/**
 * The identity of one task of one connector, as Kafka's ConnectorTaskId: the connector name and
 * the task number. Its string form `<connector>-<task>` is what status keys and logs show.
 */
export interface ConnectorTaskId {
  readonly connector: string;
  readonly task: number;
}

export function connectorTaskId(connector: string, task: number): ConnectorTaskId {
  return { connector, task };
}

/** Orders by connector name (UTF-16 code units, as Java's String.compareTo), then task number. */
export function compareConnectorTaskIds(a: ConnectorTaskId, b: ConnectorTaskId): number {
  if (a.connector !== b.connector) return a.connector < b.connector ? -1 : 1;
  return a.task - b.task;
}

export function formatConnectorTaskId(id: ConnectorTaskId): string {
  return `${id.connector}-${id.task}`;
}

/** A string that is equal exactly for equal task ids, to key Sets and Maps. */
export function connectorTaskIdKey(id: ConnectorTaskId): string {
  return JSON.stringify([id.connector, id.task]);
}
