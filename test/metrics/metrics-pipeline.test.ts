// Issue 11's proof on a real broker: GET /metrics counts what a file source and a file sink
// moved, the error and dead letter queue counters move for a poison record, a failing task
// logs its cause once, and a logger level changed through /admin/loggers applies at once.
import { KafkaBroker } from '@tsconnect/testinfra';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { eventually, rest, WorkerProcess } from '../support/worker-process.js';
import { metricValue } from './prometheus-text.js';

let broker: KafkaBroker;
let worker: WorkerProcess;

async function lineCount(file: string): Promise<number> {
  if (!existsSync(file)) return 0;
  const text = await readFile(file, 'utf8');
  return text.length === 0 ? 0 : text.replace(/\n$/, '').split('\n').length;
}

async function scrape(): Promise<string> {
  const response = await fetch(`${worker.url}/metrics`);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^text\/plain/);
  return response.text();
}

/** Waits until the series has the value `expected` and returns the whole exposition. */
async function waitForMetric(name: string, labels: Record<string, string>, expected: number): Promise<string> {
  let last: number | undefined;
  try {
    return await eventually(`${name} ${JSON.stringify(labels)} = ${expected}`, async () => {
      const text = await scrape();
      last = metricValue(text, name, labels);
      return last === expected ? text : undefined;
    });
  } catch (error) {
    throw new Error(`${String(error)} (last value ${last})`);
  }
}

async function workerLog(): Promise<string> {
  return readFile(join(worker.workDir, 'worker.log'), 'utf8');
}

/** Creates a connector; a 409 (the group is still rebalancing) is Kafka's "try again". */
async function create(name: string, config: Record<string, string>): Promise<void> {
  const answer = await eventually(`POST /connectors ${name} past 409`, async () => {
    const a = await rest(worker.url, 'POST', '/connectors', { name, config });
    return a.status === 409 ? undefined : a;
  });
  assert.equal(answer.status, 201, JSON.stringify(answer.body));
}

before(async () => {
  broker = await KafkaBroker.start();
  worker = await WorkerProcess.create({ bootstrapServers: broker.bootstrapServers });
  await worker.start();
});

after(async () => {
  await worker?.stop();
  await broker?.stop();
  if (worker) await rm(worker.workDir, { recursive: true, force: true });
});

