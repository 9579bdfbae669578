/**
 * `describe connector <name>`: everything about one connector on one page: state, tasks with
 * their workers and full traces, topics, config (PASSWORD values hidden) and offsets.
 */
import { resource, word, type CommandInput } from './command.js';
import type { ConfigKeyInfo, ConnectorInfo, ConnectorOffset, ConnectorStatus } from './connect-entities.js';
import { connectorPath } from './connect-entities.js';
import { fields, indent, offsetsTable, table, type Output } from './output.js';
import { UsageError } from './usage-error.js';

export const HIDDEN = '[hidden]';

export async function describeCommand(input: CommandInput): Promise<Output> {
  if (resource(input) !== 'connector') throw new UsageError(`describe what? connector, not ${input.words[0]}`);
  const name = word(input, 1, 'connector name');
  const path = connectorPath(name);
  // First on its own, so an unknown connector is always the same 404 message.
  const info = await input.api.expect<ConnectorInfo>('GET', path);
  const [status, topics, offsets] = await Promise.all([
    input.api.expect<ConnectorStatus>('GET', `${path}/status`),
    input.api.call('GET', `${path}/topics`),
    input.api.call('GET', `${path}/offsets`),
  ]);
  const connectorClass = info.config['connector.class'] ?? '';
  const config = hidePasswords(info.config, await passwordKeys(input, connectorClass));
  const json: Description = {
    name,
    type: info.type,
    class: connectorClass,
    version: status.connector.version ?? null,
    state: status.connector.state,
    worker: status.connector.worker_id,
    trace: status.connector.trace ?? null,
    tasks: status.tasks.map((t) => ({ id: t.id, state: t.state, worker: t.worker_id, trace: t.trace ?? null })),
    // Topic tracking or offsets may be off or unsupported: null says "not known", not "none".
    topics: topics.status === 200 ? ((topics.body as Record<string, { topics: string[] }>)[name]?.topics ?? []) : null,
    config,
    offsets: offsets.status === 200 ? (offsets.body as { offsets: ConnectorOffset[] }).offsets : null,
  };
  return { json, text: describeText(json) };
}

interface Description {
  name: string;
  type: string;
  class: string;
  version: string | null;
  state: string;
  worker: string;
  trace: string | null;
  tasks: { id: number; state: string; worker: string; trace: string | null }[];
  topics: string[] | null;
  config: Record<string, string>;
  offsets: ConnectorOffset[] | null;
}

function describeText(d: Description): string {
  const parts = [
    fields([
      ['Name', d.name],
      ['Type', d.type],
      ['Class', d.class],
      ['Version', d.version ?? ''],
      ['State', d.state],
      ['Worker', d.worker],
      ['Topics', d.topics === null ? '(not tracked)' : d.topics.join(', ')],
    ]),
  ];
  if (d.trace) parts.push(`Trace:\n${indent(d.trace)}`);
  parts.push(`Tasks:\n${indent(table(['ID', 'STATE', 'WORKER'], d.tasks.map((t) => [String(t.id), t.state, t.worker])))}`);
  for (const t of d.tasks.filter((t) => t.trace)) parts.push(`Task ${t.id} trace:\n${indent(t.trace!)}`);
  const keys = Object.keys(d.config).sort();
  parts.push(`Config:\n${indent(keys.map((k) => `${k} = ${d.config[k]}`).join('\n'))}`);
  const offsets = d.offsets === null ? '(not available)' : offsetsTable(d.offsets);
  parts.push(`Offsets:\n${indent(offsets)}`);
  return parts.join('\n');
}

/** The keys the plugin declares as PASSWORD; an unknown plugin hides nothing it cannot name. */
async function passwordKeys(input: CommandInput, connectorClass: string): Promise<Set<string>> {
  const answer = await input.api.call('GET', `/connector-plugins/${encodeURIComponent(connectorClass)}/config`);
  if (answer.status !== 200) return new Set();
  return new Set((answer.body as ConfigKeyInfo[]).filter((k) => k.type === 'PASSWORD').map((k) => k.name));
}

function hidePasswords(config: Record<string, string>, passwords: Set<string>): Record<string, string> {
  return Object.fromEntries(Object.entries(config).map(([k, v]) => [k, passwords.has(k) ? HIDDEN : v]));
}
