import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AbstractConfig, ConfigDef } from '@tsconnect/api';
import { enrichTopicCreationConfigDef, usesTopicCreation } from '../../src/config/topic-creation-config.js';
import { TopicCreation } from '../../src/worker/topic-creation.js';

function config(props: Record<string, string>): AbstractConfig {
  const base = new ConfigDef().define({ name: 'topic.creation.groups', type: 'LIST', defaultValue: [], importance: 'LOW', documentation: null });
  // As ConnectorConfig does: the groups are only declared for a connector that uses topic creation.
  return new AbstractConfig(usesTopicCreation(props) ? enrichTopicCreationConfigDef(base, props) : base, props);
}

describe('TopicCreation', () => {
  const props = {
    'topic.creation.groups': 'compacted,big',
    'topic.creation.default.replication.factor': '3',
    'topic.creation.default.partitions': '5',
    'topic.creation.compacted.include': 'state-.*,.*-changelog',
    'topic.creation.compacted.exclude': 'state-tmp',
    'topic.creation.compacted.cleanup.policy': 'compact',
    'topic.creation.big.include': '.*',
    'topic.creation.big.partitions': '50',
  };

  it('picks the first group whose include matches the whole name and whose exclude does not', () => {
    const creation = TopicCreation.fromConfig(config(props))!;
    assert.equal(creation.findFirstGroup('state-users').name, 'compacted');
    assert.equal(creation.findFirstGroup('orders-changelog').name, 'compacted');
    assert.equal(creation.findFirstGroup('state-tmp').name, 'big', 'excluded from compacted');
    assert.equal(creation.findFirstGroup('xstate-users').name, 'big', 'include must match the whole name');
  });

  it('builds new topics with the group settings, inheriting the default group for what a group leaves out', () => {
    const creation = TopicCreation.fromConfig(config(props))!;
    assert.deepEqual(creation.findFirstGroup('state-a').newTopic('state-a'), {
      name: 'state-a', numPartitions: 5, replicationFactor: 3, configs: { 'cleanup.policy': 'compact' },
    });
    assert.deepEqual(creation.findFirstGroup('x').newTopic('x'), { name: 'x', numPartitions: 50, replicationFactor: 3, configs: {} });
  });

  it('is off without topic.creation keys or when the worker disables it, and remembers created topics', () => {
    assert.equal(TopicCreation.fromConfig(config({})), null);
    assert.equal(TopicCreation.fromConfig(null), null);
    const creation = TopicCreation.fromConfig(config(props))!;
    assert.equal(creation.isTopicCreationRequired('t'), true);
    creation.addTopic('t');
    assert.equal(creation.isTopicCreationRequired('t'), false);
  });
});
