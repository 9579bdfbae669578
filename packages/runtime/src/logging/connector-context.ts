/**
 * Kafka's connector logging context (LoggingContext / MDC `connector.context`): while a connector
 * or task runs, every line logged from its async work carries its name and scope. Node has one
 * thread, so the context follows async calls (AsyncLocalStorage) instead of a thread.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface ConnectorContext {
  readonly connector: string;
  /** The task number, or null for the connector itself (Kafka's `worker` scope). */
  readonly task: number | null;
}

const storage = new AsyncLocalStorage<ConnectorContext>();

/** Runs `work` (and everything it starts) inside the context of a connector or one of its tasks. */
export function withConnectorContext<T>(context: ConnectorContext, work: () => T): T {
  return storage.run(context, work);
}

/** Runs `work` outside any connector context, e.g. a herder callback a connector triggers. */
export function outsideConnectorContext<T>(work: () => T): T {
  return storage.exit(work);
}

export function currentConnectorContext(): ConnectorContext | undefined {
  return storage.getStore();
}

/** `[name|task-0] ` or `[name|worker] `, as Kafka's `%X{connector.context}` prints it. */
export function connectorContextPrefix(context: ConnectorContext | undefined): string {
  if (context === undefined) return '';
  return `[${context.connector}|${context.task === null ? 'worker' : `task-${context.task}`}] `;
}
