import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { connectorTaskId } from '../../src/connector-task-id.js';
import { WorkerConfig } from '../../src/config/worker-config.js';
import { removeOrphanedConsumers, sinkTaskConsumer } from '../../src/task-hosts/orphaned-consumers.js';

const worker = (extra: Record<string, string> = {}) =>
  WorkerConfig.distributed({
    'bootstrap.servers': 'localhost:9092', 'group.id': 'g', 'config.storage.topic': 'c', 'offset.storage.topic': 'o', 'status.storage.topic': 's',
    'key.converter': 'org.apache.kafka.connect.json.JsonConverter', 'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    ...extra,
  });

describe('the consumers a dead task host leaves behind', () => {
  it('are those of sink tasks, in the group and with the client id their worker gave them', () => {
    const task = connectorTaskId('orders', 2);
    const consumer = sinkTaskConsumer(task, { 'connector.class': 'X' }, { topics: 'a,b' }, worker());
    assert.equal(consumer?.groupId, 'connect-orders');
    assert.equal(consumer?.clientId, 'connector-consumer-orders-2');
    assert.equal(consumer?.props['bootstrap.servers'], 'localhost:9092');
    assert.equal(sinkTaskConsumer(task, {}, { 'topics.regex': 'a.*' }, worker())?.groupId, 'connect-orders');
    // A source task's config names no topics: it has no consumer.
    assert.equal(sinkTaskConsumer(task, { topics: 'ignored' }, { 'task.class': 'S' }, worker()), null);
  });

  it('follow the connector overrides the policy lets through', () => {
    const task = connectorTaskId('orders', 0);
    const overrides = { 'consumer.override.group.id': 'custom', 'consumer.override.client.id': 'mine' };
    const allowed = sinkTaskConsumer(task, overrides, { topics: 'a' }, worker({ 'connector.client.config.override.policy': 'All' }));
    assert.deepEqual([allowed?.groupId, allowed?.clientId], ['custom', 'mine']);
  });

  it('a removal that cannot reach a broker is logged, not thrown', async () => {
    const task = connectorTaskId('orders', 0);
    const consumer = sinkTaskConsumer(task, { 'consumer.override.bootstrap.servers': '127.0.0.1:1', 'consumer.override.request.timeout.ms': '500' }, { topics: 'a' },
      worker({ 'connector.client.config.override.policy': 'All' }))!;
    const warnings: string[] = [];
    await removeOrphanedConsumers([consumer], { info: () => {}, warn: (m) => void warnings.push(m) });
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /Failed to remove the members with client id connector-consumer-orders-0 from group connect-orders.*session times out/s);
  });
});
