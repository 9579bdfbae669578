import { freePort, ManagedProcess, repoRoot } from '@tsconnect/testinfra';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Our worker run as users run it: `connect-distributed worker.properties` in its own process. */
export class WorkerProcess {
  private process: ManagedProcess | undefined;

  private constructor(
    readonly url: string,
    readonly workDir: string,
    readonly propertiesFile: string,
    private readonly args: string[],
    private readonly cli: string,
    private readonly authorization: string | undefined,
  ) {}

  static async create(options: {
    bootstrapServers: string;
    properties?: Record<string, string>;
    mode?: 'distributed' | 'standalone';
    connectorFiles?: string[];
    workDir?: string;
    /** The Authorization header readiness checks send (REST basic auth). */
    authorization?: string;
  }): Promise<WorkerProcess> {
    const workDir = options.workDir ?? (await mkdtemp(join(tmpdir(), 'tsconnect-worker-')));
    const port = await freePort();
    const mode = options.mode ?? 'distributed';
    const id = `${port}`;
    const properties: Record<string, string> = {
      'bootstrap.servers': options.bootstrapServers,
      'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
      'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
      listeners: `http://127.0.0.1:${port}`,
      'offset.flush.interval.ms': '1000',
      ...(mode === 'distributed'
        ? {
            'group.id': `ts-connect-${id}`,
            'config.storage.topic': `ts-configs-${id}`,
            'offset.storage.topic': `ts-offsets-${id}`,
            'status.storage.topic': `ts-status-${id}`,
            'config.storage.replication.factor': '1',
            'offset.storage.replication.factor': '1',
            'status.storage.replication.factor': '1',
          }
        : { 'offset.storage.file.filename': join(workDir, 'connect.offsets') }),
      ...options.properties,
    };
    const propertiesFile = join(workDir, 'worker.properties');
    await writeFile(propertiesFile, Object.entries(properties).map(([k, v]) => `${k}=${v}`).join('\n') + '\n');
    const cli = join(repoRoot(), 'packages', 'runtime', 'dist', 'src', 'cli', `connect-${mode}.js`);
    const listener = /:(\d+)/.exec(properties.listeners!.split(',')[0]!.replace(/^https?:\/\//, ''));
    const url = `http://127.0.0.1:${listener ? listener[1] : port}`;
    return new WorkerProcess(url, workDir, propertiesFile, [propertiesFile, ...(options.connectorFiles ?? [])], cli, options.authorization);
  }

  get pid(): number | undefined {
    return this.process?.pid;
  }

  /** Starts the process and waits until GET / answers. */
  async start(): Promise<void> {
    this.process = new ManagedProcess({
      name: `tsconnect worker ${this.url}`,
      command: process.execPath,
      args: [this.cli, ...this.args],
      logFile: join(this.workDir, 'worker.log'),
    });
    // Healthy once it has joined its group: before that, writes would get 409s.
    const headers: Record<string, string> = this.authorization ? { authorization: this.authorization } : {};
    await this.process.waitUntil(`GET ${this.url}/health answers`, () => healthy(`${this.url}/health`, headers), 120_000);
  }

  async stop(): Promise<void> {
    await this.process?.stop(30_000);
  }

  async kill(): Promise<void> {
    await this.process?.kill();
  }

  logTail(): string {
    return this.process?.tail() ?? '';
  }
}

/**
 * Starts `count` workers of one group one after another (the first one leads), each stopped and
 * its directory removed by the entry it adds to `cleanups`.
 */
export async function startWorkerGroup(
  count: number,
  bootstrapServers: string,
  properties: Record<string, string>,
  cleanups: (() => Promise<unknown>)[],
): Promise<WorkerProcess[]> {
  const workers: WorkerProcess[] = [];
  for (let i = 0; i < count; i++) {
    const w = await WorkerProcess.create({ bootstrapServers, properties });
    cleanups.push(async () => {
      await w.stop();
      await rm(w.workDir, { recursive: true, force: true });
    });
    await w.start();
    workers.push(w);
  }
  return workers;
}

export interface RestAnswer<T = unknown> {
  status: number;
  body: T;
}

/**
 * One REST call; the body is parsed JSON, or null when there is none. A 409 during a rebalance
 * ("no known leader", "rebalance", "stale configuration") is retried for a while, as Kafka Connect's clients do.
 */
export async function rest<T = unknown>(baseUrl: string, method: string, path: string, body?: unknown): Promise<RestAnswer<T>> {
  for (let attempt = 0; ; attempt++) {
    const answer = await restOnce<T>(baseUrl, method, path, body);
    const message = (answer.body as { message?: unknown } | null)?.message;
    const rebalancing = answer.status === 409 && typeof message === 'string' && /rebalance|leader|stale configuration/i.test(message);
    if (!rebalancing || attempt >= 120) return answer;
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function restOnce<T>(baseUrl: string, method: string, path: string, body?: unknown): Promise<RestAnswer<T>> {
  const init: RequestInit = { method };
  if (body !== undefined) {
    init.headers = { 'content-type': 'application/json' };
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
  }
  const response = await fetch(`${baseUrl}${path}`, init);
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

/** Polls `check` until it returns a value other than undefined; each test bounds its waits by count. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined>, attempts = 600, delayMs = 200): Promise<T> {
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, delayMs));
  }
  throw new Error(`gave up waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

async function healthy(url: string, headers: Record<string, string>): Promise<boolean> {
  try {
    const response = await fetch(url, { headers, signal: AbortSignal.timeout(2000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}
