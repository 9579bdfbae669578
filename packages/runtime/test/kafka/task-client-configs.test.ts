import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConnectException } from '@tsconnect/api';
import {
  taskAdminProperties,
  taskConsumerProperties,
  taskProducerProperties,
  validateClientOverrides,
  workerClientProperties,
} from '../../src/kafka/task-client-configs.js';

const worker = {
  'bootstrap.servers': 'k1:9092',
  'group.id': 'connect-cluster',
  'security.protocol': 'SASL_SSL',
  'producer.linger.ms': '10',
  'producer.acks': '1',
  'consumer.max.poll.records': '50',
  'admin.request.timeout.ms': '1000',
  'offset.storage.topic': 'offsets',
};

describe('per-task client configs', () => {
  it('layers producer defaults, worker producer.* and connector producer.override.*', () => {
    const props = taskProducerProperties('connector-producer-src-0', worker, { 'producer.override.linger.ms': '99' }, 'All');
    assert.equal(props['client.id'], 'connector-producer-src-0');
    assert.equal(props['bootstrap.servers'], 'k1:9092');
    assert.equal(props['acks'], '1');
    assert.equal(props['linger.ms'], '99');
    assert.equal(props['max.in.flight.requests.per.connection'], '1');
    assert.equal(props['enable.idempotence'], 'false');
    assert.equal(props['delivery.timeout.ms'], '2147483647');
    assert.equal(props['security.protocol'], undefined);
  });

  it('gives a sink consumer the connect-<connector> group, no auto commit and earliest reset', () => {
    const props = taskConsumerProperties('sink', 'connector-consumer-sink-1', worker, {}, 'None');
    assert.equal(props['group.id'], 'connect-sink');
    assert.equal(props['enable.auto.commit'], 'false');
    assert.equal(props['auto.offset.reset'], 'earliest');
    assert.equal(props['max.poll.records'], '50');
  });

  it('gives the admin client the unprefixed worker settings, then admin.*', () => {
    const props = taskAdminProperties('connector-adminclient-x', worker, {}, 'All');
    assert.equal(props['security.protocol'], 'SASL_SSL');
    assert.equal(props['request.timeout.ms'], '1000');
    assert.equal(props['linger.ms'], undefined);
  });

  it('enforces the override policy', () => {
    const connector = { 'consumer.override.security.protocol': 'SSL', 'consumer.override.fetch.min.bytes': '5' };
    assert.deepEqual(
      [...validateClientOverrides('Principal', { 'security.protocol': 'SSL', 'fetch.min.bytes': '5' }).keys()],
      ['fetch.min.bytes'],
    );
    assert.throws(
      () => taskConsumerProperties('sink', 'c', worker, connector, 'None'),
      (e: unknown) =>
        e instanceof ConnectException &&
        e.message.includes("The 'None' policy does not allow 'security.protocol' to be overridden"),
    );
    assert.equal(taskConsumerProperties('sink', 'c', worker, connector, 'All')['fetch.min.bytes'], '5');
  });

  it('keeps worker-group keys out of the internal-topic clients', () => {
    const props = workerClientProperties(worker, { 'client.id': 'x' });
    assert.equal(props['group.id'], undefined);
    assert.equal(props['producer.linger.ms'], undefined);
    assert.equal(props['security.protocol'], 'SASL_SSL');
    assert.equal(props['client.id'], 'x');
  });
});
