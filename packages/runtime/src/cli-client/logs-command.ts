/**
 * `logs level`: every logger's level; `logs level <logger>`: one; `logs level <logger> <LEVEL>
 * [--scope cluster]`: set it on this worker, or on every worker of the cluster.
 */
import { optionValue } from './arguments.js';
import { word, type CommandInput } from './command.js';
import { table, type Output } from './output.js';
import { UsageError } from './usage-error.js';

interface LoggerLevel {
  level: string;
  last_modified: number | null;
}

export async function logsCommand(input: CommandInput): Promise<Output> {
  if (word(input, 0, 'level') !== 'level') throw new UsageError(`logs ${input.words[0]}? level`);
  const [logger, level] = input.words.slice(1);
  if (logger === undefined) {
    const all = await input.api.expect<Record<string, LoggerLevel>>('GET', '/admin/loggers');
    return { json: all, text: levelsTable(all) };
  }
  const path = `/admin/loggers/${encodeURIComponent(logger)}`;
  if (level === undefined) {
    const one = await input.api.expect<LoggerLevel>('GET', path);
    return { json: one, text: levelsTable({ [logger]: one }) };
  }
  const scope = optionValue(input.args, 'scope') ?? 'worker';
  if (scope !== 'worker' && scope !== 'cluster') throw new UsageError(`--scope must be worker or cluster, not ${scope}`);
  const changed = await input.api.expect<string[] | null>('PUT', `${path}?scope=${scope}`, { level });
  const text = scope === 'cluster'
    ? `${logger} set to ${level} on every worker`
    : `${logger} set to ${level}; loggers changed: ${(changed ?? []).join(', ') || 'none'}`;
  return { json: changed ?? { logger, level, scope }, text };
}

function levelsTable(levels: Record<string, LoggerLevel>): string {
  const rows = Object.keys(levels)
    .sort()
    .map((name) => [name, levels[name]!.level, levels[name]!.last_modified === null ? '' : new Date(levels[name]!.last_modified!).toISOString()]);
  return table(['LOGGER', 'LEVEL', 'LAST MODIFIED'], rows);
}
