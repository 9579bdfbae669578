import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigException, ConnectException } from '@tsconnect/api';
import { ConnectorConfig } from '../../src/config/parsed-connector-config.js';
import { readPropertiesFile } from '../../src/config/properties-file.js';
import { builtinPluginRegistry } from '../../src/plugins/builtin-plugins.js';

const ETC = new URL('../../../../../etc/', import.meta.url);

const SINK = { name: 'sink', 'connector.class': 'FileStreamSink', topics: 'in' };
const SOURCE = { name: 'source', 'connector.class': 'FileStreamSource', topic: 'out' };

describe('ConnectorConfig.create', () => {
  it('parses framework keys with their defaults', async () => {
    const config = await ConnectorConfig.create(builtinPluginRegistry(), SINK);
    assert.equal(config.connector.className, 'org.apache.kafka.connect.file.FileStreamSinkConnector');
    assert.equal(config.isSink, true);
    assert.equal(config.tasksMax(), 1);
    assert.equal(config.enforceTasksMax(), true);
    assert.equal(config.errorRetryTimeout(), 0);
    assert.equal(config.errorMaxDelayInMillis(), 60000);
    assert.equal(config.toleratesAllErrors(), false);
    assert.equal(config.dlqTopicName(), '');
    assert.deepEqual(config.getList('topics'), ['in']);
  });

  it('reads the transformation chain with predicates, class names resolved', async () => {
    const config = await ConnectorConfig.create(builtinPluginRegistry(), {
      ...SINK,
      transforms: 'route,drop',
      'transforms.route.type': 'RegexRouter',
      'transforms.route.regex': '(.*)',
      'transforms.route.replacement': 'copy-$1',
      'transforms.drop.type': 'org.apache.kafka.connect.transforms.Filter',
      'transforms.drop.predicate': 'isTombstone',
      'transforms.drop.negate': 'true',
      predicates: 'isTombstone',
      'predicates.isTombstone.type': 'RecordIsTombstone',
    });
    assert.deepEqual(config.transformations(), [
      {
        alias: 'route',
        type: 'org.apache.kafka.connect.transforms.RegexRouter',
        configs: { type: 'RegexRouter', regex: '(.*)', replacement: 'copy-$1' },
        predicate: null,
      },
      {
        alias: 'drop',
        type: 'org.apache.kafka.connect.transforms.Filter',
        configs: { type: 'org.apache.kafka.connect.transforms.Filter' },
        predicate: {
          alias: 'isTombstone',
          type: 'org.apache.kafka.connect.transforms.predicates.RecordIsTombstone',
          configs: { type: 'RecordIsTombstone' },
          negate: true,
        },
      },
    ]);
  });

  it('throws naming the key for a bad framework or transform value', async () => {
    await assert.rejects(ConnectorConfig.create(builtinPluginRegistry(), { ...SINK, 'tasks.max': '0' }), {
      message: 'Invalid value 0 for configuration tasks.max: Value must be at least 1',
    });
    await assert.rejects(
      ConnectorConfig.create(builtinPluginRegistry(), { ...SINK, transforms: 'r', 'transforms.r.type': 'RegexRouter', 'transforms.r.regex': 'x' }),
      { message: 'Missing required configuration "transforms.r.replacement" which has no default value.' },
    );
    await assert.rejects(ConnectorConfig.create(builtinPluginRegistry(), { ...SINK, transforms: 'r' }), {
      message: 'Invalid value null for configuration transforms.r.type: Not a Transformation',
    });
    await assert.rejects(ConnectorConfig.create(builtinPluginRegistry(), { ...SINK, 'topics.regex': 'a.*' }), (e: unknown) =>
      e instanceof ConfigException &&
      e.message === 'Invalid value in for configuration topics: topics and topics.regex are mutually exclusive options, but both are set.');
    await assert.rejects(ConnectorConfig.create(builtinPluginRegistry(), { ...SINK, 'connector.class': 'Nope' }), ConnectException);
  });

  it('reads topic creation groups of a source, defaulting to the default group', async () => {
    const config = await ConnectorConfig.create(builtinPluginRegistry(), {
      ...SOURCE,
      'topic.creation.groups': 'compacted',
      'topic.creation.default.replication.factor': '1',
      'topic.creation.default.partitions': '3',
      'topic.creation.compacted.include': 'out',
      'topic.creation.compacted.cleanup.policy': 'compact',
    });
    assert.equal(config.getInt('topic.creation.default.partitions'), 3);
    assert.deepEqual(config.getList('topic.creation.default.include'), ['.*']);
    assert.equal(config.getInt('topic.creation.compacted.partitions'), 3);
    assert.equal(config.getInt('topic.creation.compacted.replication.factor'), 1);
    assert.deepEqual(config.getList('topic.creation.compacted.include'), ['out']);
    assert.equal(config.getString('exactly.once.support'), 'requested');
    assert.equal(config.getString('transaction.boundary'), 'poll');
  });

  it('requires the default group settings once a source uses topic creation', async () => {
    await assert.rejects(
      ConnectorConfig.create(builtinPluginRegistry(), { ...SOURCE, 'topic.creation.default.partitions': '3' }),
      { message: 'Missing required configuration "topic.creation.default.replication.factor" which has no default value.' },
    );
    await assert.rejects(
      ConnectorConfig.create(builtinPluginRegistry(), { ...SOURCE, 'topic.creation.default.partitions': '0', 'topic.creation.default.replication.factor': '1' }),
      { message: 'Invalid value 0 for configuration partitions: Value must be -1 or at least 1' },
    );
    const ignored = await ConnectorConfig.create(builtinPluginRegistry(), { ...SOURCE, 'topic.creation.default.partitions': '3' }, { topicCreationEnabled: false });
    assert.throws(() => ignored.get('topic.creation.default.partitions'), { message: "Unknown configuration 'topic.creation.default.partitions'" });
  });

  it('accepts the connector files in etc/ as they are', async () => {
    for (const [file, className] of [
      ['connect-file-source.properties', 'org.apache.kafka.connect.file.FileStreamSourceConnector'],
      ['connect-file-sink.properties', 'org.apache.kafka.connect.file.FileStreamSinkConnector'],
    ] as const) {
      const props = await readPropertiesFile(new URL(file, ETC).pathname);
      const config = await ConnectorConfig.create(builtinPluginRegistry(), props);
      assert.equal(config.connector.className, className);
      assert.equal(config.tasksMax(), 1);
    }
  });
});
