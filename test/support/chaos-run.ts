// Issue 22's chaos run, shared by the short form in the test suite (test/cluster/chaos.test.ts)
// and the full benchmark (bench/chaos.mjs): one broker with its own data directory, three of our
// workers in one group, a JDBC source (timestamp+incrementing, three tables of a private
// PostgreSQL, exactly-once source support, tasks.max=3) into topics, a JDBC sink (upsert) into a
// private MariaDB, and a writer inserting and updating rows (a version column bumped on each
// update) the whole time. Meanwhile: SIGKILLs of random workers, each restarted; one broker
// restart; one PostgreSQL restart; one MariaDB restart. Everything runs on loopback and stops by
// itself. The report says what the end state is; the callers assert on it.
import { KafkaBroker, PrivateMariaDb, PrivatePostgres } from '@tsconnect/testinfra';
import mysql from 'mysql2/promise';
import { readdirSync, readFileSync } from 'node:fs';
import pg from 'pg';
import { createConnector, createTopics, kafkaClient, statusOf } from '../jdbc/jdbc-pipeline-support.js';
import { eventually, startWorkerGroup, type WorkerProcess } from './worker-process.js';

export interface ChaosOptions {
  /** SIGKILLs of random workers, each restarted. */
  kills: number;
  /** How long the faults are spread over (the writer runs that long). */
  faultWindowMs: number;
  /** scheduled.rebalance.max.delay.ms of the workers. */
  maxDelayMs: number;
  /** Row changes per writer tick (100 ms): inserts, then as many updates. */
  insertsPerTick?: number;
  log?: (line: string) => void;
}

export interface ChaosReport {
  rows: Record<string, number>;
  /** Source rows absent from MariaDB, or there with an older version. */
  missing: number;
  stale: number;
  /** Records on the topics (read committed), and how many repeat a row version already seen. */
  records: number;
  duplicates: number;
  /** Connectors and tasks not RUNNING on a live worker at the end, as "name: state". */
  notRunning: string[];
  inserts: number;
  updates: number;
  writerErrors: number;
  events: string[];
  /** Longest time (ms) each worker's REST API did not answer while the worker was up. */
  longestRestGapMs: number[];
  /** Resident memory (MiB) of each worker with its task hosts, once the pipeline runs and at the end. */
  rssStartMiB: number[];
  rssEndMiB: number[];
  /** From the end of the writer to MariaDB holding every row at its latest version. */
  catchUpMs: number;
  totalMs: number;
}

const TABLES = ['chaos_a', 'chaos_b', 'chaos_c'] as const;
const PREFIX = 'pg_';
const DATABASE = 'chaos';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resident memory of a process and its descendants (the worker and its task hosts), in MiB. */
export function treeRssMiB(pid: number): number {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended meanwhile.
    }
  }
  let kib = 0;
  const todo = [pid];
  while (todo.length > 0) {
    const p = todo.pop()!;
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
      if (m) kib += Number(m[1]);
    } catch {
      continue;
    }
    todo.push(...(children.get(p) ?? []));
  }
  return Math.round(kib / 1024);
}

/** Inserts and updates rows, each statement its own transaction, reconnecting through restarts. */
class Writer {
  inserts = 0;
  updates = 0;
  errors = 0;
  #running = true;
  #client: pg.Client | null = null;
  #loop: Promise<void> | null = null;

  constructor(private readonly db: PrivatePostgres, private readonly perTick: number) {}

  start(): void {
    this.#loop = this.#run();
  }

  async stop(): Promise<void> {
    this.#running = false;
    await this.#loop;
    await this.#client?.end().catch(() => undefined);
  }

  async #connection(): Promise<pg.Client> {
    if (this.#client) return this.#client;
    const client = new pg.Client({ host: this.db.host, port: this.db.port, user: this.db.user, database: DATABASE });
    client.on('error', () => undefined);
    await client.connect();
    this.#client = client;
    return client;
  }