describe('GET /metrics', () => {
  const lines = 3000;
  const task = (connector: string) => ({ connector, task: '0' });

  test('the rebalance metrics move after a connector is added', async () => {
    const REBALANCES = 'kafka_connect_worker_rebalance_completed_rebalances_total';
    const before = metricValue(await scrape(), REBALANCES);
    assert.ok(before !== undefined && before >= 1, `${REBALANCES} after start-up: ${before}`);
    await create('rebalance-probe', { 'connector.class': 'FileStreamSink', file: join(worker.workDir, 'probe.txt'), topics: 'probe' });
    const text = await eventually(`${REBALANCES} above ${before}`, async () => {
      const t = await scrape();
      return (metricValue(t, REBALANCES) ?? 0) > before ? t : undefined;
    });
    assert.equal(metricValue(text, 'kafka_connect_worker_rebalance_rebalancing'), 0);
    assert.ok((metricValue(text, 'kafka_connect_worker_rebalance_time_since_last_rebalance_ms') ?? -1) >= 0);
    assert.equal((await rest(worker.url, 'DELETE', '/connectors/rebalance-probe')).status, 204);
  });

  test('the record counts of a source and a sink pipeline equal the records moved', async () => {
    const input = join(worker.workDir, 'metrics-input.txt');
    const output = join(worker.workDir, 'metrics-output.txt');
    await writeFile(input, Array.from({ length: lines }, (_, i) => `line-${i}\n`).join(''));
    await create('m-source', { 'connector.class': 'FileStreamSource', file: input, topic: 'm-lines' });
    await create('m-sink', { 'connector.class': 'FileStreamSink', file: output, topics: 'm-lines' });
    await eventually('every line in the sink file', async () => ((await lineCount(output)) >= lines ? true : undefined));
    assert.equal(await lineCount(output), lines);

    await waitForMetric('kafka_connect_source_task_source_record_write_total', task('m-source'), lines);
    const text = await waitForMetric('kafka_connect_sink_task_sink_record_send_total', task('m-sink'), lines);
    assert.equal(metricValue(text, 'kafka_connect_source_task_source_record_poll_total', task('m-source')), lines);
    assert.equal(metricValue(text, 'kafka_connect_sink_task_sink_record_read_total', task('m-sink')), lines);
    assert.equal(metricValue(text, 'kafka_connect_sink_task_partition_count', task('m-sink')), 1);
    assert.equal(metricValue(text, 'kafka_connect_connector_task_status', { ...task('m-sink'), status: 'running' }), 1);
    assert.equal(metricValue(text, 'kafka_connect_connector_task_status', { ...task('m-source'), status: 'running' }), 1);
    assert.ok(metricValue(text, 'kafka_connect_connector_task_running_ratio', task('m-sink'))! > 0);
    assert.equal(metricValue(text, 'kafka_connect_worker_connector_total_task_count', { connector: 'm-sink' }), 1);
    assert.equal(metricValue(text, 'kafka_connect_task_error_total_record_errors', task('m-sink')), 0);
    // The batches the sink put add up to the lines (batch-size-max is at most all of them).
    assert.ok(metricValue(text, 'kafka_connect_connector_task_batch_size_max', task('m-sink'))! <= lines);
    // The sink commits every second (offset.flush.interval.ms=1000): commits complete, and once
    // everything is committed no record is active.
    const committed = await eventually('a commit with nothing left active', async () => {
      const t = await scrape();
      const done = metricValue(t, 'kafka_connect_sink_task_offset_commit_completion_total', task('m-sink')) ?? 0;
      return done > 0 && metricValue(t, 'kafka_connect_sink_task_sink_record_active_count', task('m-sink')) === 0 ? t : undefined;
    });
    assert.equal(metricValue(committed, 'kafka_connect_connector_task_offset_commit_success_percentage', task('m-sink')), 1);
    // Node process metrics come with them.
    assert.ok(metricValue(text, 'process_cpu_user_seconds_total')! > 0);
    assert.ok(metricValue(text, 'nodejs_heap_size_used_bytes')! > 0);
  });

  test('a poison record sent to the dead letter queue moves the error and DLQ counters', async () => {
    const input = join(worker.workDir, 'poison-input.txt');
    const output = join(worker.workDir, 'poison-output.txt');
    // Written as strings, read back with the JsonConverter: the middle line is no JSON.
    await writeFile(input, '{"n":1}\nnot json\n{"n":2}\n');
    await create('poison-source', {
      'connector.class': 'FileStreamSource',
      file: input,
      topic: 'poison',
      'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
    });
    await create('poison-sink', {
      'connector.class': 'FileStreamSink',
      file: output,
      topics: 'poison',
      'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
      'value.converter.schemas.enable': 'false',
      'errors.tolerance': 'all',
      'errors.deadletterqueue.topic.name': 'poison-dlq',
      'errors.deadletterqueue.topic.replication.factor': '1',
    });
    const sink = task('poison-sink');
    const text = await waitForMetric('kafka_connect_task_error_deadletterqueue_produce_requests', sink, 1);
    assert.equal(metricValue(text, 'kafka_connect_task_error_total_record_errors', sink), 1);
    assert.equal(metricValue(text, 'kafka_connect_task_error_total_record_failures', sink), 1);
    assert.equal(metricValue(text, 'kafka_connect_task_error_total_records_skipped', sink), 1);
    assert.equal(metricValue(text, 'kafka_connect_task_error_deadletterqueue_produce_failures', sink), 0);
    const lastError = metricValue(text, 'kafka_connect_task_error_last_error_timestamp', sink)!;
    assert.ok(lastError > Date.now() - 600_000 && lastError <= Date.now(), `last-error-timestamp ${lastError}`);
    const moved = await waitForMetric('kafka_connect_sink_task_sink_record_send_total', sink, 2);
    assert.equal(metricValue(moved, 'kafka_connect_sink_task_sink_record_read_total', sink), 3);
    await eventually('the two good records in the sink file', async () => ((await lineCount(output)) === 2 ? true : undefined));
  });

  test('a task failing on the poison record logs its cause once, with the stack', async () => {
    const cause = /^Caused by: org\.apache\.kafka\.connect\.errors\.DataException/gm;
    const before = ((await workerLog()).match(cause) ?? []).length;
    await create('strict-sink', {
      'connector.class': 'FileStreamSink',
      file: join(worker.workDir, 'strict-output.txt'),
      topics: 'poison',
      'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
      'value.converter.schemas.enable': 'false',
    });
    const text = await waitForMetric('kafka_connect_connector_task_status', { ...task('strict-sink'), status: 'failed' }, 1);
    assert.equal(metricValue(text, 'kafka_connect_task_error_total_record_errors', task('strict-sink')), 1);
    const log = await eventually('the failure in the log', async () => {
      const l = await workerLog();
      return l.includes('[strict-sink|task-0]') && (l.match(cause) ?? []).length > before ? l : undefined;
    });
    const failures = log.split('\n').filter((l) => l.includes('[strict-sink|task-0]') && l.includes('Task threw an uncaught and unrecoverable exception'));
    assert.equal(failures.length, 1, failures.join('\n'));
    assert.equal((log.match(cause) ?? []).length - before, 1);
    const at = log.indexOf(failures[0]!);
    assert.match(log.slice(at, at + 4000), /\n\tat /, 'the stack follows the line');
  });
});

