/**
 * One task host seen from its worker: the child process (task-host-main.js), its control channel,
 * the instances placed on it, and how it ended. Its stdout is the worker's; its stderr passes
 * through to the worker's, and the last of it tells whether V8 ended the host at its heap limit.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { connectorTaskIdKey, type ConnectorTaskId } from '../connector-task-id.js';
import { javaStackTrace } from '../worker/java-stack-trace.js';
import { HostChannel, type IpcEnd } from './host-channel.js';
import { HostOps, type HostSetup } from './host-protocol.js';

const ENTRY = fileURLToPath(new URL('./task-host-main.js', import.meta.url));
const STDERR_TAIL_CHARS = 8192;
const HEAP_LIMIT = /Reached heap limit|JavaScript heap out of memory/;
/**
 * libuv's thread pool in a host, unless the environment sets UV_THREADPOOL_SIZE. Each sink task's
 * consumer holds a pool thread while it waits for messages, and the default 4 threads let a few
 * idle consumers starve every other pool user of the host (the odbc package's calls, fs, dns).
 */
const HOST_THREADPOOL_SIZE = 64;
/**
 * How much V8 lets a host's old generation grow past what survived the last full collection
 * before it collects again (factor 1 + percent/100), unless the worker's Node flags say. V8 picks
 * up to 4 for a heap limit of 2 GiB or more, and a sink task promotes each batch's records to the
 * old generation (they outlive the put after them), so a host holding 30-50 MB of live objects
 * grew to 120-220 MB of heap between collections, plus the key and value buffers those garbage
 * records kept. With 2: 70-85 MB less resident memory at the peak of a sink host, for a few more
 * full collections (docs/task-hosts.md).
 */
const HOST_HEAP_GROWING_PERCENT = 100;
const HEAP_GROWING_FLAG = /^--heap[-_]growing[-_]percent(=|$)/;
/**
 * The most MB V8 gives each of a host's two young-generation semi-spaces, unless the worker's Node
 * flags or NODE_OPTIONS say (V8's own is 16). A sink task's records live from the poll that read
 * them until the put after it returns, longer than a 16 MB semi-space takes to fill at full speed:
 * they were copied once, promoted, and left to full collections, with the key and value buffers
 * they held. With 32: about 10% less CPU per row for a JDBC sink host, for 20 MB more resident
 * memory (docs/benchmarks.md, docs/task-hosts.md).
 */
const HOST_MAX_SEMI_SPACE_MB = 32;
const SEMI_SPACE_FLAG = /(^|\s)--max[-_]semi[-_]space[-_]size(=|\s|$)/;

/**
 * A host's Node flags: the worker's own (so V8 flags given to the worker reach its hosts), its heap
 * limit instead of the worker's, and the host's heap growing and semi-space defaults unless the
 * worker's flags set them (Node refuses the heap growing flag in NODE_OPTIONS, so the worker's
 * command line is the only place for it; a semi-space size may also come from NODE_OPTIONS, which
 * hosts inherit and which a command-line flag would override).
 */
export function hostExecArgv(workerExecArgv: readonly string[], maxHeapMb: number | null, nodeOptions = process.env['NODE_OPTIONS'] ?? ''): string[] {
  const inherited = workerExecArgv.filter((a) => !/^--max[-_]old[-_]space[-_]size(=|$)/.test(a));
  const growing = inherited.some((a) => HEAP_GROWING_FLAG.test(a)) ? [] : [`--heap-growing-percent=${HOST_HEAP_GROWING_PERCENT}`];
  const semiSpace = inherited.some((a) => SEMI_SPACE_FLAG.test(a)) || SEMI_SPACE_FLAG.test(nodeOptions)
    ? [] : [`--max-semi-space-size=${HOST_MAX_SEMI_SPACE_MB}`];
  const heap = maxHeapMb === null ? [] : [`--max-old-space-size=${maxHeapMb}`];
  return [...inherited, ...growing, ...semiSpace, ...heap];
}

/** Why a host is gone, in words for the traces of the instances it ran. */
export interface HostExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  heapLimitReached: boolean;
  /** Set when the worker killed the host itself. */
  killedBecause: string | null;
  /** The worker killed the host for one stuck instance: the others are to start again elsewhere. */
  replaceInstances: boolean;
  description: string;
}

