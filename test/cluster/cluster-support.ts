// Helpers shared by the worker-cluster tests: statuses, who runs what, a steady line stream, and
// the lines a file sink wrote.
import { existsSync } from 'node:fs';
import { appendFile, readFile } from 'node:fs/promises';
import { eventually, rest } from '../support/worker-process.js';

export interface ConnectorStatus {
  name: string;
  connector: { state: string; worker_id: string };
  tasks: { id: number; state: string; worker_id: string }[];
}

/** The properties every member of one test group shares. */
export function groupProperties(name: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'group.id': `${name}-group`,
    'config.storage.topic': `${name}-configs`,
    'offset.storage.topic': `${name}-offsets`,
    'status.storage.topic': `${name}-status`,
    'offset.storage.partitions': '5',
    'status.storage.partitions': '3',
    ...extra,
  };
}

/** `127.0.0.1:<port>`: the worker id statuses carry for a worker at this URL. */
export function workerIdOf(url: string): string {
  return new URL(url).host;
}

export async function statusOf(url: string, connector: string): Promise<ConnectorStatus | undefined> {
  const answer = await rest<ConnectorStatus>(url, 'GET', `/connectors/${connector}/status`);
  return answer.status === 200 ? answer.body : undefined;
}

/** Every connector RUNNING with `tasks` tasks RUNNING, on workers among `alive`; the statuses then. */
export async function allRunning(
  url: string,
  expected: Record<string, number>,
  alive: readonly string[],
  attempts = 600,
): Promise<ConnectorStatus[]> {
  let lastMiss = '';
  try {
    return await eventually(
      `every connector and task running on ${alive.join(', ')}`,
      async () => {
        const out: ConnectorStatus[] = [];
        for (const [name, tasks] of Object.entries(expected)) {
          const s = await statusOf(url, name);
          const ok = s !== undefined && s.connector.state === 'RUNNING' && alive.includes(s.connector.worker_id) &&
            s.tasks.length === tasks && s.tasks.every((t) => t.state === 'RUNNING' && alive.includes(t.worker_id));
          if (!ok) {
            lastMiss = s === undefined ? `${name}: no status` : JSON.stringify(s);
            return undefined;
          }
          out.push(s);
        }
        return out;
      },
      attempts,
      250,
    );
  } catch (error) {
    // Which connector was still not running, as last seen: the cause is in its status.
    throw new Error(`${(error as Error).message}; last seen: ${lastMiss}`, { cause: error });
  }
}

/** Task ids (`connector-n`) by worker id. */
export function tasksByWorker(statuses: readonly ConnectorStatus[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const s of statuses) {
    for (const t of s.tasks) out.set(t.worker_id, [...(out.get(t.worker_id) ?? []), `${s.name}-${t.id}`]);
  }
  return out;
}

export function connectorsByWorker(statuses: readonly ConnectorStatus[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const s of statuses) out.set(s.connector.worker_id, [...(out.get(s.connector.worker_id) ?? []), s.name]);
  return out;
}

/** The counts per worker differ by at most one, every worker counted. */
export function isEven(byWorker: Map<string, string[]>, workers: readonly string[]): boolean {
  const counts = workers.map((w) => byWorker.get(w)?.length ?? 0);
  return Math.max(...counts) - Math.min(...counts) <= 1;
}

/** Appends numbered lines to a file on a timer until stopped; `written` is how many so far. */
export class LineStream {
  written = 0;
  #timer: NodeJS.Timeout | null = null;
  #pending: Promise<void> = Promise.resolve();

  constructor(
    readonly file: string,
    readonly tag: string,
    private readonly perTick = 20,
    private readonly tickMs = 100,
  ) {}

  start(): void {
    this.#timer = setInterval(() => {
      let text = '';
      for (let i = 0; i < this.perTick; i++) text += `${this.tag}-${this.written + i}\n`;
      this.written += this.perTick;
      this.#pending = this.#pending.then(() => appendFile(this.file, text));
    }, this.tickMs);
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#pending;
  }

  expected(): string[] {
    return Array.from({ length: this.written }, (_, i) => `${this.tag}-${i}`);
  }
}

/** Lines of a sink's output file (duplicates kept: delivery is at least once). */
export async function linesOf(file: string): Promise<string[]> {
  if (!existsSync(file)) return [];
  const text = await readFile(file, 'utf8');
  return text.split('\n').filter((l) => l.length > 0);
}

/** Waits until `file` holds every expected line; returns the ones still missing when it gives up. */
export async function missingLines(file: string, expected: readonly string[], attempts = 600): Promise<string[]> {
  let missing: string[] = [];
  for (let i = 0; i < attempts; i++) {
    const seen = new Set(await linesOf(file));
    missing = expected.filter((l) => !seen.has(l));
    if (missing.length === 0) return [];
    await new Promise((r) => setTimeout(r, 250));
  }
  return missing;
}

/** How often a worker's log says it started each task, from `from` on. */
export async function taskStarts(logFile: string, from = 0): Promise<Map<string, number>> {
  const text = (await readFile(logFile, 'utf8')).slice(from);
  const out = new Map<string, number>();
  for (const m of text.matchAll(/Starting task (\S+)/g)) out.set(m[1]!, (out.get(m[1]!) ?? 0) + 1);
  return out;
}

export async function logLength(logFile: string): Promise<number> {
  return existsSync(logFile) ? (await readFile(logFile, 'utf8')).length : 0;
}

/** Whether the worker's latest completed rebalance made it the leader (it logs "... as leader"). */
export async function ledLastRebalance(logFile: string): Promise<boolean> {
  const lines = (await readFile(logFile, 'utf8')).split('\n').filter((l) => l.includes('Finished rebalance of generation'));
  return lines.length > 0 && lines[lines.length - 1]!.includes('as leader');
}
