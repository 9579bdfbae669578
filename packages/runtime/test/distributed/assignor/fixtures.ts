/** Builders shared by the assignor tests. */
import { connectorTaskId } from '../../../src/connector-task-id.js';
import type { ConnectorsAndTasks } from '../../../src/distributed/assignor/connectors-and-tasks.js';
import type { ConfigSnapshot, GroupMember } from '../../../src/distributed/assignor/leader-config.js';

/** A config snapshot from connector name to task count. */
export function snapshot(taskCounts: Record<string, number>, offset = 10n): ConfigSnapshot {
  const counts = new Map(Object.entries(taskCounts));
  return {
    offset,
    connectors: () => [...counts.keys()].sort(),
    tasks: (connector) => Array.from({ length: counts.get(connector) ?? 0 }, (_, task) => connectorTaskId(connector, task)),
  };
}

/** Work from a compact notation: 'a' is connector a, 'a-1' is task 1 of connector a. */
export function work(...items: string[]): ConnectorsAndTasks {
  const result: ConnectorsAndTasks = { connectors: [], tasks: [] };
  for (const item of items) {
    const dash = item.lastIndexOf('-');
    if (dash < 0) result.connectors.push(item);
    else result.tasks.push({ connector: item.slice(0, dash), task: Number(item.slice(dash + 1)) });
  }
  return result;
}

/** The compact notation of some work, sorted, for assertions. */
export function notation(set: ConnectorsAndTasks): string[] {
  return [...set.connectors, ...set.tasks.map((t) => `${t.connector}-${t.task}`)].sort();
}

export function member(memberId: string, assignment = work(), configOffset = 10n): GroupMember {
  return { memberId, url: `http://${memberId}:8083`, configOffset, assignment };
}