export interface TaskHostOptions {
  id: number;
  /** The connector this host runs alone, or null for a shared host. */
  dedicatedTo: string | null;
  /** V8's old-space limit for the host (`task.host.max.heap.mb`), or null for Node's default. */
  maxHeapMb: number | null;
  setup: HostSetup;
  /** Serves the host's requests and events (offsets, statuses). */
  serve(channel: HostChannel): void;
}

export class TaskHost {
  readonly id: number;
  readonly dedicatedTo: string | null;
  readonly maxHeapMb: number | null;
  readonly channel: HostChannel;
  /** Connector instances and tasks placed here (tasks by connectorTaskIdKey). */
  readonly connectors = new Set<string>();
  readonly tasks = new Map<string, ConnectorTaskId>();
  /** Resolves once the host has loaded its plugins and built its worker; rejects if it could not. */
  readonly ready: Promise<void>;
  readonly exited: Promise<HostExit>;
  readonly #child: ChildProcess;
  #stderrTail = '';
  #killedBecause: string | null = null;
  #replaceInstances = false;
  #exit: HostExit | null = null;

  constructor(options: TaskHostOptions) {
    this.id = options.id;
    this.dedicatedTo = options.dedicatedTo;
    this.maxHeapMb = options.maxHeapMb;
    this.#child = fork(ENTRY, [], {
      execArgv: hostExecArgv(process.execArgv, options.maxHeapMb),
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
      env: { ...process.env, UV_THREADPOOL_SIZE: process.env.UV_THREADPOOL_SIZE ?? String(HOST_THREADPOOL_SIZE) },
    });
    this.#child.stderr!.on('data', (chunk: Buffer) => {
      process.stderr.write(chunk);
      this.#stderrTail = (this.#stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL_CHARS);
    });
    this.channel = new HostChannel(this.#child as unknown as IpcEnd, (error) => javaStackTrace(error));
    options.serve(this.channel);
    this.exited = new Promise<HostExit>((resolve) => {
      const settle = (code: number | null, signal: NodeJS.Signals | null): void => {
        if (this.#exit) return;
        this.#exit = this.#describeExit(code, signal);
        this.channel.close(this.#exit.description);
        resolve(this.#exit);
      };
      this.#child.once('exit', settle);
      this.#child.once('error', () => settle(null, null));
    });
    this.ready = this.channel.request<void>(HostOps.setup, [options.setup]);
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  get isAlive(): boolean {
    return this.#exit === null;
  }

  /** Instances placed here. */
  get load(): number {
    return this.connectors.size + this.tasks.size;
  }

  hasTask(id: ConnectorTaskId): boolean {
    return this.tasks.has(connectorTaskIdKey(id));
  }

  /**
   * Ends the host at once (SIGKILL); `reason` goes into the traces of what it ran, or, with
   * `replaceInstances`, the instances it ran are to start again on another host.
   */
  kill(reason: string, replaceInstances = false): void {
    if (this.#exit) return;
    this.#killedBecause = reason;
    this.#replaceInstances = replaceInstances;
    this.#child.kill('SIGKILL');
  }

  /** Asks the host to stop what it runs, then closes its channel so that it exits. */
  async stop(timeoutMs: number): Promise<void> {
    if (this.#exit) return;
    try {
      await this.channel.request(HostOps.stop, [], timeoutMs);
      this.#child.disconnect();
    } catch {
      this.kill(`it did not stop within ${timeoutMs} ms`);
    }
    await this.exited;
  }

  #describeExit(code: number | null, signal: NodeJS.Signals | null): HostExit {
    const name = `Task host ${this.id} (pid ${this.#child.pid ?? '?'})`;
    const heapLimitReached = HEAP_LIMIT.test(this.#stderrTail);
    let description: string;
    if (this.#killedBecause !== null) description = `${name} was killed by the worker because ${this.#killedBecause}`;
    else if (heapLimitReached) {
      const limit = this.maxHeapMb === null ? "Node's default heap limit" : `its heap limit (task.host.max.heap.mb=${this.maxHeapMb})`;
      description = `${name} reached ${limit} and was ended by V8`;
    } else if (signal !== null) description = `${name} was ended by signal ${signal}`;
    else if (code !== null) description = `${name} exited with code ${code}`;
    else description = `${name} could not be started`;
    return { code, signal, heapLimitReached, killedBecause: this.#killedBecause, replaceInstances: this.#replaceInstances, description };
  }
}
