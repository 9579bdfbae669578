/**
 * Contexts: the clusters the CLI knows, kept in one JSON file ($TSCONNECT_CONFIG, else
 * ~/.tsconnect/config.json), as kubectl and kcctl keep theirs. Without a file the CLI talks to
 * http://127.0.0.1:8083, where a worker started with the defaults listens.
 *
 *   { "currentContext": "local",
 *     "contexts": { "local": { "url": "https://connect:8443", "username": "admin", "password": "...",
 *                              "caFile": "/etc/ssl/ca.pem", "insecure": false } } }
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { UsageError } from './usage-error.js';

export interface Context {
  url: string;
  username?: string;
  password?: string;
  /** PEM file of the certificate authorities to trust besides the system ones. */
  caFile?: string;
  /** Accept any server certificate (for a test cluster with a self-signed one). */
  insecure?: boolean;
}

interface ContextsFile {
  currentContext?: string;
  contexts: Record<string, Context>;
}

export const DEFAULT_URL = 'http://127.0.0.1:8083';

export function contextsPath(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return env.TSCONNECT_CONFIG || join(homedir(), '.tsconnect', 'config.json');
}

export async function readContexts(path: string): Promise<ContextsFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { contexts: {} };
    throw e;
  }
  const parsed = JSON.parse(text) as Partial<ContextsFile>;
  return { ...parsed, contexts: parsed.contexts ?? {} };
}

export async function writeContexts(path: string, file: ContextsFile): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  // It may hold passwords: readable by its owner only.
  await writeFile(path, JSON.stringify(file, null, 2) + '\n', { mode: 0o600 });
}

/** The context a command runs in: --context, else the current one, else the default URL; --url overrides the URL. */
export function selectContext(file: ContextsFile, name: string | undefined, url: string | undefined): Context {
  const chosen = name ?? file.currentContext;
  let context: Context = { url: DEFAULT_URL };
  if (chosen !== undefined) {
    const found = file.contexts[chosen];
    if (!found) throw new UsageError(`no context named ${chosen} (tsconnect config get-contexts lists them)`);
    context = found;
  }
  return url ? { ...context, url } : context;
}
