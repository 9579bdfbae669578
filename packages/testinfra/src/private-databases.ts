/**
 * Database servers of a test's own: their own data directory and port, so they can be stopped
 * and started mid-stream without touching the machine's shared servers.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, isPortOpen } from './ports.js';

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

/** PostgreSQL refuses to run as root: as root, its binaries run as the `postgres` OS user. */
const AS_POSTGRES = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--'] : [];

function postgresBin(tool: string): string {
  const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
  return join('/usr/lib/postgresql', versions[0]!, 'bin', tool);
}

function asPostgres(tool: string, args: string[]): void {
  const [command, ...rest] = [...AS_POSTGRES, postgresBin(tool), ...args];
  execFileSync(command!, rest, { stdio: 'pipe' });
}

/** A PostgreSQL server of the test's own (initdb + pg_ctl), trust authentication on 127.0.0.1, user `postgres`. */
export class PrivatePostgres {
  readonly host = '127.0.0.1';
  readonly user = 'postgres';
  readonly password = '';

  private constructor(readonly dir: string, readonly port: number) {}

  static async create(): Promise<PrivatePostgres> {
    const dir = mkdtempSync(join(tmpdir(), 'private-postgres-'));
    chmodSync(dir, 0o755);
    if (process.getuid?.() === 0) {
      const owner = execFileSync('id', ['-u', 'postgres']).toString().trim();
      const group = execFileSync('id', ['-g', 'postgres']).toString().trim();
      chownSync(dir, Number(owner), Number(group));
    }
    asPostgres('initdb', ['-D', join(dir, 'data'), '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
    const server = new PrivatePostgres(dir, await freePort());
    await server.start();
    return server;
  }

  jdbcUrl(database: string): string {
    return `jdbc:postgresql://${this.host}:${this.port}/${database}`;
  }

  async start(): Promise<void> {
    asPostgres('pg_ctl', ['-D', join(this.dir, 'data'), '-l', join(this.dir, 'postgres.log'), '-w', '-t', '120', 'start',
      '-o', `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c shared_buffers=32MB`]);
  }

  /** A fast shutdown, as a restart does: sessions are ended, then the server exits. */
  async stop(): Promise<void> {
    asPostgres('pg_ctl', ['-D', join(this.dir, 'data'), '-w', '-t', '120', '-m', 'fast', 'stop']);
  }

  async destroy(): Promise<void> {
    await this.stop().catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
