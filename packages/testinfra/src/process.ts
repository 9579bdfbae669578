import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';

export interface ManagedProcessOptions {
  name: string;
  command: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Everything the process prints is appended here, for reading when a test fails. */
  logFile: string;
  /**
   * Its own process group, so a Ctrl-C in the terminal reaches only the parent, which then stops
   * the children in order (the worker before the broker it needs to stop cleanly).
   */
  ownProcessGroup?: boolean;
}

const running = new Set<ManagedProcess>();
process.once('exit', () => {
  // A test that dies must not leave JVMs behind: kill what this process started, by pid.
  for (const p of running) p.killNow();
});

/** A child process we started, whose output we can wait on and which we stop by its pid. */
export class ManagedProcess {
  readonly name: string;
  readonly logFile: string;
  readonly #child: ChildProcess;
  readonly #log: WriteStream;
  readonly #exited: Promise<number | null>;
  #recent = '';
  #exitCode: number | null | undefined;

  constructor(options: ManagedProcessOptions) {
    this.name = options.name;
    this.logFile = options.logFile;
    this.#log = createWriteStream(options.logFile, { flags: 'a' });
    this.#child = spawn(options.command, options.args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: options.ownProcessGroup ?? false,
    });
    const onData = (chunk: Buffer): void => {
      this.#log.write(chunk);
      this.#recent = (this.#recent + chunk.toString()).slice(-64 * 1024);
    };
    this.#child.stdout?.on('data', onData);
    this.#child.stderr?.on('data', onData);
    this.#exited = new Promise((resolveExit) => {
      this.#child.once('error', (err) => {
        this.#recent += `\n${err.message}`;
        this.#exitCode = null;
        resolveExit(null);
      });
      this.#child.once('exit', (code) => {
        this.#exitCode = code;
        running.delete(this);
        resolveExit(code);
      });
    });
    running.add(this);
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  get isRunning(): boolean {
    return this.#exitCode === undefined;
  }

  /** Resolves when `ready()` is true; fails if the process exits first or the time runs out. */
  async waitUntil(what: string, ready: (output: string) => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.isRunning) {
        throw new Error(`${this.name} exited (code ${this.#exitCode}) before ${what}; last output:\n${this.tail()}\n(full log: ${this.logFile})`);
      }
      if (await ready(this.#recent)) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`${this.name} did not reach "${what}" within ${timeoutMs} ms; last output:\n${this.tail()}\n(full log: ${this.logFile})`);
  }

  tail(chars = 3000): string {
    return this.#recent.slice(-chars);
  }

  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  async stop(graceMs = 20_000): Promise<number | null> {
    if (this.isRunning) {
      this.#child.kill('SIGTERM');
      const timer = setTimeout(() => this.#child.kill('SIGKILL'), graceMs);
      await this.#exited;
      clearTimeout(timer);
    }
    await new Promise<void>((r) => this.#log.end(r));
    return this.#exitCode ?? null;
  }

  /** Like a crash: SIGKILL and wait for the exit. */
  async kill(): Promise<void> {
    this.killNow();
    await this.#exited;
  }

  killNow(): void {
    if (this.isRunning) this.#child.kill('SIGKILL');
  }
}
