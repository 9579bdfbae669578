/**
 * A task host that ends without stopping its tasks (SIGKILL, a crash, its heap limit) leaves the
 * consumers of its sink tasks in their groups until the group coordinator's session timeout
 * (`session.timeout.ms`, 45 s by default) runs out: a sink task restarted meanwhile waits that
 * long in its first join for the dead member to rejoin. A Java worker's tasks die only with the
 * whole worker, so Kafka has no such case. The worker knows which consumers died with the host and
 * removes them from their groups at once (a LeaveGroup on their behalf), as their own close would
 * have.
 */
import { formatConnectorTaskId, type ConnectorTaskId } from '../connector-task-id.js';
import type { WorkerConfig } from '../config/worker-config.js';
import type { ClientProperties } from '../kafka/client-config.js';
import { KafkaAdmin } from '../kafka/kafka-admin.js';
import { taskConsumerProperties } from '../kafka/task-client-configs.js';

/** The group membership of a sink task's consumer, and the properties it connected with. */
export interface TaskConsumer {
  task: ConnectorTaskId;
  groupId: string;
  clientId: string;
  props: ClientProperties;
}

/** The consumer a task's worker builds for it, or null for a source task (its config names no topics). */
export function sinkTaskConsumer(
  task: ConnectorTaskId,
  connectorConfig: Readonly<Record<string, string>>,
  taskConfig: Readonly<Record<string, string>>,
  config: WorkerConfig,
): TaskConsumer | null {
  const topics = (taskConfig['topics'] ?? '').trim() || (taskConfig['topics.regex'] ?? '').trim();
  if (topics === '') return null;
  const props = taskConsumerProperties(
    task.connector,
    `connector-consumer-${formatConnectorTaskId(task)}`,
    config.stringProperties(),
    connectorConfig,
    config.clientConfigOverridePolicy(),
  );
  const groupId = props['group.id'];
  const clientId = props['client.id'];
  return groupId && clientId ? { task, groupId, clientId, props } : null;
}

export interface OrphanLog {
  info(message: string): void;
  warn(message: string): void;
}

/**
 * Removes each consumer from its group; a failure is only logged (the coordinator still drops the
 * member when its session times out). Resolves once every removal was tried.
 */
export async function removeOrphanedConsumers(consumers: readonly TaskConsumer[], log: OrphanLog): Promise<void> {
  await Promise.all(consumers.map(async (consumer) => {
    // The admin connects as the consumer did: a connector may point its consumer at another cluster.
    const admin = new KafkaAdmin({ ...consumer.props, 'client.id': `${consumer.clientId}-orphan-removal` });
    try {
      const removed = await admin.removeGroupMembersByClientId(consumer.groupId, consumer.clientId);
      if (removed > 0) {
        log.info(`Removed ${removed} member(s) of task ${formatConnectorTaskId(consumer.task)}'s consumer from group ${consumer.groupId}: its task host ended`);
      }
    } catch (error) {
      log.warn(`${(error as Error).message}; the group drops them when their session times out`);
    } finally {
      await admin.close().catch(() => undefined);
    }
  }));
}
