/**
 * A MariaDB server of the test's own: its own data directory and port, so it can be stopped and
 * started mid-stream without touching the machine's shared server.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, isPortOpen } from '@tsconnect/testinfra';

/** mariadbd refuses to run as root unless told to; any other user runs it as itself. */
const USER = process.getuid?.() === 0 ? ['--user=root'] : [];

export class PrivateMariaDb {
  #server: ChildProcess | null = null;

  private constructor(readonly dir: string, readonly port: number) {}

  static async create(): Promise<PrivateMariaDb> {
    const dir = mkdtempSync(join(tmpdir(), 'private-mariadb-'));
    execFileSync('mariadb-install-db', ['--no-defaults', `--datadir=${join(dir, 'data')}`, ...USER,
      '--auth-root-authentication-method=normal', '--skip-test-db'], { stdio: 'pipe' });
    const server = new PrivateMariaDb(dir, await freePort());
    await server.start();
    return server;
  }

  async start(): Promise<void> {
    this.#server = spawn('/usr/sbin/mariadbd', ['--no-defaults', `--datadir=${join(this.dir, 'data')}`, `--port=${this.port}`,
      `--socket=${join(this.dir, 'mariadb.sock')}`, `--pid-file=${join(this.dir, 'mariadb.pid')}`, '--bind-address=127.0.0.1',
      ...USER, '--skip-log-bin', '--innodb-buffer-pool-size=32M'], { stdio: 'ignore' });
    while (!(await isPortOpen(this.port))) {
      if (this.#server.exitCode !== null) throw new Error(`mariadbd exited with ${this.#server.exitCode}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Shuts the server down as a restart would (SIGTERM), and waits until it has exited. */
  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = null;
    if (!server || server.exitCode !== null) return;
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }

  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
