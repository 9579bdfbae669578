// The console's metric reading runs in the browser; these modules touch no DOM, so node runs them as they ship.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CONSOLE_DIR } from '../../src/rest/console-resource.js';

interface Sample { name: string; labels: Record<string, string>; value: number }
interface Point { at: number; in: number; out: number }
interface TaskFigures { in: number; out: number; counts: Record<string, number>; history: Point[] }
interface TaskMetricsClass {
  new (): {
    record(text: string, at: number): void;
    connector(name: string): TaskFigures | null;
    task(name: string, task: number): TaskFigures | null;
    history: Point[];
    worker: Record<string, number>;
  };
}

const { parsePrometheus } = (await import(`${CONSOLE_DIR}js/prometheus.js`)) as { parsePrometheus(text: string): Sample[] };
const { TaskMetrics, HISTORY_MS } = (await import(`${CONSOLE_DIR}js/task-metrics.js`)) as { TaskMetrics: TaskMetricsClass; HISTORY_MS: number };

function scrape(sourcePolled: number, sourceWritten: number, sinkRead: number, extra = ''): string {
  return [
    '# HELP kafka_connect_source_task_source_record_poll_total The total number of records polled.',
    '# TYPE kafka_connect_source_task_source_record_poll_total gauge',
    `kafka_connect_source_task_source_record_poll_total{connector="src",task="0"} ${sourcePolled}`,
    `kafka_connect_source_task_source_record_write_total{connector="src",task="0"} ${sourceWritten}`,
    `kafka_connect_sink_task_sink_record_read_total{connector="sink",task="0"} ${sinkRead}`,
    `kafka_connect_sink_task_sink_record_send_total{connector="sink",task="0"} ${sinkRead}`,
    'kafka_connect_sink_task_sink_record_active_count{connector="sink",task="0"} 7',
    'kafka_connect_task_error_deadletterqueue_produce_requests{connector="sink",task="0"} 2',
    'kafka_connect_worker_rebalance_epoch 5',
    extra,
  ].join('\n');
}

describe('console: reading /metrics', () => {
  it('parses names, labels (with escapes) and values, skipping comments', () => {
    const samples = parsePrometheus('# HELP x y\nm_total{connector="a \\"b\\"",task="0"} 12.5\nplain 3\n');
    assert.deepEqual(samples, [
      { name: 'm_total', labels: { connector: 'a "b"', task: '0' }, value: 12.5 },
      { name: 'plain', labels: {}, value: 3 },
    ]);
  });

  it('records/s in and out come from the totals between two scrapes', () => {
    const metrics = new TaskMetrics();
    metrics.record(scrape(100, 90, 50), 10_000);
    assert.equal(metrics.connector('src')!.history.length, 0);
    metrics.record(scrape(300, 290, 150), 12_000);
    const src = metrics.connector('src')!;
    assert.deepEqual([src.in, src.out], [100, 100]);
    assert.equal(metrics.connector('sink')!.in, 50);
    assert.deepEqual(metrics.history.at(-1), { at: 12_000, in: 150, out: 150 });
  });

  it('keeps a sink\'s uncommitted records, DLQ writes and the worker\'s generation', () => {
    const metrics = new TaskMetrics();
    metrics.record(scrape(0, 0, 0), 1000);
    assert.equal(metrics.task('sink', 0)!.counts.uncommitted, 7);
    assert.equal(metrics.connector('sink')!.counts.dlq, 2);
    assert.equal(metrics.worker.generation, 5);
  });

  it('a restarted task (totals back near zero) counts from zero, never a negative rate', () => {
    const metrics = new TaskMetrics();
    metrics.record(scrape(1000, 1000, 0), 0);
    metrics.record(scrape(10, 10, 0), 1000);
    assert.equal(metrics.connector('src')!.in, 10);
  });

  it('forgets samples older than the chart shows, and tasks gone from /metrics', () => {
    const metrics = new TaskMetrics();
    for (let at = 0; at <= HISTORY_MS + 10_000; at += 2000) metrics.record(scrape(at, at, at), at);
    assert.ok(metrics.connector('src')!.history.every((p) => p.at >= 10_000));
    metrics.record('kafka_connect_worker_rebalance_epoch 6', HISTORY_MS + 12_000);
    assert.equal(metrics.connector('src'), null);
  });
});
