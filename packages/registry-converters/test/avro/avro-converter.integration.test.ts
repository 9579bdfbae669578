/**
 * AvroConverter against a real Schema Registry API: Apicurio Registry's Confluent-compatible
 * endpoints (/apis/ccompat/v7), started once for this file.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DataException, RetriableException, SchemaBuilder, Schemas, Struct, type Schema } from '@tsconnect/api';
import { ApicurioRegistry } from '@tsconnect/testinfra';
import { AvroConverter } from '../../src/avro/avro-converter.js';
import { AvroData } from '../../src/avro/avro-data.js';
import { writeAvroSchema } from '../../src/avro/avro-schema.js';
import { SchemaRegistryClient } from '../../src/registry/schema-registry-client.js';
import { unframe } from '../../src/serde/wire-format.js';

const V1 = SchemaBuilder.struct().withName('com.example.Customer')
  .addField('id', Schemas.INT64).addField('name', Schemas.STRING).build();
const V2 = SchemaBuilder.struct().withName('com.example.Customer')
  .addField('id', Schemas.INT64).addField('name', Schemas.STRING).addField('email', Schemas.OPTIONAL_STRING).build();
const V3_INCOMPATIBLE = SchemaBuilder.struct().withName('com.example.Customer')
  .addField('id', Schemas.INT64).addField('name', Schemas.STRING).addField('tier', Schemas.INT32).build();

function customer(schema: Schema, id: bigint, name: string): Struct {
  return new Struct(schema).put('id', id).put('name', name);
}

describe('AvroConverter with Apicurio Registry', () => {
  let registry: ApicurioRegistry;
  let client: SchemaRegistryClient;

  before(async () => {
    registry = await ApicurioRegistry.start();
    client = new SchemaRegistryClient({ urls: [registry.url] });
  });
  after(async () => {
    await registry?.stop();
  });

  function converter(settings: Record<string, unknown> = {}, isKey = false): AvroConverter {
    const c = new AvroConverter();
    c.configure({ 'schema.registry.url': registry.url, ...settings }, isKey);
    return c;
  }

  it('registers the schema under <topic>-value and a fresh converter reads the record back', async () => {
    const bytes = await converter().fromConnectData('customers', null, V1, customer(V1, 1n, 'Ann'));
    const { schemaId } = unframe(bytes!);
    const stored = await client.getSchemaById(schemaId);
    assert.equal(stored.schema, writeAvroSchema(new AvroData().fromConnectSchema(V1)));
    assert.equal((await client.getLatest('customers-value')).id, schemaId);

    const { schema, value } = await converter().toConnectData('customers', null, bytes);
    assert.equal(schema!.name, 'com.example.Customer');
    assert.equal(schema!.version, 1);
    assert.equal((value as Struct).get('id'), 1n);
    assert.equal((value as Struct).get('name'), 'Ann');
  });

  it('uses <topic>-key for a key converter', async () => {
    await converter({}, true).fromConnectData('keyed', null, Schemas.STRING, 'k1');
    assert.ok((await client.getSubjects()).includes('keyed-key'));
  });

  it('with auto.register.schemas=false looks the schema up, failing clearly when it is not registered', async () => {
    const lookupOnly = converter({ 'auto.register.schemas': false });
    await assert.rejects(lookupOnly.fromConnectData('unregistered', null, V1, customer(V1, 2n, 'Bo')),
      (e: unknown) => e instanceof DataException && /unregistered-value/.test(e.message) && /40401/.test(e.message));
    const registered = await converter().fromConnectData('unregistered', null, V1, customer(V1, 2n, 'Bo'));
    const looked = await converter({ 'auto.register.schemas': false }).fromConnectData('unregistered', null, V1, customer(V1, 2n, 'Bo'));
    assert.deepEqual(looked, registered);
  });

  it('with use.latest.version writes in the latest registered schema', async () => {
    await converter().fromConnectData('latest', null, V2, new Struct(V2).put('id', 1n).put('name', 'a').put('email', 'a@x'));
    const latest = await client.getLatest('latest-value');
    const bytes = await converter({ 'auto.register.schemas': false, 'use.latest.version': true })
      .fromConnectData('latest', null, V1, customer(V1, 5n, 'Cy'));
    assert.equal(unframe(bytes!).schemaId, latest.id);
    const { schema, value } = await converter().toConnectData('latest', null, bytes);
    assert.ok(schema!.field('email'));
    assert.equal((value as Struct).get('email'), null);
    assert.equal((value as Struct).get('name'), 'Cy');
  });

  it('with use.latest.version and latest.compatibility.strict refuses a latest schema that cannot read the record', async () => {
    await converter().fromConnectData('strict', null, V3_INCOMPATIBLE, customer(V3_INCOMPATIBLE, 1n, 'a').put('tier', 1));
    await assert.rejects(
      converter({ 'auto.register.schemas': false, 'use.latest.version': true }).fromConnectData('strict', null, V1, customer(V1, 1n, 'a')),
      (e: unknown) => e instanceof DataException && /not backward compatible/.test(e.message));
  });

  it('registers under the record name with RecordNameStrategy and TopicRecordNameStrategy', async () => {
    const strategy = 'io.confluent.kafka.serializers.subject.';
    await converter({ 'value.subject.name.strategy': `${strategy}RecordNameStrategy` })
      .fromConnectData('any-topic', null, V1, customer(V1, 1n, 'a'));
    await converter({ 'value.subject.name.strategy': `${strategy}TopicRecordNameStrategy` })
      .fromConnectData('rn-topic', null, V1, customer(V1, 1n, 'a'));
    const subjects = await client.getSubjects();
    assert.ok(subjects.includes('com.example.Customer'), subjects.join());
    assert.ok(subjects.includes('rn-topic-com.example.Customer'), subjects.join());
    assert.ok(!subjects.includes('any-topic-value'));
  });

  it('evolves under BACKWARD compatibility: a new optional field is accepted, a new required one refused', async () => {
    const c = converter();
    const first = await c.fromConnectData('evolving', null, V1, customer(V1, 1n, 'a'));
    await client.setCompatibility('BACKWARD', 'evolving-value');
    assert.equal(await client.getCompatibility('evolving-value'), 'BACKWARD');

    const second = await c.fromConnectData('evolving', null, V2, new Struct(V2).put('id', 2n).put('name', 'b').put('email', 'b@x'));
    assert.notEqual(unframe(second!).schemaId, unframe(first!).schemaId);
    assert.deepEqual(await client.getVersions('evolving-value'), [1, 2]);

    const reader = converter();
    const old = await reader.toConnectData('evolving', null, first);
    const evolved = await reader.toConnectData('evolving', null, second);
    assert.equal(old.schema!.field('email'), null);
    assert.equal(old.schema!.version, 1);
    assert.equal(evolved.schema!.version, 2);
    assert.equal((evolved.value as Struct).get('email'), 'b@x');

    await assert.rejects(c.fromConnectData('evolving', null, V3_INCOMPATIBLE, customer(V3_INCOMPATIBLE, 3n, 'c').put('tier', 1)),
      (e: unknown) => e instanceof DataException && /409/.test(e.message));
  });

  it('fails with a DataException naming the schema id when the registry does not know it', async () => {
    const unknown = new Uint8Array([0, 0, 0x06, 0x7c, 0x4d, 0x02]); // id 425037
    await assert.rejects(async () => converter().toConnectData('customers', null, unknown), (e: unknown) =>
      e instanceof DataException && !(e instanceof RetriableException) &&
      /Failed to deserialize data for topic customers to Avro: Error retrieving Avro value schema for id 425037/.test(e.message));
  });
});
