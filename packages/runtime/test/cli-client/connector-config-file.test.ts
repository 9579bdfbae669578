import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connectorConfigFrom } from '../../src/cli-client/connector-config-file.js';
import { UsageError } from '../../src/cli-client/usage-error.js';

const CLASS = 'org.apache.kafka.connect.file.FileStreamSinkConnector';

test('the body of POST /connectors: name and config', () => {
  const read = connectorConfigFrom(JSON.stringify({ name: 'sink', config: { 'connector.class': CLASS, 'tasks.max': 1 } }), 'c.json');
  assert.deepEqual(read, { name: 'sink', config: { name: 'sink', 'connector.class': CLASS, 'tasks.max': '1' } });
});

test('a flat JSON config names itself', () => {
  const read = connectorConfigFrom(JSON.stringify({ name: 'flat', 'connector.class': CLASS }), 'c.json');
  assert.equal(read.name, 'flat');
});

test('a .properties file as connect-standalone reads it', () => {
  const read = connectorConfigFrom(`# a sink\nname=props\nconnector.class=${CLASS}\ntopics=a,b\n`, 'sink.properties');
  assert.deepEqual(read.config, { name: 'props', 'connector.class': CLASS, topics: 'a,b' });
});

test('--name overrides the file and is written into the config', () => {
  const read = connectorConfigFrom(JSON.stringify({ name: 'old', 'connector.class': CLASS }), 'c.json', 'new');
  assert.deepEqual([read.name, read.config.name], ['new', 'new']);
});

test('a config without a name or class is a usage error', () => {
  assert.throws(() => connectorConfigFrom(JSON.stringify({ 'connector.class': CLASS }), 'c.json'), UsageError);
  assert.throws(() => connectorConfigFrom(JSON.stringify({ name: 'x' }), 'c.json'), UsageError);
});
