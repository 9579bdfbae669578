// JDBC source throughput through our worker: an N-row PostgreSQL table into Kafka with one task
// (incrementing mode, JsonConverter with schemas), next to what each side can do alone: the
// database read by Node in the same keyset pages the connector uses, and the producer writing N
// JSON-with-schema records of the same rows. Starts its own broker; uses the local PostgreSQL
// with a throw-away database. Needs the build, test workspace included.
//
//   node bench/jdbc-source.mjs [--rows=1000000] [--page=10000]
//
// Prints rows/s for each run and the ratios; the figures go to docs/benchmarks.md.
import { createPostgresDatabase, KafkaBroker } from '@tsconnect/testinfra';
import { rm } from 'node:fs/promises';
import pg from 'pg';
import { rest, WorkerProcess } from '../test/dist/support/worker-process.js';
import { createTopic, endOffsets, fmt, intArg, jsonMessage, produceAll, waitForCount } from './jdbc-bench-support.mjs';

const rows = intArg('rows', 1_000_000);
const page = intArg('page', 10_000);

const broker = await KafkaBroker.start();
const db = await createPostgresDatabase('tsc_bench_source');
const client = new pg.Client({ host: db.host, port: db.port, user: db.user, password: db.password, database: db.database });
await client.connect();
let worker;
const results = [];

function report(name, seconds, steady = rows / seconds) {
  results.push({ name, rowsPerSecond: rows / seconds, steady });
  console.log(`${name}: ${fmt(rows / seconds)} rows/s overall (${seconds.toFixed(1)} s), ${fmt(steady)} rows/s steady`);
}

try {
  await client.query(`
    CREATE TABLE bench_rows (id BIGINT PRIMARY KEY, name TEXT NOT NULL, amount DOUBLE PRECISION NOT NULL,
                             qty INTEGER NOT NULL, created TIMESTAMP(3) NOT NULL, active BOOLEAN NOT NULL);
    INSERT INTO bench_rows SELECT i, 'customer-' || i, (i % 100000) / 100.0, i % 1000,
                                  TIMESTAMP '2023-11-14 22:13:20' + i * INTERVAL '1 second', i % 3 = 0
      FROM generate_series(0, ${rows - 1}) i;
  `);
  await client.query('VACUUM ANALYZE bench_rows');

  // The database alone: the connector's query shape, page after page, rows materialised in Node.
  const readStarted = performance.now();
  let last = -1;
  let read = 0;
  for (;;) {
    const result = await client.query('SELECT * FROM bench_rows WHERE id > $1 ORDER BY id ASC LIMIT $2', [last, page]);
    if (result.rows.length === 0) break;
    read += result.rows.length;
    last = Number(result.rows[result.rows.length - 1].id);
  }
  if (read !== rows) throw new Error(`read ${read} rows`);
  report('PostgreSQL alone (keyset pages into Node)', (performance.now() - readStarted) / 1000);

  // The producer alone: the same rows as JSON-with-schema records.
  await createTopic(broker.bootstrapServers, 'bench-producer');
  report('producer alone (JSON with schema)', await produceAll(broker.bootstrapServers, 'bench-producer', rows, jsonMessage));

  await createTopic(broker.bootstrapServers, 'src_bench_rows');
  worker = await WorkerProcess.create({ bootstrapServers: broker.bootstrapServers });
  await worker.start();
  const config = {
    'connector.class': 'io.confluent.connect.jdbc.JdbcSourceConnector',
    'tasks.max': '1',
    'connection.url': db.jdbcUrl,
    'connection.user': db.user,
    'connection.password': db.password,
    mode: 'incrementing',
    'incrementing.column.name': 'id',
    'table.whitelist': 'bench_rows',
    'topic.prefix': 'src_',
    'batch.max.rows': String(page),
    'poll.interval.ms': '1000',
  };
  const since = performance.now();
  let answer = await rest(worker.url, 'POST', '/connectors', { name: 'bench-source', config });
  while (answer.status === 409) { // the worker's group is still forming
    await new Promise((r) => setTimeout(r, 200));
    answer = await rest(worker.url, 'POST', '/connectors', { name: 'bench-source', config });
  }
  if (answer.status !== 201) throw new Error(JSON.stringify(answer.body));
  const source = await waitForCount(() => endOffsets(broker.bootstrapServers, ['src_bench_rows']), rows, since, 500);
  report('JDBC source, one task', source.seconds, source.steadyRowsPerSecond);

  const db0 = results[0];
  const producer = results[1];
  console.log(`\n${fmt(rows)} rows, pages of ${fmt(page)}; ratios of steady rows/s`);
  for (const r of results) {
    console.log(`| ${r.name} | ${fmt(r.steady)} | ${(r.steady / db0.steady).toFixed(2)} | ${(r.steady / producer.steady).toFixed(2)} |`);
  }
} finally {
  await worker?.stop();
  if (worker) await rm(worker.workDir, { recursive: true, force: true });
  await broker.stop();
  await client.end();
  await db.drop();
}
