import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DataException, SourceRecord } from '@tsconnect/api';
import { ErrorHandlingMetrics } from '../../../src/worker/errors/error-handling-metrics.js';
import { LogReporter } from '../../../src/worker/errors/log-reporter.js';
import { ProcessingContext } from '../../../src/worker/errors/processing-context.js';
import { Stage } from '../../../src/worker/errors/stage.js';
import type { WorkerLog } from '../../../src/worker/worker-log.js';

function capture() {
  const lines: [string, unknown][] = [];
  const log: WorkerLog = { debug() {}, info() {}, warn() {}, error: (m, e) => lines.push([m, e]) };
  return { lines, log };
}

function failed<T extends ProcessingContext['original']>(original: T) {
  const context = new ProcessingContext(original);
  context.currentContext(Stage.VALUE_CONVERTER, 'org.apache.kafka.connect.json.JsonConverter');
  context.error = new DataException('bad');
  return context;
}

const consumed = {
  topic: 'orders', partition: 2, offset: 41, key: null, value: null, headers: [], timestamp: 1000, timestampType: 'CreateTime' as const,
};

describe('LogReporter', () => {
  it('logs nothing unless errors.log.enable', async () => {
    const { lines, log } = capture();
    await new LogReporter({ connector: 'c', task: 0 }, { enabled: false, includeMessages: true }, new ErrorHandlingMetrics(), log).report(failed(consumed));
    assert.deepEqual(lines, []);
  });

  it('words the line as Kafka does and names the record, without its contents by default', async () => {
    const { lines, log } = capture();
    const metrics = new ErrorHandlingMetrics();
    const context = failed(consumed);
    await new LogReporter({ connector: 'c', task: 3 }, { enabled: true, includeMessages: false }, metrics, log).report(context);
    assert.deepEqual(lines, [[
      "Error encountered in task c-3. Executing stage 'VALUE_CONVERTER' with class 'org.apache.kafka.connect.json.JsonConverter', " +
        "where consumed record is {topic='orders', partition=2, offset=41, timestamp=1000, timestampType=CreateTime}.",
      context.error,
    ]]);
    assert.equal(metrics.errorsLogged, 1);
    const source = new SourceRecord({ topic: 't', value: 'secret', sourcePartition: { table: 'orders' }, sourceOffset: { id: 5 }, timestamp: 7 });
    const line = new LogReporter({ connector: 'c', task: 0 }, { enabled: true, includeMessages: false }, metrics).message(failed(source));
    assert.match(line, /, where source record is \{topic='t', kafkaPartition=null, sourcePartition=\{table=orders\}, sourceOffset=\{id=5\}, timestamp=7\}\.$/);
    assert.doesNotMatch(line, /secret/);
  });

  it('adds the whole source record with errors.log.include.messages', () => {
    const reporter = new LogReporter({ connector: 'c', task: 0 }, { enabled: true, includeMessages: true }, new ErrorHandlingMetrics());
    assert.equal(
      reporter.message(failed(consumed)),
      "Error encountered in task c-0. Executing stage 'VALUE_CONVERTER' with class 'org.apache.kafka.connect.json.JsonConverter', " +
        "where consumed record is {topic='orders', partition=2, offset=41, timestamp=1000, timestampType=CreateTime}.",
    );
    const source = new SourceRecord({ topic: 't', value: 'v' });
    assert.match(reporter.message(failed(source)), /, where source record is = SourceRecord\{sourcePartition=null/);
  });
});
