import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigDef, type ConfigInfos, type ConnectRecord, type Transformation } from '@tsconnect/api';
import { validateConnectorConfig } from '../../src/config/connector-config-validation.js';
import { WorkerConfig } from '../../src/config/worker-config.js';
import { fileStreamConnectors } from '../../src/connectors/file/file-stream-plugins.js';
import { BadRequestError } from '../../src/herder/herder-errors.js';
import { builtinPluginRegistry } from '../../src/plugins/builtin-plugins.js';
import { PluginRegistry } from '../../src/plugins/plugin-registry.js';
import { tableEntries } from '../../src/plugins/plugin-table.js';

const MASK = 'com.example.smt.Mask$Value';

/** A transformation with a required key, a defaulted one, and keys the implicit ones mask. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any record type, as Java's ConnectRecord<?>
class Mask implements Transformation<ConnectRecord<any>> {
  configure(): void {}
  apply<R>(record: R): R {
    return record;
  }
  config(): ConfigDef {
    return new ConfigDef()
      .define({ name: 'replacement', type: 'STRING', defaultValue: null, importance: 'LOW', documentation: 'What masked values become.' })
      .define({ name: 'fields', type: 'LIST', importance: 'HIGH', documentation: 'Names of fields to mask.' })
      .define({ name: 'negate', type: 'INT', defaultValue: 7, importance: 'HIGH', documentation: 'Masked by the implicit key.' });
  }
  close(): void {}
}

function registry(): PluginRegistry {
  return new PluginRegistry()
    .registerAll(tableEntries(fileStreamConnectors, '4.1.1'))
    .register({ className: MASK, kind: 'transformation', version: '1.0', load: async () => Mask });
}

const SINK_CONFIG = {
  name: 'local-file-sink',
  'connector.class': 'FileStreamSink',
  topics: 'connect-test',
  file: '/tmp/sink.txt',
  transforms: 'mask',
  'transforms.mask.type': MASK,
  'transforms.mask.replacement': 'xxx',
};

const config = (infos: ConfigInfos, name: string) => infos.configs.find((c) => (c.definition?.name ?? c.value?.name) === name);
const errors = (infos: ConfigInfos, name: string) => config(infos, name)?.value?.errors;

describe('validateConnectorConfig for a FileStreamSink with a transform', () => {
  it('answers the name, error count, groups and keys in Kafka order', async () => {
    const infos = await validateConnectorConfig(registry(), SINK_CONFIG);
    assert.equal(infos.name, 'FileStreamSink');
    assert.equal(infos.error_count, 1);
    assert.deepEqual(infos.groups, ['Common', 'Transforms', 'Predicates', 'Error Handling', 'Transforms: mask']);
    assert.deepEqual(
      infos.configs.map((c) => c.definition!.name),
      [
        'name', 'connector.class', 'connector.plugin.version', 'tasks.max', 'tasks.max.enforce',
        'key.converter', 'key.converter.plugin.version', 'value.converter', 'value.converter.plugin.version',
        'header.converter', 'header.converter.plugin.version', 'transforms', 'predicates', 'config.action.reload',
        'errors.retry.timeout', 'errors.retry.delay.max.ms', 'errors.tolerance', 'errors.log.enable',
        'errors.log.include.messages', 'topics', 'topics.regex', 'errors.deadletterqueue.topic.name',
        'errors.deadletterqueue.topic.replication.factor', 'errors.deadletterqueue.context.headers.enable',
        'transforms.mask.type', 'transforms.mask.plugin.version', 'transforms.mask.fields', 'transforms.mask.negate', 'transforms.mask.predicate',
        'transforms.mask.replacement', 'file',
      ],
    );
  });

  it('embeds the transform type and its keys as Kafka does (exact JSON)', async () => {
    const infos = await validateConnectorConfig(registry(), SINK_CONFIG);
    assert.equal(
      JSON.stringify(config(infos, 'transforms.mask.type')),
      JSON.stringify({
        definition: {
          name: 'transforms.mask.type', type: 'CLASS', required: true, default_value: null, importance: 'HIGH',
          documentation: "Class for the 'mask' transformation.", group: 'Transforms: mask', width: 'LONG',
          display_name: 'Transformation type for mask', dependents: [], order: 0,
        },
        value: { name: 'transforms.mask.type', value: MASK, recommended_values: [MASK], errors: [], visible: true },
      }),
    );
    assert.equal(
      JSON.stringify(config(infos, 'transforms.mask.fields')),
      JSON.stringify({
        definition: {
          name: 'transforms.mask.fields', type: 'LIST', required: true, default_value: null, importance: 'HIGH',
          documentation: 'Names of fields to mask.', group: 'Transforms: mask', width: 'NONE', display_name: 'fields',
          dependents: [], order: 2,
        },
        value: {
          name: 'transforms.mask.fields', value: null, recommended_values: [],
          errors: ['Missing required configuration "transforms.mask.fields" which has no default value.'], visible: true,
        },
      }),
    );
    // The implicit negate (BOOLEAN, default false) masks the transform's own INT key of that name.
    assert.deepEqual(
      { ...config(infos, 'transforms.mask.negate')!.definition, documentation: null },
      {
        name: 'transforms.mask.negate', type: 'BOOLEAN', required: false, default_value: 'false', importance: 'MEDIUM',
        documentation: null, group: 'Transforms: mask', width: 'NONE', display_name: 'negate', dependents: [], order: 3,
      },
    );
    assert.equal(config(infos, 'transforms.mask.replacement')!.value!.value, 'xxx');
    assert.equal(config(infos, 'transforms.mask.replacement')!.definition!.order, 5);
  });

  it('has a plugin.version key for each transform and predicate, defaulting to the installed version (Kafka 4.1)', async () => {
    const infos = await validateConnectorConfig(registry(), { ...SINK_CONFIG, transforms: 'mask,missing' });
    assert.equal(
      JSON.stringify(config(infos, 'transforms.mask.plugin.version')),
      JSON.stringify({
        definition: {
          name: 'transforms.mask.plugin.version', type: 'STRING', required: false, default_value: '1.0', importance: 'HIGH',
          documentation: "Version of the 'mask' transformation.", group: 'Transforms: mask', width: 'LONG',
          display_name: 'Transformation version for mask', dependents: [], order: 1,
        },
        value: { name: 'transforms.mask.plugin.version', value: '1.0', recommended_values: ['1.0'], errors: [], visible: true },
      }),
    );
    // An alias without a type: no default and nothing to recommend, as Kafka answers.
    assert.deepEqual(config(infos, 'transforms.missing.plugin.version')!.value, {
      name: 'transforms.missing.plugin.version', value: null, recommended_values: [], errors: [], visible: true,
    });
    const predicates = await validateConnectorConfig(new PluginRegistry().registerAll(builtinPluginRegistry().plugins()), {
      ...SINK_CONFIG, transforms: '', predicates: 'p', 'predicates.p.type': 'TopicNameMatches', 'predicates.p.pattern': 'x.*',
    });
    assert.deepEqual(
      ['predicates.p.type', 'predicates.p.plugin.version', 'predicates.p.pattern'].map((k) => config(predicates, k)!.definition!.order),
      [0, 1, 2],
    );
    assert.equal(config(predicates, 'predicates.p.plugin.version')!.definition!.display_name, 'Predicate version for p');
  });

  it('a plugin.version no installed version matches fails the type and version keys and drops the plugin keys', async () => {
    const infos = await validateConnectorConfig(registry(), { ...SINK_CONFIG, 'transforms.mask.plugin.version': '9.9.9' });
    const message = `Plugin ${MASK} not found that matches the version range [9.9.9,9.9.9], available versions: [1.0]`;
    assert.deepEqual(errors(infos, 'transforms.mask.type'), [message]);
    assert.deepEqual(errors(infos, 'transforms.mask.plugin.version'), [message]);
    assert.equal(config(infos, 'transforms.mask.fields'), undefined);
    const ranged = await validateConnectorConfig(registry(), { ...SINK_CONFIG, 'transforms.mask.plugin.version': '[1.0,2.0)' });
    assert.deepEqual(errors(ranged, 'transforms.mask.plugin.version'), []);
    assert.ok(config(ranged, 'transforms.mask.fields'));
  });

  it("shows the connector's own keys after the framework's, and framework values as strings", async () => {
    const infos = await validateConnectorConfig(registry(), SINK_CONFIG);
    assert.deepEqual(config(infos, 'file'), {
      definition: {
        name: 'file', type: 'STRING', required: false, default_value: null, importance: 'HIGH',
        documentation: 'Destination filename. If not specified, the standard output will be used', group: null,
        width: 'NONE', display_name: 'file', dependents: [], order: -1,
      },
      value: { name: 'file', value: '/tmp/sink.txt', recommended_values: [], errors: [], visible: true },
    });
    assert.deepEqual(config(infos, 'tasks.max')!.value, { name: 'tasks.max', value: '1', recommended_values: [], errors: [], visible: true });
    assert.deepEqual(config(infos, 'connector.plugin.version')!.definition!.default_value, '4.1.1');
    assert.deepEqual(config(infos, 'topics')!.definition!.order, 4);
  });

  it('requires exactly one of topics and topics.regex', async () => {
    const { topics: _, ...withoutTopics } = SINK_CONFIG;
    const none = await validateConnectorConfig(registry(), withoutTopics);
    assert.deepEqual(errors(none, 'topics'), ['Must configure one of topics or topics.regex']);
    assert.deepEqual(errors(none, 'topics.regex'), ['Must configure one of topics or topics.regex']);
    const both = await validateConnectorConfig(registry(), { ...SINK_CONFIG, 'topics.regex': 'connect-.*' });
    const message = 'topics and topics.regex are mutually exclusive options, but both are set.';
    assert.deepEqual(errors(both, 'topics'), [message]);
    assert.deepEqual(errors(both, 'topics.regex'), [message]);
  });

  it('refuses a dead letter queue topic that the connector consumes', async () => {
    const infos = await validateConnectorConfig(registry(), {
      ...SINK_CONFIG,
      topics: 'a,dlq',
      'errors.deadletterqueue.topic.name': 'dlq',
    });
    assert.deepEqual(errors(infos, 'topics'), [
      "The DLQ topic 'dlq' may not be included in the list of topics ('topics=[a, dlq]') consumed by the connector",
    ]);
  });

  it('reports transform problems on the type key: unknown class, negate without predicate, duplicate alias', async () => {
    const unknown = await validateConnectorConfig(registry(), { ...SINK_CONFIG, 'transforms.mask.type': 'com.example.Nope' });
    assert.deepEqual(errors(unknown, 'transforms.mask.type'), [
      'Invalid value com.example.Nope for configuration transforms.mask.type: Class com.example.Nope could not be found.',
    ]);
    // Kafka could not parse the class, so the key has no value (as Kafka 4.1.1 answered for a predicate).
    assert.equal(config(unknown, 'transforms.mask.type')!.value!.value, null);
    assert.equal(config(unknown, 'transforms.mask.fields'), undefined);
    const negate = await validateConnectorConfig(registry(), { ...SINK_CONFIG, 'transforms.mask.negate': 'true' });
    assert.deepEqual(errors(negate, 'transforms.mask.type'), [
      "Config 'transforms.mask.negate' was provided but there is no config 'transforms.mask.predicate' defining a predicate to be negated.",
    ]);
    const duplicate = await validateConnectorConfig(registry(), { ...SINK_CONFIG, transforms: 'mask,mask' });
    assert.deepEqual(errors(duplicate, 'transforms'), ['Invalid value [mask, mask] for configuration transforms: Duplicate alias provided.']);
  });

  it('reports null values', async () => {
    const infos = await validateConnectorConfig(registry(), { ...SINK_CONFIG, 'tasks.max': null, extra: null });
    assert.deepEqual(errors(infos, 'extra'), ['Null value can not be supplied as the configuration value.']);
    assert.equal(config(infos, 'extra')!.definition, null);
    assert.ok(errors(infos, 'tasks.max')!.includes('Null value can not be supplied as the configuration value.'));
  });

  it('shows the worker converters as defaults and validates a converter the connector sets', async () => {
    const worker = WorkerConfig.distributed({
      'group.id': 'g', 'config.storage.topic': 'c', 'offset.storage.topic': 'o', 'status.storage.topic': 's',
      'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
      'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    });
    const infos = await validateConnectorConfig(
      builtinPluginRegistry(),
      { ...SINK_CONFIG, 'transforms.mask.type': 'RegexRouter', 'value.converter': 'Json', 'value.converter.schemas.enable': 'maybe' },
      { worker },
    );
    assert.equal(config(infos, 'key.converter')!.definition!.default_value, 'org.apache.kafka.connect.storage.StringConverter');
    assert.equal(config(infos, 'header.converter')!.definition!.default_value, 'org.apache.kafka.connect.storage.SimpleHeaderConverter');
    assert.equal(config(infos, 'value.converter')!.value!.value, 'org.apache.kafka.connect.json.JsonConverter');
    assert.deepEqual(errors(infos, 'value.converter.schemas.enable'), [
      'Invalid value maybe for configuration schemas.enable: Expected value to be either true or false',
    ]);
    assert.equal(config(infos, 'value.converter.schemas.enable')!.definition!.group, 'Schemas');
    assert.ok(infos.groups.includes('Transforms: mask'));
  });

  it('refuses a config without connector.class or naming no connector (400)', async () => {
    await assert.rejects(validateConnectorConfig(registry(), { name: 'x' }), (e: unknown) =>
      e instanceof BadRequestError && e.message === 'Connector config {name=x} contains no connector type');
    await assert.rejects(validateConnectorConfig(registry(), { 'connector.class': 'Nope' }), (e: unknown) =>
      e instanceof BadRequestError && e.message.startsWith('Failed to find any class that implements Connector and which name matches Nope'));
  });
});

describe('validateConnectorConfig: exactly-once preflight checks of a source connector (distributed mode)', () => {
  const source = (extra: Record<string, string>) => ({
    name: 'local-file-source', 'connector.class': 'FileStreamSource', topic: 'lines', ...extra,
  });

  it('accepts exactly.once.support=required when the connector says it is supported', async () => {
    const infos = await validateConnectorConfig(registry(), source({ file: '/tmp/in.txt', 'exactly.once.support': 'required' }), { exactlyOnceSource: true });
    assert.deepEqual(errors(infos, 'exactly.once.support'), []);
  });

  it('refuses it when the connector cannot, or when the worker has exactly-once support disabled', async () => {
    const stdin = await validateConnectorConfig(registry(), source({ 'exactly.once.support': 'required' }), { exactlyOnceSource: true });
    assert.deepEqual(errors(stdin, 'exactly.once.support'), ['The connector does not support exactly-once semantics with the provided configuration.']);
    const disabled = await validateConnectorConfig(registry(), source({ file: '/tmp/in.txt', 'exactly.once.support': 'required' }), { exactlyOnceSource: false });
    assert.deepEqual(errors(disabled, 'exactly.once.support'), ['This worker does not have exactly-once source support enabled.']);
  });

  it('refuses transaction.boundary=connector for a connector that cannot define boundaries', async () => {
    const infos = await validateConnectorConfig(registry(), source({ file: '/tmp/in.txt', 'transaction.boundary': 'connector' }), { exactlyOnceSource: true });
    assert.match(errors(infos, 'transaction.boundary')![0]!, /does not support connector-defined transaction boundaries/);
    const poll = await validateConnectorConfig(registry(), source({ file: '/tmp/in.txt', 'transaction.boundary': 'poll' }), { exactlyOnceSource: true });
    assert.deepEqual(errors(poll, 'transaction.boundary'), []);
  });

  it('makes no such check in standalone mode', async () => {
    const infos = await validateConnectorConfig(registry(), source({ 'exactly.once.support': 'required' }));
    assert.deepEqual(errors(infos, 'exactly.once.support'), []);
  });
});
