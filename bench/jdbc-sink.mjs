// JDBC sink throughput into PostgreSQL through our worker: insert and upsert of N JSON-with-schema
// records (one topic, one partition, one task), next to PostgreSQL's own COPY of the same rows
// from Node (pg-copy-streams), with --avro an Avro run of the insert (Apicurio registry,
// io.confluent.connect.avro.AvroConverter), and with --java the same insert and upsert by Kafka's
// Java worker running Debezium's JDBC sink (io.debezium:debezium-connector-jdbc from Maven Central,
// unpacked by mvn into var/bench/debezium-jdbc). Both workers read the same topic with
// max.poll.records=5000 and write batches of up to 3000 rows. Starts its own broker (and
// registry); uses the local PostgreSQL with a throw-away database. Needs the build, test
// workspace included.
//
//   node bench/jdbc-sink.mjs [--rows=1000000] [--avro] [--java]
//
// Prints rows/s for each run and the ratios to COPY; the figures go to docs/benchmarks.md.
import { SchemaBuilder, Struct, Timestamp } from '@tsconnect/api';
import { AvroConverter } from '@tsconnect/registry-converters';
import { ApicurioRegistry, createPostgresDatabase, JavaConnectWorker, KafkaBroker } from '@tsconnect/testinfra';
import { rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { rest, WorkerProcess } from '../test/dist/support/worker-process.js';
import { benchRow, createTopic, debeziumPluginPath, flag, fmt, intArg, jsonMessage, produceAll, waitForCount } from './jdbc-bench-support.mjs';

const rows = intArg('rows', 1_000_000);
const withAvro = flag('avro');
const withJava = flag('java');

const broker = await KafkaBroker.start();
const db = await createPostgresDatabase('tsc_bench_sink');
const client = new pg.Client({ host: db.host, port: db.port, user: db.user, password: db.password, database: db.database });
await client.connect();
let registry;
let worker;
let javaWorker;
let workDir;
const results = [];

function report(name, result) {
  results.push({ name, ...result });
  console.log(`${name}: ${fmt(result.rowsPerSecond)} rows/s overall (${result.seconds.toFixed(1)} s), ${fmt(result.steadyRowsPerSecond)} rows/s steady`);
}

async function count(table) {
  try {
    return Number((await client.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
  } catch {
    return 0;
  }
}

async function runConnector(url, name, table, config) {
  const since = performance.now();
  let answer = await rest(url, 'POST', '/connectors', { name, config });
  while (answer.status === 409) { // the worker's group is still forming
    await new Promise((r) => setTimeout(r, 200));
    answer = await rest(url, 'POST', '/connectors', { name, config });
  }
  if (answer.status !== 201) throw new Error(JSON.stringify(answer.body));
  const result = await waitForCount(() => count(table), rows, since);
  await rest(url, 'DELETE', `/connectors/${name}`);
  return result;
}

function runSink(name, topic, table, extra) {
  return runConnector(worker.url, name, table, {
    'connector.class': 'io.confluent.connect.jdbc.JdbcSinkConnector',
    'tasks.max': '1',
    topics: topic,
    'connection.url': db.jdbcUrl,
    'connection.user': db.user,
    'connection.password': db.password,
    'table.name.format': table,
    'auto.create': 'true',
    'consumer.override.max.poll.records': '5000',
    ...extra,
  });
}

function runDebeziumSink(name, topic, table, extra) {
  return runConnector(javaWorker.url, name, table, {
    'connector.class': 'io.debezium.connector.jdbc.JdbcSinkConnector',
    'tasks.max': '1',
    topics: topic,
    'connection.url': db.jdbcUrl,
    'connection.username': db.user,
    'connection.password': db.password,
    'table.name.format': table,
    'schema.evolution': 'basic',
    'batch.size': '3000',
    'consumer.override.max.poll.records': '5000',
    ...extra,
  });
}

try {
  await createTopic(broker.bootstrapServers, 'bench-json');
  const produced = await produceAll(broker.bootstrapServers, 'bench-json', rows, jsonMessage);
  console.log(`produced ${fmt(rows)} JSON records in ${produced.toFixed(1)} s`);

  worker = await WorkerProcess.create({ bootstrapServers: broker.bootstrapServers });
  workDir = worker.workDir;
  await worker.start();

  report('insert (JSON)', await runSink('bench-insert', 'bench-json', 'bench_insert', { 'insert.mode': 'insert' }));
  report('upsert (JSON)', await runSink('bench-upsert', 'bench-json', 'bench_upsert', {
    'insert.mode': 'upsert', 'pk.mode': 'record_key', 'pk.fields': 'id',
  }));

  // The database alone: COPY of the same rows into a table of the same shape.
  await client.query(`CREATE TABLE bench_copy (LIKE bench_insert INCLUDING ALL)`);
  const copyStarted = performance.now();
  const stream = client.query(copyStreams.from('COPY bench_copy (id, name, amount, qty, created, active) FROM STDIN'));
  async function* lines() {
    let chunk = '';
    for (let i = 0; i < rows; i++) {
      const r = benchRow(i);
      chunk += `${r.id}\t${r.name}\t${r.amount}\t${r.qty}\t${new Date(r.created).toISOString().replace('T', ' ').replace('Z', '')}\t${r.active}\n`;
      if (chunk.length > 65536) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk) yield chunk;
  }
  await pipeline(Readable.from(lines()), stream);
  const copySeconds = (performance.now() - copyStarted) / 1000;
  report('COPY (PostgreSQL alone)', { seconds: copySeconds, rowsPerSecond: rows / copySeconds, steadyRowsPerSecond: rows / copySeconds });

  if (withAvro) {
    registry = await ApicurioRegistry.start();
    const schema = SchemaBuilder.struct().withName('bench.Row')
      .addField('id', SchemaBuilder.int64().build())
      .addField('name', SchemaBuilder.string().build())
      .addField('amount', SchemaBuilder.float64().build())
      .addField('qty', SchemaBuilder.int32().build())
      .addField('created', Timestamp.SCHEMA)
      .addField('active', SchemaBuilder.bool().build())
      .build();
    const converter = new AvroConverter();
    converter.configure({ 'schema.registry.url': registry.url }, false);
    await createTopic(broker.bootstrapServers, 'bench-avro');
    const avroProduced = await produceAll(broker.bootstrapServers, 'bench-avro', rows, async (i) => {
      const r = benchRow(i);
      const value = new Struct(schema).put('id', BigInt(r.id)).put('name', r.name).put('amount', r.amount).put('qty', r.qty)
        .put('created', new Date(r.created)).put('active', r.active);
      return { key: null, value: Buffer.from(await converter.fromConnectData('bench-avro', null, schema, value)) };
    });
    console.log(`produced ${fmt(rows)} Avro records in ${avroProduced.toFixed(1)} s`);
    report('insert (Avro)', await runSink('bench-avro-insert', 'bench-avro', 'bench_avro', {
      'insert.mode': 'insert',
      'value.converter': 'io.confluent.connect.avro.AvroConverter',
      'value.converter.schema.registry.url': registry.url,
    }));
  }

  if (withJava) {
    await worker.stop();
    worker = undefined;
    javaWorker = await JavaConnectWorker.start({ bootstrapServers: broker.bootstrapServers, properties: { 'plugin.path': debeziumPluginPath() }, jvm: 'connect-distributed' });
    report('Java worker + Debezium JDBC sink, insert (JSON)', await runDebeziumSink('dbz-insert', 'bench-json', 'dbz_insert', { 'insert.mode': 'insert' }));
    report('Java worker + Debezium JDBC sink, upsert (JSON)', await runDebeziumSink('dbz-upsert', 'bench-json', 'dbz_upsert', {
      'insert.mode': 'upsert', 'primary.key.mode': 'record_key', 'primary.key.fields': 'id',
    }));
  }

  const copy = results.find((r) => r.name.startsWith('COPY'));
  console.log(`\n${fmt(rows)} rows; ratio = steady rows/s divided by COPY's`);
  for (const r of results) console.log(`| ${r.name} | ${fmt(r.steadyRowsPerSecond)} | ${(r.steadyRowsPerSecond / copy.steadyRowsPerSecond).toFixed(2)} |`);
} finally {
  await worker?.stop();
  await javaWorker?.stop();
  await registry?.stop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
  await broker.stop();
  await client.end();
  await db.drop();
}
