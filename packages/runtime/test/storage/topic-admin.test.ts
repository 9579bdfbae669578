import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConfigException } from '@tsconnect/api';
import { KafkaBroker } from '@tsconnect/testinfra';
import { KafkaAdmin } from '../../src/kafka/kafka-admin.js';
import type { ClientLog } from '../../src/kafka/client-log.js';
import { KafkaConfigBackingStore } from '../../src/storage/config-backing-store.js';
import { ensureInternalTopic, internalTopic } from '../../src/storage/topic-admin.js';

function recordingLog(): ClientLog & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, debug: () => {}, info: () => {}, warn: (m) => void warnings.push(m), error: () => {} };
}

describe('internal topic settings', () => {
  it('creates the config topic with one partition and takes <prefix>.<topic-config> overrides', () => {
    const log = recordingLog();
    const topic = internalTopic(
      'config',
      {
        'config.storage.topic': 'cfg',
        'config.storage.partitions': '7',
        'config.storage.min.insync.replicas': '2',
        'config.storage.cleanup.policy': 'delete',
      },
      log,
    );
    assert.deepEqual(topic, {
      name: 'cfg',
      partitions: 1,
      replicationFactor: 3,
      configs: { 'min.insync.replicas': '2', 'cleanup.policy': 'compact' },
    });
    assert.equal(log.warnings.length, 1);
    assert.match(log.warnings[0]!, /config\.storage\.cleanup\.policy=delete/);
  });

  it('uses the default partitions of the offsets (25) and status (5) topics', () => {
    assert.equal(internalTopic('offset', { 'offset.storage.topic': 'o' }).partitions, 25);
    assert.equal(internalTopic('status', { 'status.storage.topic': 's', 'status.storage.partitions': '-1' }).partitions, -1);
    assert.equal(internalTopic('status', { 'status.storage.topic': 's' }).partitions, 5);
  });
});

describe('internal topics on a real broker', () => {
  let broker: KafkaBroker;
  let admin: KafkaAdmin;

  before(async () => {
    broker = await KafkaBroker.start();
    admin = new KafkaAdmin({ 'bootstrap.servers': broker.bootstrapServers });
  });

  after(async () => {
    await admin?.close();
    await broker?.stop();
  });

  it('creates a missing topic compacted, with its partitions and overrides', async () => {
    const worker = {
      'status.storage.topic': 'created-status',
      'status.storage.replication.factor': '1',
      'status.storage.retention.ms': '123456',
      'status.storage.cleanup.policy': 'delete',
    };
    assert.equal(await ensureInternalTopic(admin, 'status', worker, recordingLog()), 'created-status');
    assert.equal((await admin.describeTopics(['created-status'])).get('created-status')?.partitions, 5);
    const configs = (await admin.describeTopicConfigs(['created-status'])).get('created-status')!;
    assert.equal(configs.get('cleanup.policy'), 'compact');
    assert.equal(configs.get('retention.ms'), '123456');
    // An existing compacted topic is accepted as it is.
    assert.equal(await ensureInternalTopic(admin, 'status', worker, recordingLog()), 'created-status');
  });

  it('refuses an existing topic that is not compacted', async () => {
    await admin.createTopics([
      { name: 'deleting-offsets', partitions: 1, replicationFactor: 1, configs: { 'cleanup.policy': 'delete' } },
    ]);
    await assert.rejects(
      ensureInternalTopic(admin, 'offset', { 'offset.storage.topic': 'deleting-offsets', 'offset.storage.replication.factor': '1' }),
      (e: unknown) =>
        e instanceof ConfigException &&
        e.message ===
          "Topic 'deleting-offsets' supplied via the 'offset.storage.topic' property is required to have " +
            "'cleanup.policy=compact' to guarantee consistency and durability of source connector offsets, but found " +
            "the topic currently has 'cleanup.policy=delete'. Continuing would likely result in eventually losing " +
            'source connector offsets and problems restarting this Connect cluster in the future. Change the ' +
            "'offset.storage.topic' property in the Connect worker configurations to use a topic with " +
            "'cleanup.policy=compact'.",
    );
  });

  it('refuses a config topic with more than one partition', async () => {
    await admin.createTopics([
      { name: 'two-partition-configs', partitions: 2, replicationFactor: 1, configs: { 'cleanup.policy': 'compact' } },
    ]);
    const store = new KafkaConfigBackingStore({
      worker: {
        'bootstrap.servers': broker.bootstrapServers,
        'group.id': 'connect-test',
        'config.storage.topic': 'two-partition-configs',
        'config.storage.replication.factor': '1',
      },
      admin,
    });
    await assert.rejects(
      store.start(),
      (e: unknown) =>
        e instanceof ConfigException &&
        e.message ===
          "Topic 'two-partition-configs' supplied via the 'config.storage.topic' property is required to have a " +
            'single partition in order to guarantee consistency of connector configurations, but found 2 partitions.',
    );
  });
});
