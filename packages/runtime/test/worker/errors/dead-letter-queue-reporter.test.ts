import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DataException, type RecordMetadata } from '@tsconnect/api';
import {
  DeadLetterQueueReporter,
  deadLetterQueueContextHeaders,
} from '../../../src/worker/errors/dead-letter-queue-reporter.js';
import { ErrorHandlingMetrics } from '../../../src/worker/errors/error-handling-metrics.js';
import { ProcessingContext } from '../../../src/worker/errors/processing-context.js';
import { Stage } from '../../../src/worker/errors/stage.js';
import type { ConsumedRecord, ProducedRecord } from '../../../src/worker/kafka-records.js';
import type { RecordSender } from '../../../src/worker/record-sender.js';

const text = (bytes: Uint8Array | null) => (bytes === null ? null : Buffer.from(bytes).toString('utf8'));

const consumed: ConsumedRecord = {
  topic: 'orders',
  partition: 3,
  offset: 12345,
  key: Buffer.from('k1'),
  value: Buffer.from('not json'),
  headers: [{ key: 'trace-id', value: Buffer.from('abc') }],
  timestamp: 1_700_000_000_123,
  timestampType: 'CreateTime',
};

function failedContext(record = consumed) {
  const context = new ProcessingContext(record);
  context.currentContext(Stage.VALUE_CONVERTER, 'org.apache.kafka.connect.json.JsonConverter');
  context.error = new DataException('Converting byte[] to Kafka Connect data failed due to serialization error: ');
  return context;
}

class CapturingSender implements RecordSender {
  readonly sent: ProducedRecord[] = [];
  constructor(private readonly fail = false) {}
  async send(record: ProducedRecord): Promise<RecordMetadata> {
    this.sent.push(record);
    if (this.fail) throw new Error('broker down');
    return { topic: record.topic, partition: 0, offset: this.sent.length - 1, timestamp: -1, serializedKeySize: 0, serializedValueSize: 0 };
  }
  async flush(): Promise<void> {}
  async close(): Promise<void> {}
}

const silentLog = { debug() {}, info() {}, warn() {}, error() {} };

describe('dead letter queue context headers', () => {
  it('names the original coordinates, the task, the stage, the class and the error as Kafka does', () => {
    const headers = deadLetterQueueContextHeaders(failedContext(), { connector: 'jdbc-sink', task: 2 });
    const pairs = headers.map((h) => [h.key, text(h.value)]);
    assert.deepEqual(pairs.slice(0, 9), [
      ['__connect.errors.topic', 'orders'],
      ['__connect.errors.partition', '3'],
      ['__connect.errors.offset', '12345'],
      ['__connect.errors.connector.name', 'jdbc-sink'],
      ['__connect.errors.task.id', '2'],
      ['__connect.errors.stage', 'VALUE_CONVERTER'],
      ['__connect.errors.class.name', 'org.apache.kafka.connect.json.JsonConverter'],
      ['__connect.errors.exception.class.name', 'org.apache.kafka.connect.errors.DataException'],
      ['__connect.errors.exception.message', 'Converting byte[] to Kafka Connect data failed due to serialization error: '],
    ]);
    const [key, trace] = pairs[9]!;
    assert.equal(key, '__connect.errors.exception.stacktrace');
    assert.match(trace!, /^org\.apache\.kafka\.connect\.errors\.DataException: Converting byte\[\] .*\n\tat /);
    assert.equal(headers.length, 10);
  });

  it('gives a null message header when the error has no message', () => {
    const context = failedContext();
    context.error = new Error();
    const message = deadLetterQueueContextHeaders(context, { connector: 'c', task: 0 })
      .find((h) => h.key === '__connect.errors.exception.message');
    assert.equal(message?.value, null);
  });
});

describe('DeadLetterQueueReporter', () => {
  it('writes the original key, value, headers and timestamp, plus the context headers when enabled', async () => {
    const sender = new CapturingSender();
    const metrics = new ErrorHandlingMetrics();
    const reporter = new DeadLetterQueueReporter(sender, { connector: 'c', task: 0 },
      { topic: ' dlq ', replicationFactor: 1, contextHeadersEnabled: true }, metrics, silentLog);
    await reporter.report(failedContext());
    const [record] = sender.sent;
    assert.equal(record!.topic, 'dlq');
    assert.equal(record!.partition, null);
    assert.equal(text(record!.key), 'k1');
    assert.equal(text(record!.value), 'not json');
    assert.equal(record!.timestamp, consumed.timestamp);
    assert.deepEqual(record!.headers.slice(0, 2).map((h) => [h.key, text(h.value)]), [
      ['trace-id', 'abc'],
      ['__connect.errors.topic', 'orders'],
    ]);
    assert.equal(metrics.deadLetterQueueProduceRequests, 1);
  });

  it('leaves the context headers out unless enabled, and the timestamp out when the record had none', async () => {
    const sender = new CapturingSender();
    const reporter = new DeadLetterQueueReporter(sender, { connector: 'c', task: 0 },
      { topic: 'dlq', replicationFactor: 1, contextHeadersEnabled: false }, new ErrorHandlingMetrics(), silentLog);
    await reporter.report(failedContext({ ...consumed, timestamp: -1, timestampType: 'NoTimestampType' }));
    assert.deepEqual(sender.sent[0]!.headers.map((h) => h.key), ['trace-id']);
    assert.equal(sender.sent[0]!.timestamp, null);
  });

  it('counts a failed write instead of failing', async () => {
    const metrics = new ErrorHandlingMetrics();
    const reporter = new DeadLetterQueueReporter(new CapturingSender(true), { connector: 'c', task: 0 },
      { topic: 'dlq', replicationFactor: 1, contextHeadersEnabled: false }, metrics, silentLog);
    await reporter.report(failedContext());
    assert.equal(metrics.deadLetterQueueProduceFailures, 1);
  });
});
