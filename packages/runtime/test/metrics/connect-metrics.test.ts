import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConnectMetrics } from '../../src/metrics/connect-metrics.js';
import { ErrorHandlingMetrics } from '../../src/worker/errors/error-handling-metrics.js';

function value(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  if (line === undefined) return undefined;
  const sample = line.slice(series.length + 1);
  return sample === '+Inf' ? Number.POSITIVE_INFINITY : Number(sample);
}

function enabled(): ConnectMetrics {
  const metrics = new ConnectMetrics();
  metrics.configure({ enabled: true, window: { windowMs: 30_000, numSamples: 2 } });
  return metrics;
}

describe('ConnectMetrics', () => {
  it("renders task metrics under Kafka's names with connector and task labels", async () => {
    const metrics = enabled();
    const sink = metrics.addSinkTask({ connector: 'orders', task: 0 })!;
    sink.recordRead(5);
    sink.recordPut(4, 12);
    sink.recordState('running');
    sink.errors = new ErrorHandlingMetrics();
    sink.errors.recordError();
    const source = metrics.addSourceTask({ connector: 'rows', task: 2 })!;
    source.recordPoll(7, 3);
    source.recordWrite(7);
    const text = await metrics.text();
    assert.equal(value(text, 'kafka_connect_sink_task_sink_record_read_total{connector="orders",task="0"}'), 5);
    assert.equal(value(text, 'kafka_connect_sink_task_sink_record_send_total{connector="orders",task="0"}'), 4);
    assert.equal(value(text, 'kafka_connect_sink_task_put_batch_max_time_ms{connector="orders",task="0"}'), 12);
    assert.equal(value(text, 'kafka_connect_connector_task_batch_size_avg{connector="orders",task="0"}'), 4);
    assert.equal(value(text, 'kafka_connect_connector_task_status{connector="orders",task="0",status="running"}'), 1);
    assert.equal(value(text, 'kafka_connect_task_error_total_record_errors{connector="orders",task="0"}'), 1);
    assert.equal(value(text, 'kafka_connect_task_error_total_record_errors{connector="rows",task="2"}'), undefined, 'no error metrics without an operator');
    assert.equal(value(text, 'kafka_connect_source_task_source_record_poll_total{connector="rows",task="2"}'), 7);
    assert.equal(value(text, 'kafka_connect_source_task_source_record_write_total{connector="rows",task="2"}'), 7);
    assert.equal(value(text, 'kafka_connect_sink_task_sink_record_read_total{connector="rows",task="2"}'), undefined, 'sink metrics only for sinks');
    assert.equal(value(text, 'kafka_connect_worker_task_count'), 2);
    assert.match(text, /^# HELP kafka_connect_sink_task_sink_record_read_total .*\(Kafka: sink-task-metrics sink-record-read-total\)$/m);
    assert.match(text, /^process_cpu_user_seconds_total /m, 'Node process metrics');
  });

  it('keeps a task registered until it is removed, and a newer instance survives the removal of the older', async () => {
    const metrics = enabled();
    const first = metrics.addSinkTask({ connector: 'c', task: 0 })!;
    const second = metrics.addSinkTask({ connector: 'c', task: 0 })!;
    second.recordRead(3);
    metrics.removeTask(first);
    assert.equal(value(await metrics.text(), 'kafka_connect_sink_task_sink_record_read_total{connector="c",task="0"}'), 3);
    metrics.removeTask(second);
    assert.equal(value(await metrics.text(), 'kafka_connect_sink_task_sink_record_read_total{connector="c",task="0"}'), undefined);
  });

  it('counts connectors by status and rebalances as the herder reports them', async () => {
    const metrics = enabled();
    metrics.recordConnectorState('a', 'running');
    metrics.recordConnectorState('b', 'failed');
    metrics.recordConnectorState('c', 'stopped');
    const now = Date.now();
    metrics.rebalance.rebalanceStarted(now - 250);
    let text = await metrics.text();
    assert.equal(value(text, 'kafka_connect_worker_rebalance_rebalancing'), 1);
    assert.equal(value(text, 'kafka_connect_worker_rebalance_time_since_last_rebalance_ms'), Number.POSITIVE_INFINITY);
    metrics.rebalance.rebalanceSucceeded(4, 'http://leader:8083/', now);
    text = await metrics.text();
    assert.equal(value(text, 'kafka_connect_connector_status{connector="a",status="running"}'), 1);
    assert.equal(value(text, 'kafka_connect_connector_status{connector="b",status="failed"}'), 1);
    assert.equal(value(text, 'kafka_connect_worker_connector_count'), 2, 'stopped connectors do not run');
    assert.equal(value(text, 'kafka_connect_worker_rebalance_completed_rebalances_total'), 1);
    assert.equal(value(text, 'kafka_connect_worker_rebalance_rebalancing'), 0);
    assert.equal(value(text, 'kafka_connect_worker_rebalance_epoch'), 4);
    assert.equal(value(text, 'kafka_connect_worker_rebalance_rebalance_avg_time_ms'), 250);
    metrics.recordConnectorState('a', null);
    assert.equal(value(await metrics.text(), 'kafka_connect_worker_connector_count'), 1);
  });

  it('registers nothing when disabled', () => {
    const metrics = new ConnectMetrics();
    metrics.configure({ enabled: false, window: { windowMs: 30_000, numSamples: 2 } });
    assert.equal(metrics.enabled, false);
    assert.equal(metrics.addSinkTask({ connector: 'c', task: 0 }), null);
    assert.equal(metrics.addSourceTask({ connector: 'c', task: 0 }), null);
  });
});