  async #run(): Promise<void> {
    let tick = 0;
    while (this.#running) {
      tick++;
      try {
        const client = await this.#connection();
        for (let i = 0; i < this.perTick; i++) {
          const table = TABLES[(tick + i) % TABLES.length]!;
          await client.query(`INSERT INTO ${table} (payload) VALUES ($1)`, [`row of tick ${tick}`]);
          this.inserts++;
          // A random existing row moves to its next version.
          const updated = await client.query(
            `UPDATE ${table} SET version = version + 1, updated_at = clock_timestamp() WHERE id = (SELECT floor(random() * max(id))::int + 1 FROM ${table})`,
          );
          this.updates += updated.rowCount ?? 0;
        }
      } catch {
        this.errors++;
        await this.#client?.end().catch(() => undefined);
        this.#client = null;
        await sleep(500);
      }
      await sleep(100);
    }
  }
}

/** Polls GET / of each worker; the longest time without an answer while the worker was up. */
class RestProbe {
  readonly longestGapMs: number[];
  readonly #lastAnswer: (number | null)[];
  #timer: NodeJS.Timeout | null = null;

  constructor(private readonly workers: WorkerProcess[]) {
    this.longestGapMs = workers.map(() => 0);
    this.#lastAnswer = workers.map(() => Date.now());
  }

  start(): void {
    this.#timer = setInterval(() => {
      this.workers.forEach((w, i) => {
        void fetch(`${w.url}/`, { signal: AbortSignal.timeout(10_000) })
          .then(async (response) => {
            await response.arrayBuffer();
            this.#answered(i);
          })
          .catch(() => undefined);
      });
    }, 200);
    this.#timer.unref();
  }

  #answered(i: number): void {
    const last = this.#lastAnswer[i];
    const now = Date.now();
    if (last === null || last === undefined) return;
    this.longestGapMs[i] = Math.max(this.longestGapMs[i]!, now - last);
    this.#lastAnswer[i] = now;
  }

  down(i: number): void {
    this.#lastAnswer[i] = null;
  }

  up(i: number): void {
    this.#lastAnswer[i] = Date.now();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
  }
}

async function consumeCommitted(bootstrapServers: string, topic: string): Promise<Buffer[]> {
  const consumer = kafkaClient(bootstrapServers).consumer({
    kafkaJS: { groupId: `chaos-check-${topic}-${Date.now()}`, fromBeginning: true },
    'isolation.level': 'read_committed',
  });
  const values: Buffer[] = [];
  let lastMessage = Date.now();
  await consumer.connect();
  try {
    await consumer.subscribe({ topic });
    void consumer.run({
      eachMessage: async ({ message }) => {
        if (message.value) values.push(message.value);
        lastMessage = Date.now();
      },
    });
    // Read until nothing more comes: the sink already holds every row, so the topic is complete.
    while (Date.now() - lastMessage < 8_000) await sleep(500);
  } finally {
    await consumer.disconnect();
  }
  return values;
}

