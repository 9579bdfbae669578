// What the plugin integration tests share: npm run as a user runs it, plugin package files, and
// the REST checks on connector state.
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { eventually, rest } from '../support/worker-process.js';

const run = promisify(execFile);

/** Runs npm with the given arguments; its stdout. */
export async function npm(args: string[], cwd: string): Promise<string> {
  const { stdout } = await run('npm', [...args, '--no-audit', '--no-fund'], { cwd, maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}

export async function writeFiles(dir: string, files: Record<string, string | object>): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    const path = join(dir, name);
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2) + '\n');
  }
}

export interface Status {
  connector: { state: string; trace?: string };
  tasks: { id: number; state: string; trace?: string }[];
}

export async function waitForStatus(url: string, name: string, accept: (s: Status) => boolean): Promise<Status> {
  return eventually(`status of ${name}`, async () => {
    const answer = await rest<Status>(url, 'GET', `/connectors/${name}/status`);
    return answer.status === 200 && accept(answer.body) ? answer.body : undefined;
  });
}

export const running = (s: Status): boolean => s.connector.state === 'RUNNING' && s.tasks.length > 0 && s.tasks.every((t) => t.state === 'RUNNING');
