/**
 * Where a connector instance or task runs (docs/task-hosts.md). A connector may ask for a host of
 * its own (`task.host.dedicated`) or cap its host's heap (`task.host.max.heap.mb`, which implies a
 * host of its own, since a limit belongs to a process); everything else shares up to
 * `task.hosts.max` hosts. A connector's first task joins its connector instance, as both share
 * one JVM in Java's worker: a host of its own would cost a whole Node process (~100-140 MB RSS)
 * for an instance that is idle once it has made its task configs. Further tasks are spread so
 * that a connector's instances land on different hosts first (`tasks.max=N` uses N cores) and the
 * least loaded host next.
 */
import { AbstractConfig, ConfigDef, LambdaValidator, Range } from '@tsconnect/api';

const AT_LEAST_16 = Range.atLeast(16);

export const TASK_HOST_DEDICATED_CONFIG = 'task.host.dedicated';
export const TASK_HOST_MAX_HEAP_MB_CONFIG = 'task.host.max.heap.mb';

/**
 * Connector keys read by the worker that places it; not part of the connector's validated
 * definition, so that validate answers as Kafka's worker does.
 */
export const TASK_HOST_CONNECTOR_CONFIG_DEF = new ConfigDef()
  .define({
    name: TASK_HOST_DEDICATED_CONFIG,
    type: 'BOOLEAN',
    defaultValue: false,
    importance: 'LOW',
    documentation: 'Whether the connector and its tasks run in a task host of their own, shared with no other connector (tsconnect; task.isolation=process).',
  })
  .define({
    name: TASK_HOST_MAX_HEAP_MB_CONFIG,
    type: 'INT',
    defaultValue: null,
    // Unset (null) means no cap of our own.
    validator: LambdaValidator.with((name, value) => value === null || AT_LEAST_16.ensureValid(name, value), () => AT_LEAST_16.toString()),
    importance: 'LOW',
    documentation: 'The heap limit in MiB of the connector\'s own task host; reaching it ends the host and fails its tasks with a trace that says so (tsconnect; implies task.host.dedicated=true).',
  });

export interface HostRequirements {
  dedicated: boolean;
  maxHeapMb: number | null;
}

/** @throws ConfigException for a bad value, naming the key. */
export function hostRequirements(connectorConfig: Readonly<Record<string, string>>): HostRequirements {
  const config = new AbstractConfig(TASK_HOST_CONNECTOR_CONFIG_DEF, {
    [TASK_HOST_DEDICATED_CONFIG]: connectorConfig[TASK_HOST_DEDICATED_CONFIG],
    [TASK_HOST_MAX_HEAP_MB_CONFIG]: connectorConfig[TASK_HOST_MAX_HEAP_MB_CONFIG],
  });
  const maxHeapMb = config.get(TASK_HOST_MAX_HEAP_MB_CONFIG) as number | null;
  return { dedicated: config.getBoolean(TASK_HOST_DEDICATED_CONFIG) || maxHeapMb !== null, maxHeapMb };
}

export interface SharedHostView {
  /** Instances on the host. */
  readonly load: number;
  /** Instances of `connector` on the host (its connector instance and its tasks). */
  loadOf(connector: string): number;
  /** Whether the host runs the connector instance of `connector`. */
  runsConnector(connector: string): boolean;
}

/**
 * The shared host for the next instance of `connector` (a task when `isTask`): the host of the
 * connector instance for its first task there, else the index of an existing one, or 'new' while
 * fewer than `maxHosts` run and every existing one already has work.
 */
export function chooseSharedHost(hosts: readonly SharedHostView[], connector: string, isTask: boolean, maxHosts: number): number | 'new' {
  if (isTask) {
    const home = hosts.findIndex((host) => host.runsConnector(connector) && host.loadOf(connector) === 1);
    if (home >= 0) return home;
  }
  let best = -1;
  for (let i = 0; i < hosts.length; i++) {
    const host = hosts[i]!;
    const current = hosts[best];
    if (!current || host.loadOf(connector) < current.loadOf(connector) || (host.loadOf(connector) === current.loadOf(connector) && host.load < current.load)) {
      best = i;
    }
  }
  if (best < 0) return 'new';
  return hosts[best]!.load > 0 && hosts.length < maxHosts ? 'new' : best;
}
