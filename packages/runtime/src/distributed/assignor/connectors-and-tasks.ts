/**
 * A set of connectors and tasks, kept as ordered lists (order matters to which item an assignor
 * picks) with set semantics applied by the helpers below.
 */
import {
  type ConnectorTaskId,
  compareConnectorTaskIds,
  connectorTaskIdKey,
} from '../../connector-task-id.js';

export interface ConnectorsAndTasks {
  connectors: string[];
  tasks: ConnectorTaskId[];
}

export function emptyConnectorsAndTasks(): ConnectorsAndTasks {
  return { connectors: [], tasks: [] };
}

export function isEmpty(set: ConnectorsAndTasks): boolean {
  return set.connectors.length === 0 && set.tasks.length === 0;
}

export function copyOf(set: ConnectorsAndTasks): ConnectorsAndTasks {
  return { connectors: [...set.connectors], tasks: [...set.tasks] };
}

/** Membership tests over one or more sets. */
export class Lookup {
  readonly #connectors = new Set<string>();
  readonly #tasks = new Set<string>();

  constructor(...sets: ConnectorsAndTasks[]) {
    for (const set of sets) {
      for (const c of set.connectors) this.#connectors.add(c);
      for (const t of set.tasks) this.#tasks.add(connectorTaskIdKey(t));
    }
  }

  hasConnector(connector: string): boolean {
    return this.#connectors.has(connector);
  }

  hasTask(task: ConnectorTaskId): boolean {
    return this.#tasks.has(connectorTaskIdKey(task));
  }
}

/** `base` minus every set in `subtract`, deduplicated and sorted (Kafka computes these in TreeSets). */
export function sortedDiff(base: ConnectorsAndTasks, ...subtract: ConnectorsAndTasks[]): ConnectorsAndTasks {
  const minus = new Lookup(...subtract);
  return {
    connectors: [...new Set(base.connectors)].filter((c) => !minus.hasConnector(c)).sort(),
    tasks: dedupeTasks(base.tasks.filter((t) => !minus.hasTask(t))).sort(compareConnectorTaskIds),
  };
}

/** Removes every item of `remove` from `from`, in place. */
export function removeAllFrom(from: ConnectorsAndTasks, remove: ConnectorsAndTasks): void {
  const minus = new Lookup(remove);
  from.connectors = from.connectors.filter((c) => !minus.hasConnector(c));
  from.tasks = from.tasks.filter((t) => !minus.hasTask(t));
}

/** Appends the items of `add` that `to` lacks, in place (insertion-ordered set union). */
export function addAllTo(to: ConnectorsAndTasks, add: ConnectorsAndTasks): void {
  to.connectors = [...new Set([...to.connectors, ...add.connectors])];
  to.tasks = dedupeTasks([...to.tasks, ...add.tasks]);
}

/** The items of `set` that are also in `within`, in `set`'s order. */
export function intersection(set: ConnectorsAndTasks, within: ConnectorsAndTasks): ConnectorsAndTasks {
  const keep = new Lookup(within);
  return {
    connectors: set.connectors.filter((c) => keep.hasConnector(c)),
    tasks: set.tasks.filter((t) => keep.hasTask(t)),
  };
}

function dedupeTasks(tasks: ConnectorTaskId[]): ConnectorTaskId[] {
  const seen = new Set<string>();
  return tasks.filter((t) => {
    const key = connectorTaskIdKey(t);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