describe('/admin/loggers at run time', () => {
  const namespace = 'org.apache.kafka.connect.runtime.Worker';
  const debugLine = /^\[[^\]]+\] DEBUG \[m-sink\|task-0\] .*\(org\.apache\.kafka\.connect\.runtime\.Worker\)$/gm;

  async function commitSeqNo(): Promise<number> {
    return metricValue(await scrape(), 'kafka_connect_sink_task_offset_commit_seq_no', { connector: 'm-sink', task: '0' }) ?? 0;
  }

  /** Waits for `count` more offset commits of the sink (one a second), i.e. chances to log. */
  async function commits(count: number): Promise<void> {
    const from = await commitSeqNo();
    await eventually(`${count} more commits`, async () => ((await commitSeqNo()) >= from + count ? true : undefined));
  }

  test("the sink task's debug lines appear at DEBUG, with its context, and stop at INFO", async () => {
    assert.equal(((await workerLog()).match(debugLine) ?? []).length, 0, 'no debug lines at the default INFO');
    const set = await rest<string[]>(worker.url, 'PUT', `/admin/loggers/${namespace}`, { level: 'DEBUG' });
    assert.equal(set.status, 200);
    assert.ok(set.body.includes(namespace));
    await eventually('debug lines of the sink task', async () => (((await workerLog()).match(debugLine) ?? []).length > 0 ? true : undefined));
    const level = await rest<{ level: string }>(worker.url, 'GET', `/admin/loggers/${namespace}`);
    assert.equal(level.body.level, 'DEBUG');

    assert.equal((await rest(worker.url, 'PUT', `/admin/loggers/${namespace}`, { level: 'INFO' })).status, 200);
    await commits(2);
    const settled = ((await workerLog()).match(debugLine) ?? []).length;
    await commits(3);
    assert.equal(((await workerLog()).match(debugLine) ?? []).length, settled, 'no debug lines after the change back to INFO');
  });
});
