/** `get connectors|plugins|workers|offsets <connector>`: one table per resource. */
import type { CommandInput } from './command.js';
import { resource, word } from './command.js';
import type { ConnectorOffset, ExpandedConnectors, PluginInfo } from './connect-entities.js';
import { connectorPath } from './connect-entities.js';
import { offsetsTable, table, type Output } from './output.js';
import { UsageError } from './usage-error.js';

export async function getCommand(input: CommandInput): Promise<Output> {
  switch (resource(input)) {
    case 'connector':
      return getConnectors(input);
    case 'plugin':
      return getPlugins(input);
    case 'worker':
      return getWorkers(input);
    case 'offset':
      return offsetsOutput(await input.api.expect('GET', `${connectorPath(word(input, 1, 'connector name'))}/offsets`));
    default:
      throw new UsageError(`get what? connectors, plugins, workers or offsets, not ${input.words[0]}`);
  }
}

async function expandedConnectors(input: CommandInput): Promise<ExpandedConnectors> {
  return input.api.expect<ExpandedConnectors>('GET', '/connectors?expand=status&expand=info');
}

async function getConnectors(input: CommandInput): Promise<Output> {
  const connectors = Object.values(await expandedConnectors(input)).sort((a, b) => a.info.name.localeCompare(b.info.name));
  const json = connectors.map(({ status, info }) => ({
    name: info.name,
    type: info.type,
    class: info.config['connector.class'] ?? '',
    state: status.connector.state,
    worker: status.connector.worker_id,
    tasks: status.tasks.map((t) => ({ id: t.id, state: t.state, worker: t.worker_id })),
  }));
  const rows = json.map((c) => [c.name, c.type, c.state, taskSummary(c.tasks), c.class]);
  return { json, text: table(['NAME', 'TYPE', 'STATE', 'TASKS', 'CLASS'], rows) };
}

/** `1/2 RUNNING`: how many tasks run, of how many. */
function taskSummary(tasks: { state: string }[]): string {
  return `${tasks.filter((t) => t.state === 'RUNNING').length}/${tasks.length} RUNNING`;
}

async function getPlugins(input: CommandInput): Promise<Output> {
  const plugins = await input.api.expect<PluginInfo[]>('GET', '/connector-plugins?connectorsOnly=false');
  const rows = plugins.map((p) => [p.class, p.type, p.version ?? '']);
  return { json: plugins, text: table(['CLASS', 'TYPE', 'VERSION'], rows) };
}

/** The workers the statuses name: the REST API has no list of group members. */
async function getWorkers(input: CommandInput): Promise<Output> {
  const byWorker = new Map<string, { connectors: string[]; tasks: string[] }>();
  const of = (id: string) => byWorker.get(id) ?? byWorker.set(id, { connectors: [], tasks: [] }).get(id)!;
  for (const { status } of Object.values(await expandedConnectors(input))) {
    if (status.connector.worker_id) of(status.connector.worker_id).connectors.push(status.name);
    for (const task of status.tasks) of(task.worker_id).tasks.push(`${status.name}-${task.id}`);
  }
  const json = [...byWorker.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([worker, w]) => ({ worker, connectors: w.connectors.sort(), tasks: w.tasks.sort() }));
  const rows = json.map((w) => [w.worker, String(w.connectors.length), String(w.tasks.length)]);
  return { json, text: table(['WORKER', 'CONNECTORS', 'TASKS'], rows) };
}

function offsetsOutput(answer: { offsets: ConnectorOffset[] }): Output {
  return { json: answer, text: offsetsTable(answer.offsets) };
}
