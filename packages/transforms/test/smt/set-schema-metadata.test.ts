import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigException, DataException, SchemaBuilder, Schemas, Struct, type SinkRecord } from '@tsconnect/api';
import { SetSchemaMetadataKey, SetSchemaMetadataValue } from '../../src/index.js';
import { sinkRecord } from '../util/test-records.js';

function value(props: Record<string, unknown>): SetSchemaMetadataValue<SinkRecord> {
  const xform = new SetSchemaMetadataValue<SinkRecord>();
  xform.configure(props);
  return xform;
}

describe('SetSchemaMetadata', () => {
  it('needs a name or a version', () => {
    assert.throws(() => value({}), (e: unknown) => e instanceof ConfigException &&
      e.message === 'Neither schema name nor version configured');
  });

  it('sets the name and version, keeping the rest of the schema', () => {
    const schema = SchemaBuilder.struct().withName('old').withVersion(1).withDoc('doc').parameter('p', 'v')
      .addField('a', Schemas.STRING).build();
    const struct = new Struct(schema).put('a', 'x');
    const transformed = value({ 'schema.name': 'foo', 'schema.version': '42' })
      .apply(sinkRecord({ valueSchema: schema, value: struct }));
    const updated = transformed.valueSchema!;
    assert.equal(updated.name, 'foo');
    assert.equal(updated.version, 42);
    assert.equal(updated.doc, 'doc');
    assert.equal(updated.parameters!.get('p'), 'v');
    assert.equal((transformed.value as Struct).schema, updated, 'the struct is rebuilt on the new schema');
    assert.equal((transformed.value as Struct).get('a'), 'x');
  });

  it('leaves non-struct values as they are', () => {
    const transformed = value({ 'schema.version': 3 }).apply(sinkRecord({ valueSchema: Schemas.STRING, value: 'x' }));
    assert.equal(transformed.valueSchema!.version, 3);
    assert.equal(transformed.valueSchema!.type, 'STRING');
    assert.equal(transformed.value, 'x');
  });

  it('keeps a tombstone with a schema null, and one without a schema unchanged', () => {
    const optional = SchemaBuilder.struct().optional().addField('a', Schemas.STRING).build();
    const transformed = value({ 'schema.name': 'n' }).apply(sinkRecord({ valueSchema: optional, value: null }));
    assert.equal(transformed.valueSchema!.name, 'n');
    assert.equal(transformed.value, null);
    const schemaless = sinkRecord({ value: null });
    assert.equal(value({ 'schema.name': 'n' }).apply(schemaless), schemaless);
  });

  it('requires a schema for a value', () => {
    assert.throws(() => value({ 'schema.name': 'n' }).apply(sinkRecord({ value: 'x' })), (e: unknown) =>
      e instanceof DataException && e.message === 'Schema required for [updating schema metadata]');
  });

  it('works on the key with $Key', () => {
    const xform = new SetSchemaMetadataKey<SinkRecord>();
    xform.configure({ 'schema.name': 'k' });
    const transformed = xform.apply(sinkRecord({ keySchema: Schemas.INT32, key: 1, valueSchema: Schemas.STRING, value: 'v' }));
    assert.equal(transformed.keySchema!.name, 'k');
    assert.equal(transformed.valueSchema, Schemas.STRING);
  });
});
