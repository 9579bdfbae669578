import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withConnectorContext } from '../../src/logging/connector-context.js';
import { Loggers } from '../../src/logging/loggers.js';
import { applyObservabilityConfig } from '../../src/metrics/observability-config.js';
import { ConnectMetrics } from '../../src/metrics/connect-metrics.js';

function capture(): { loggers: Loggers; lines: string[] } {
  const lines: string[] = [];
  return { loggers: new Loggers('INFO', { write: (line) => lines.push(line) }), lines };
}

describe('log lines', () => {
  it("carry the connector context in Kafka's plain pattern, across awaits", async () => {
    const { loggers, lines } = capture();
    const log = loggers.get('org.apache.kafka.connect.runtime.WorkerSinkTask');
    log.info('outside');
    await withConnectorContext({ connector: 'orders', task: 3 }, async () => {
      await new Promise((r) => setTimeout(r, 1));
      log.info('in the task');
    });
    withConnectorContext({ connector: 'orders', task: null }, () => log.info('in the connector'));
    assert.match(lines[0]!, /^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\] INFO outside \(org\.apache\.kafka\.connect\.runtime\.WorkerSinkTask\)\n$/);
    assert.match(lines[1]!, /\] INFO \[orders\|task-3\] in the task \(org\.apache\.kafka\.connect\.runtime\.WorkerSinkTask\)\n$/);
    assert.match(lines[2]!, /\] INFO \[orders\|worker\] in the connector \(/);
  });

  it('are one JSON object each with log.format=json, the context and the stack as fields', () => {
    const { loggers, lines } = capture();
    applyObservabilityConfig({ 'log.format': 'json', 'metrics.enabled': 'false' }, new ConnectMetrics(), loggers);
    const log = loggers.get('x.y');
    withConnectorContext({ connector: 'orders', task: 0 }, () => log.error('failed', new Error('boom', { cause: new TypeError('inner') })));
    withConnectorContext({ connector: 'orders', task: null }, () => log.warn('connector says'));
    const first = JSON.parse(lines[0]!);
    assert.equal(lines[0]!.endsWith('}\n'), true);
    assert.deepEqual(Object.keys(first), ['timestamp', 'level', 'logger', 'message', 'connector', 'task', 'stack_trace']);
    assert.equal(first.level, 'ERROR');
    assert.equal(first.logger, 'x.y');
    assert.equal(first.connector, 'orders');
    assert.equal(first.task, 0);
    assert.match(first.stack_trace, /boom[\s\S]*\n\tat [\s\S]*Caused by: .*inner/);
    const second = JSON.parse(lines[1]!);
    assert.equal(second.scope, 'worker');
    assert.equal(second.task, undefined);
  });

  it('refuse an unknown log.format, naming the key', () => {
    assert.throws(() => applyObservabilityConfig({ 'log.format': 'xml' }, new ConnectMetrics(), new Loggers()), /log\.format/);
  });

  it('follow a level change at once', () => {
    const { loggers, lines } = capture();
    const log = loggers.get('org.example.plugin.Task');
    log.debug('hidden');
    loggers.setLevel('org.example', 'DEBUG');
    log.debug('shown');
    loggers.setLevel('org.example', 'INFO');
    log.debug('hidden again');
    assert.deepEqual(lines.map((l) => /DEBUG (\w+)/.exec(l)?.[1]), ['shown']);
  });
});