export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const log = options.log ?? (() => undefined);
  const began = Date.now();
  const events: string[] = [];
  const event = (what: string) => {
    const line = `${((Date.now() - began) / 1000).toFixed(1)} s: ${what}`;
    events.push(line);
    log(line);
  };
  const cleanups: (() => Promise<unknown>)[] = [];
  try {
    const broker = await KafkaBroker.start();
    cleanups.push(() => broker.stop());
    const postgres = await PrivatePostgres.create();
    cleanups.push(() => postgres.destroy());
    const maria = await PrivateMariaDb.create();
    cleanups.push(() => maria.destroy());
    event(`broker :${broker.port}, PostgreSQL :${postgres.port}, MariaDB :${maria.port} up`);

    const admin = new pg.Client({ host: postgres.host, port: postgres.port, user: postgres.user, database: 'postgres' });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${DATABASE}`);
    await admin.end();
    const setup = new pg.Client({ host: postgres.host, port: postgres.port, user: postgres.user, database: DATABASE });
    await setup.connect();
    for (const table of TABLES) {
      await setup.query(
        `CREATE TABLE ${table} (id SERIAL PRIMARY KEY, payload TEXT NOT NULL, version INTEGER NOT NULL DEFAULT 1, updated_at TIMESTAMP(3) NOT NULL DEFAULT clock_timestamp())`,
      );
      await setup.query(`INSERT INTO ${table} (payload) SELECT 'initial ' || g FROM generate_series(1, 500) g`);
    }
    await setup.end();
    const mariaAdmin = await mysql.createConnection({ host: '127.0.0.1', port: maria.port, user: 'root' });
    await mariaAdmin.query(`CREATE DATABASE ${DATABASE}`);
    await mariaAdmin.end();

    const props = {
      'group.id': 'chaos-group',
      'config.storage.topic': 'chaos-configs',
      'offset.storage.topic': 'chaos-offsets',
      'status.storage.topic': 'chaos-status',
      'exactly.once.source.support': 'enabled',
      'scheduled.rebalance.max.delay.ms': String(options.maxDelayMs),
      'session.timeout.ms': '6000',
      'heartbeat.interval.ms': '1000',
    };
    const workers = await startWorkerGroup(3, broker.bootstrapServers, props, cleanups);
    const topics = TABLES.map((t) => PREFIX + t);
    await createTopics(broker.bootstrapServers, topics);
    await createConnector(workers[0]!.url, 'chaos-source', {
      'connector.class': 'io.confluent.connect.jdbc.JdbcSourceConnector',
      'tasks.max': '3',
      'connection.url': postgres.jdbcUrl(DATABASE),
      'connection.user': postgres.user,
      mode: 'timestamp+incrementing',
      'incrementing.column.name': 'id',
      'timestamp.column.name': 'updated_at',
      'table.whitelist': TABLES.join(','),
      'topic.prefix': PREFIX,
      'timestamp.delay.interval.ms': '500',
      'poll.interval.ms': '300',
      'batch.max.rows': '200',
      // A broker restart here takes about a minute (a loaded machine): an open transaction must
      // outlive it, or the broker aborts it and the task fails (Kafka's default is 60 s).
      'producer.override.transaction.timeout.ms': '300000',
    });
    await createConnector(workers[0]!.url, 'chaos-sink', {
      'connector.class': 'io.confluent.connect.jdbc.JdbcSinkConnector',
      'tasks.max': '3',
      topics: topics.join(','),
      'connection.url': `jdbc:mariadb://127.0.0.1:${maria.port}/${DATABASE}`,
      'connection.user': 'root',
      'insert.mode': 'upsert',
      'pk.mode': 'record_value',
      'pk.fields': 'id',
      'auto.create': 'true',
      'max.retries': '1000',
      'retry.backoff.ms': '500',
    });
    const notRunning = async (): Promise<string[]> => {
      const alive = workers.map((w) => new URL(w.url).host);
      const out: string[] = [];
      for (const name of ['chaos-source', 'chaos-sink']) {
        const s = await statusOf(workers[0]!.url, name);
        if (!s) {
          out.push(`${name}: no status`);
          continue;
        }
        if (s.connector.state !== 'RUNNING' || !alive.includes(s.connector.worker_id)) out.push(`${name}: ${s.connector.state} on ${s.connector.worker_id}`);
        if (s.tasks.length !== 3) out.push(`${name}: ${s.tasks.length} tasks`);
        for (const t of s.tasks) {
          if (t.state !== 'RUNNING' || !alive.includes(t.worker_id)) out.push(`${name}-${t.id}: ${t.state} on ${t.worker_id}${t.trace ? ` (${t.trace.split('\n')[0]})` : ''}`);
        }
      }
      return out;
    };
    await eventually('the pipeline running', async () => ((await notRunning()).length === 0 ? true : undefined));
    event('pipeline running: 3 source tasks, 3 sink tasks');
    const rssStartMiB = workers.map((w) => treeRssMiB(w.pid!));

    const writer = new Writer(postgres, options.insertsPerTick ?? 5);
    writer.start();
    cleanups.push(() => writer.stop());
    const probe = new RestProbe(workers);
    probe.start();
    cleanups.push(async () => probe.stop());

    // The faults, in a random order, spread evenly over the window.
    const faults: string[] = [...Array.from({ length: options.kills }, () => 'kill'), 'broker', 'postgres', 'mariadb'];
    for (let i = faults.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [faults[i], faults[j]] = [faults[j]!, faults[i]!];
    }
    const gap = options.faultWindowMs / (faults.length + 1);
    for (const fault of faults) {
      await sleep(gap * (0.5 + Math.random()));
      if (fault === 'kill') {
        const i = Math.floor(Math.random() * workers.length);
        probe.down(i);
        await workers[i]!.kill();
        event(`SIGKILL worker ${i} (${workers[i]!.url})`);
        await sleep(Math.random() * 3_000);
        await workers[i]!.start();
        probe.up(i);
        event(`worker ${i} restarted`);
      } else if (fault === 'broker') {
        event('broker restart');
        await broker.restart();
        event('broker back');
      } else if (fault === 'postgres') {
        event('PostgreSQL restart');
        await postgres.stop();
        await sleep(2_000);
        await postgres.start();
        event('PostgreSQL back');
      } else {
        event('MariaDB restart');
        await maria.stop();
        await sleep(2_000);
        await maria.start();
        event('MariaDB back');
      }
    }
    await sleep(gap);
    await writer.stop();
    const writerStopped = Date.now();
    event(`writer stopped: ${writer.inserts} inserts, ${writer.updates} updates, ${writer.errors} failed ticks`);

    // Every source row in MariaDB at its latest version.
    const source = new pg.Client({ host: postgres.host, port: postgres.port, user: postgres.user, database: DATABASE });
    await source.connect();
    const target = await mysql.createConnection({ host: '127.0.0.1', port: maria.port, user: 'root', database: DATABASE });
    const rows: Record<string, number> = {};
    let missing = 0;
    let stale = 0;
    const compare = async (): Promise<{ missing: number; stale: number }> => {
      let m = 0;
      let s = 0;
      for (const table of TABLES) {
        const { rows: expected } = await source.query<{ id: number; version: number }>(`SELECT id, version FROM ${table}`);
        rows[table] = expected.length;
        let actual = new Map<number, number>();
        try {
          const [got] = await target.query(`SELECT id, version FROM \`${PREFIX}${table}\``);
          actual = new Map((got as { id: number; version: number }[]).map((r) => [Number(r.id), Number(r.version)]));
        } catch {
          // Not created yet.
        }
        for (const r of expected) {
          const v = actual.get(r.id);
          if (v === undefined) m++;
          else if (v !== r.version) s++;
        }
      }
      return { missing: m, stale: s };
    };
    await eventually(
      'every source row in MariaDB at its latest version',
      async () => {
        ({ missing, stale } = await compare());
        return missing + stale === 0 ? true : undefined;
      },
      1_200,
      500,
    ).catch((e: Error) => event(`gave up: ${e.message}`));
    const catchUpMs = Date.now() - writerStopped;
    event(`MariaDB compared: ${missing} missing, ${stale} stale`);
    await source.end();
    await target.end();

    let records = 0;
    let duplicates = 0;
    // The topics are read side by side: each read ends after 8 s without a record.
    const contents = await Promise.all(topics.map((topic) => consumeCommitted(broker.bootstrapServers, topic)));
    for (const values of contents) {
      const seen = new Set<string>();
      for (const value of values) {
        const payload = (JSON.parse(value.toString()) as { payload: { id: number; version: number } }).payload;
        const key = `${payload.id}@${payload.version}`;
        records++;
        if (seen.has(key)) duplicates++;
        seen.add(key);
      }
    }
    event(`topics read committed: ${records} records, ${duplicates} duplicates`);
    let stillNotRunning: string[] = [];
    await eventually('every connector and task RUNNING', async () => {
      stillNotRunning = await notRunning();
      return stillNotRunning.length === 0 ? true : undefined;
    }, 240, 500).catch(() => undefined);
    const rssEndMiB = workers.map((w) => treeRssMiB(w.pid!));
    probe.stop();
    return {
      rows,
      missing,
      stale,
      records,
      duplicates,
      notRunning: stillNotRunning,
      inserts: writer.inserts,
      updates: writer.updates,
      writerErrors: writer.errors,
      events,
      longestRestGapMs: probe.longestGapMs,
      rssStartMiB,
      rssEndMiB,
      catchUpMs,
      totalMs: Date.now() - began,
    };
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  }
}
