/**
 * Our Kafka clients on a broker with a SASL_SSL listener (SCRAM-SHA-256 and PLAIN, self-signed
 * certificates), configured with the Java client settings users already have.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConfigException } from '@tsconnect/api';
import { freePort, KafkaBroker } from '@tsconnect/testinfra';
import { groupConnectionOptionsFromProperties } from '../../src/distributed/membership/group-connection-options.js';
import { WorkerGroupMember } from '../../src/distributed/membership/worker-group-member.js';
import { KafkaAdmin } from '../../src/kafka/kafka-admin.js';
import { KafkaConsumer, OFFSET_BEGINNING } from '../../src/kafka/kafka-consumer.js';
import { KafkaProducer } from '../../src/kafka/kafka-producer.js';
import { makeTestCertificates, type TestCertificates } from '@tsconnect/testinfra';

const SCRAM = 'org.apache.kafka.common.security.scram.ScramLoginModule';
const PLAIN = 'org.apache.kafka.common.security.plain.PlainLoginModule';

describe('Kafka clients over SASL_SSL from Java-style settings', () => {
  let certs: TestCertificates;
  let broker: KafkaBroker;
  let secured: string;
  let mutualTls: string;

  /** Java-style settings for the SASL_SSL listener. */
  function settings(password = 'alice-secret', extra: Record<string, string> = {}): Record<string, string> {
    return {
      'bootstrap.servers': secured,
      'security.protocol': 'SASL_SSL',
      'sasl.mechanism': 'SCRAM-SHA-256',
      'sasl.jaas.config': `${SCRAM} required username="alice" password="${password}";`,
      'ssl.truststore.type': 'PEM',
      'ssl.truststore.location': certs.caFile,
      ...extra,
    };
  }

  before(async () => {
    certs = makeTestCertificates();
    const port = await freePort();
    const controllerPort = await freePort();
    const securedPort = await freePort();
    const sslPort = await freePort();
    secured = `127.0.0.1:${securedPort}`;
    mutualTls = `127.0.0.1:${sslPort}`;
    broker = await KafkaBroker.start({
      port,
      controllerPort,
      scramUsers: [{ mechanism: 'SCRAM-SHA-256', name: 'alice', password: 'alice-secret' }],
      brokerProperties: {
        listeners: `PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort},SASL_SSL://127.0.0.1:${securedPort},SSL://127.0.0.1:${sslPort}`,
        'advertised.listeners': `PLAINTEXT://127.0.0.1:${port},SASL_SSL://127.0.0.1:${securedPort},SSL://127.0.0.1:${sslPort}`,
        'listener.security.protocol.map': 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL_SSL:SASL_SSL,SSL:SSL',
        'listener.name.ssl.ssl.client.auth': 'required',
        'ssl.truststore.type': 'PEM',
        'ssl.truststore.location': certs.caFile,
        'sasl.enabled.mechanisms': 'SCRAM-SHA-256,PLAIN',
        'listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config': `${SCRAM} required;`,
        'listener.name.sasl_ssl.plain.sasl.jaas.config': `${PLAIN} required user_bob="bob-secret";`,
        'ssl.keystore.type': 'PEM',
        'ssl.keystore.location': certs.server.keyStoreFile,
      },
    });
  });

  after(async () => {
    await broker?.stop();
    certs?.remove();
  });

  it('admin, producer and consumer work with SCRAM-SHA-256 and a PEM trust store file', async () => {
    const admin = new KafkaAdmin(settings());
    try {
      assert.match(await admin.clusterId(), /^[\w-]{22}$/);
      assert.deepEqual(await admin.createTopics([{ name: 'secured', partitions: 1, replicationFactor: 1 }]), ['secured']);
    } finally {
      await admin.close();
    }
    const producer = KafkaProducer.fromProperties(settings());
    await producer.connect();
    try {
      const sent = await producer.send({ topic: 'secured', partition: 0, key: null, value: Buffer.from('over tls') });
      assert.equal(sent.offset, 0);
    } finally {
      await producer.disconnect();
    }
    const consumer = KafkaConsumer.fromProperties(settings());
    await consumer.connect();
    try {
      consumer.assign([{ topic: 'secured', partition: 0, offset: OFFSET_BEGINNING }]);
      let records: Awaited<ReturnType<KafkaConsumer['consume']>> = [];
      while (records.length === 0) records = await consumer.consume(500);
      assert.equal(records[0]!.value?.toString(), 'over tls');
    } finally {
      await consumer.disconnect();
    }
  });

  it('a producer works with PLAIN and inline trusted certificates', async () => {
    const producer = KafkaProducer.fromProperties({
      'bootstrap.servers': secured,
      'security.protocol': 'SASL_SSL',
      'sasl.mechanism': 'PLAIN',
      'sasl.jaas.config': `${PLAIN} required username="bob" password="bob-secret";`,
      'ssl.truststore.type': 'PEM',
      'ssl.truststore.certificates': certs.ca,
    });
    await producer.connect();
    try {
      const sent = await producer.send({ topic: 'plain-topic', key: null, value: Buffer.from('x') });
      assert.equal(sent.topic, 'plain-topic');
    } finally {
      await producer.disconnect();
    }
  });

  it('admin and producer present a PEM key store to a listener that requires client certificates', async () => {
    const mtls = {
      'bootstrap.servers': mutualTls,
      'security.protocol': 'SSL',
      'ssl.truststore.type': 'PEM',
      'ssl.truststore.location': certs.caFile,
      'ssl.keystore.type': 'PEM',
      'ssl.keystore.location': certs.client.keyStoreFile,
    };
    const admin = new KafkaAdmin(mtls);
    try {
      assert.match(await admin.clusterId(), /^[\w-]{22}$/);
    } finally {
      await admin.close();
    }
    const producer = KafkaProducer.fromProperties(mtls);
    await producer.connect();
    try {
      assert.equal((await producer.send({ topic: 'mtls-topic', key: null, value: Buffer.from('x') })).topic, 'mtls-topic');
    } finally {
      await producer.disconnect();
    }
  });

  it('the worker-group member joins its group over SASL_SSL', async () => {
    const member = new WorkerGroupMember(
      {
        bootstrapServers: secured,
        groupId: 'secured-connect-cluster',
        clientId: 'secured-worker',
        sessionTimeoutMs: 6_000,
        rebalanceTimeoutMs: 20_000,
        heartbeatIntervalMs: 500,
        connection: groupConnectionOptionsFromProperties(settings()),
      },
      {
        metadata: () => ({ protocols: [{ name: 'default', metadata: Buffer.from([0, 0]) }] }),
        performAssignment: async (_leader, _protocol, members) => new Map(members.map((m) => [m.memberId, Buffer.from('a')])),
        onAssigned: () => {},
        onJoinPrepare: () => {},
      },
    );
    member.start();
    try {
      await member.ensureActive();
      assert.equal(member.state, 'stable');
      assert.ok(member.generation >= 1);
    } finally {
      await member.stop();
    }
  });

  it('wrong credentials fail the admin client with a message that says authentication failed', async () => {
    const admin = new KafkaAdmin(settings('wrong'));
    try {
      await assert.rejects(admin.clusterId(), (e: Error) => {
        assert.match(e.message, /^Failed to read the Kafka cluster id: authentication with the Kafka brokers failed \(Authentication failed .*SCRAM-SHA-256\)\. Check security\.protocol, sasl\.mechanism/);
        assert.doesNotMatch(e.message, /wrong/);
        return true;
      });
    } finally {
      await admin.close();
    }
  });

  // librdkafka reports only "broker transport failure" from connect; the worker's admin client,
  // which connects first at start-up, gives the clear message.
  it('wrong credentials fail a producer connect', async () => {
    const producer = KafkaProducer.fromProperties(settings('wrong'));
    await assert.rejects(producer.connect(5_000), (e: Error) => /^Failed to connect the producer: broker transport failure/.test(e.message));
    await producer.disconnect().catch(() => {});
  });

  it('a JKS trust store is refused before connecting, with the conversion commands', () => {
    assert.throws(
      () => new KafkaAdmin(settings('alice-secret', { 'ssl.truststore.type': 'JKS', 'ssl.truststore.location': '/etc/kafka/truststore.jks' })),
      (e: Error) => e instanceof ConfigException && /keytool -importkeystore/.test(e.message) && /openssl pkcs12/.test(e.message),
    );
  });
});
