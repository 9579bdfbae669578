import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigException } from '@tsconnect/api';
import { consumerPrefetch, maxPollRecords, toLibrdkafkaConfig } from '../../src/kafka/client-config.js';
import type { ClientLog } from '../../src/kafka/client-log.js';

const CA = '-----BEGIN CERTIFICATE-----\nca\n-----END CERTIFICATE-----';
const CERT = '-----BEGIN CERTIFICATE-----\nc\n-----END CERTIFICATE-----';
const KEY = '-----BEGIN PRIVATE KEY-----\nk\n-----END PRIVATE KEY-----';

function recordingLog(): ClientLog & { lines: string[] } {
  const lines: string[] = [];
  const push = (m: string) => void lines.push(m);
  return { lines, debug: push, info: push, warn: push, error: push };
}

describe('toLibrdkafkaConfig', () => {
  it('passes through producer settings with the same name and drops consumer-only ones', () => {
    const config = toLibrdkafkaConfig(
      {
        'bootstrap.servers': 'a:9092,b:9092',
        'client.id': 'connector-producer-c-0',
        acks: 'all',
        'enable.idempotence': 'false',
        'max.in.flight.requests.per.connection': '1',
        'delivery.timeout.ms': '2147483647',
        'linger.ms': '5',
        'batch.size': '16384',
        'compression.type': 'lz4',
        'isolation.level': 'read_committed',
      },
      'producer',
    );
    assert.deepEqual(config, {
      'bootstrap.servers': 'a:9092,b:9092',
      'client.id': 'connector-producer-c-0',
      acks: 'all',
      'enable.idempotence': 'false',
      'max.in.flight.requests.per.connection': '1',
      'delivery.timeout.ms': '2147483647',
      'linger.ms': '5',
      'batch.size': '16384',
      'compression.type': 'lz4',
    });
  });

  it('translates consumer settings whose names or values differ', () => {
    const config = toLibrdkafkaConfig(
      {
        'auto.offset.reset': 'none',
        'isolation.level': 'READ_COMMITTED',
        'fetch.max.wait.ms': '100',
        'request.timeout.ms': '40000',
        'partition.assignment.strategy':
          'org.apache.kafka.clients.consumer.RangeAssignor, org.apache.kafka.clients.consumer.CooperativeStickyAssignor',
        'max.poll.records': '100',
        acks: 'all',
      },
      'consumer',
    );
    assert.deepEqual(config, {
      'auto.offset.reset': 'error',
      'isolation.level': 'read_committed',
      'fetch.wait.max.ms': '100',
      'socket.timeout.ms': '40000',
      'partition.assignment.strategy': 'range,cooperative-sticky',
    });
  });

  it('ignores Java-only and unknown keys with a debug note', () => {
    const log = recordingLog();
    const config = toLibrdkafkaConfig(
      {
        'key.serializer': 'org.apache.kafka.common.serialization.ByteArraySerializer',
        'interceptor.classes': 'x.Y',
        'max.block.ms': '9223372036854775807',
        'no.such.setting': 'x',
      },
      'producer',
      log,
    );
    assert.deepEqual(config, {});
    assert.equal(log.lines.length, 4);
    assert.match(log.lines[0]!, /key\.serializer/);
    assert.match(log.lines[3]!, /no\.such\.setting/);
  });

  it('takes SASL credentials from a PlainLoginModule JAAS line', () => {
    const plain = toLibrdkafkaConfig(
      {
        'security.protocol': 'SASL_PLAINTEXT',
        'sasl.mechanism': 'PLAIN',
        'sasl.jaas.config':
          'org.apache.kafka.common.security.plain.PlainLoginModule required username="alice" password="p\\"w;d";',
      },
      'admin',
    );
    assert.deepEqual(plain, {
      'security.protocol': 'sasl_plaintext',
      'sasl.mechanisms': 'PLAIN',
      'sasl.username': 'alice',
      'sasl.password': 'p"w;d',
    });
  });

  it('ignores SASL and TLS settings the security protocol does not use', () => {
    const config = toLibrdkafkaConfig(
      {
        'sasl.jaas.config': 'org.apache.kafka.common.security.scram.ScramLoginModule required username=bob password=secret;',
        'ssl.truststore.location': '/etc/truststore.jks',
        'ssl.key.password': 'kp',
      },
      'consumer',
    );
    assert.deepEqual(config, {});
  });

  it('maps inline PEM TLS material and an empty endpoint identification algorithm', () => {
    const config = toLibrdkafkaConfig(
      {
        'security.protocol': 'SSL',
        'ssl.keystore.type': 'PEM',
        'ssl.keystore.key': KEY,
        'ssl.keystore.certificate.chain': CERT,
        'ssl.truststore.certificates': CA,
        'ssl.key.password': 'kp',
        'ssl.endpoint.identification.algorithm': '',
      },
      'producer',
    );
    assert.deepEqual(config, {
      'security.protocol': 'ssl',
      'ssl.key.pem': KEY,
      'ssl.certificate.pem': CERT,
      'ssl.ca.pem': CA,
      'ssl.key.password': 'kp',
      'ssl.endpoint.identification.algorithm': 'none',
    });
  });

  it('refuses a JKS trust store with the commands that convert it', () => {
    assert.throws(
      () => toLibrdkafkaConfig({ 'security.protocol': 'SSL', 'ssl.truststore.location': '/etc/truststore.jks' }, 'producer'),
      (e: Error) => e instanceof ConfigException && /ssl\.truststore\.type/.test(e.message) && /keytool/.test(e.message),
    );
  });

  it('leaves out empty values, which librdkafka refuses', () => {
    assert.deepEqual(toLibrdkafkaConfig({ 'client.id': '', 'bootstrap.servers': ' a:1 , b:2 ' }, 'admin'), {
      'bootstrap.servers': 'a:1,b:2',
    });
  });

  it('reads max.poll.records as the batch size, 500 by default', () => {
    assert.equal(maxPollRecords({}), 500);
    assert.equal(maxPollRecords({ 'max.poll.records': '20' }), 20);
  });

  it('bounds the read-ahead by two polls and fetch.max.bytes, not librdkafka\'s 100,000 messages and 64 MiB', () => {
    assert.deepEqual(consumerPrefetch({}), { 'queued.min.messages': 1000, 'queued.max.messages.kbytes': 51200, 'fetch.queue.backoff.ms': 10 });
    assert.deepEqual(consumerPrefetch({ 'max.poll.records': '5000', 'fetch.max.bytes': '1048576' }), {
      'queued.min.messages': 10000, 'queued.max.messages.kbytes': 1024, 'fetch.queue.backoff.ms': 10,
    });
    // Kept within what librdkafka accepts.
    assert.deepEqual(consumerPrefetch({ 'max.poll.records': '2147483647', 'fetch.max.bytes': '2147483647' }), {
      'queued.min.messages': 10_000_000, 'queued.max.messages.kbytes': 2_097_151, 'fetch.queue.backoff.ms': 10,
    });
  });
});
