// What the JDBC benchmarks share: arguments, the benchmark rows, a producer, topic end offsets,
// and waiting for a count with a steady-state rate. Needs the build (`npm run build`, including
// `npx tsc -b test` for the worker process helper).
import { KafkaJS } from '@confluentinc/kafka-javascript';
import { repoRoot } from '@tsconnect/testinfra';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const DEBEZIUM_JDBC = 'io.debezium:debezium-connector-jdbc:3.2.0.Final:tar.gz:plugin';

export function intArg(name, fallback) {
  const match = process.argv.map((a) => new RegExp(`^--${name}=(\\d+)$`).exec(a)).find(Boolean);
  return match ? Number(match[1]) : fallback;
}

export function stringArg(name, fallback = undefined) {
  const match = process.argv.map((a) => new RegExp(`^--${name}=(.+)$`).exec(a)).find(Boolean);
  return match ? match[1] : fallback;
}

export function listArg(name, fallback) {
  return stringArg(name)?.split(',') ?? fallback;
}

export function flag(name) {
  return process.argv.includes(`--${name}`);
}

/** The benchmark row: six columns of the usual kinds. */
export function benchRow(i) {
  return { id: i, name: `customer-${i}`, amount: (i % 100_000) / 100, qty: i % 1000, created: 1_700_000_000_000 + i * 1000, active: i % 3 === 0 };
}

const field = (name, type, extra = {}) => ({ type, optional: false, field: name, ...extra });
export const KEY_SCHEMA = { type: 'struct', name: 'bench.Key', optional: false, fields: [field('id', 'int64')] };
export const VALUE_SCHEMA = {
  type: 'struct',
  name: 'bench.Row',
  optional: false,
  fields: [
    field('id', 'int64'),
    field('name', 'string'),
    field('amount', 'double'),
    field('qty', 'int32'),
    field('created', 'int64', { name: 'org.apache.kafka.connect.data.Timestamp', version: 1 }),
    field('active', 'boolean'),
  ],
};

/** A record as JsonConverter (schemas.enable=true) reads it. */
export function jsonMessage(i) {
  const row = benchRow(i);
  return { key: JSON.stringify({ schema: KEY_SCHEMA, payload: { id: i } }), value: JSON.stringify({ schema: VALUE_SCHEMA, payload: row }) };
}

export function kafka(bootstrapServers) {
  return new KafkaJS.Kafka({ kafkaJS: { brokers: [bootstrapServers], logLevel: KafkaJS.logLevel.ERROR } });
}

export async function createTopic(bootstrapServers, topic, partitions = 1) {
  const admin = kafka(bootstrapServers).admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }] });
  await admin.disconnect();
}

/** Produces `rows` messages made by `make(i)`, in batches, with several sends in flight; returns seconds. */
export async function produceAll(bootstrapServers, topic, rows, make) {
  const producer = kafka(bootstrapServers).producer({ kafkaJS: { acks: -1 }, 'linger.ms': 20 });
  await producer.connect();
  const started = performance.now();
  const BATCH = 5000;
  let inFlight = [];
  for (let i = 0; i < rows; i += BATCH) {
    const messages = [];
    for (let j = i; j < Math.min(rows, i + BATCH); j++) messages.push(await make(j));
    inFlight.push(producer.send({ topic, messages }));
    if (inFlight.length >= 8) {
      await Promise.all(inFlight);
      inFlight = [];
    }
  }
  await Promise.all(inFlight);
  const seconds = (performance.now() - started) / 1000;
  await producer.disconnect();
  return seconds;
}

export async function endOffsets(bootstrapServers, topics) {
  const admin = kafka(bootstrapServers).admin();
  await admin.connect();
  let total = 0;
  for (const topic of topics) for (const p of await admin.fetchTopicOffsets(topic)) total += Number(p.high);
  await admin.disconnect();
  return total;
}

/**
 * Waits until count() reaches `target`; returns the time from `since` and the steady rate from the
 * first progress seen (which leaves out task start-up).
 */
export async function waitForCount(count, target, since, pollMs = 250) {
  let first = null;
  for (;;) {
    const n = await count();
    const now = performance.now();
    if (first === null && n > 0) first = { n, at: now };
    if (n >= target) {
      const total = (now - since) / 1000;
      const steady = first && now > first.at ? (n - first.n) / ((now - first.at) / 1000) : target / total;
      return { seconds: total, rowsPerSecond: target / total, steadyRowsPerSecond: steady };
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

export function fmt(n) {
  return Math.round(n).toLocaleString('en-US');
}

/** Debezium's JDBC sink plugin directory for the Java worker, fetched from Maven Central once. */
export function debeziumPluginPath() {
  const dir = join(repoRoot(), 'var', 'bench', 'debezium-jdbc');
  if (!existsSync(join(dir, 'debezium-connector-jdbc'))) {
    execFileSync('mvn', ['-q', '-B', 'dependency:unpack', `-Dartifact=${DEBEZIUM_JDBC}`, `-DoutputDirectory=${dir}`, '-Dmdep.overWriteReleases=true'], { stdio: 'inherit', cwd: '/tmp' });
  }
  return dir;
}
