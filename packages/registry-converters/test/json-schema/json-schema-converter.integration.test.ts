/** JsonSchemaConverter against Apicurio Registry's Confluent-compatible API, started once for this file. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DataException, SchemaBuilder, Schemas, Struct } from '@tsconnect/api';
import { ApicurioRegistry } from '@tsconnect/testinfra';
import { JsonSchemaConverter } from '../../src/json-schema/json-schema-converter.js';
import { schemaText } from '../../src/registry/registered-schema.js';
import { SchemaRegistryClient } from '../../src/registry/schema-registry-client.js';
import { frame, unframe } from '../../src/serde/wire-format.js';

const ORDER = SchemaBuilder.struct().withName('shop.Order')
  .addField('id', Schemas.INT64).addField('item', Schemas.STRING).addField('qty', Schemas.OPTIONAL_INT32).build();

describe('JsonSchemaConverter with Apicurio Registry', () => {
  let registry: ApicurioRegistry;
  let client: SchemaRegistryClient;

  before(async () => {
    registry = await ApicurioRegistry.start();
    client = new SchemaRegistryClient({ urls: [registry.url] });
  });
  after(async () => {
    await registry?.stop();
  });

  function converter(settings: Record<string, unknown> = {}): JsonSchemaConverter {
    const c = new JsonSchemaConverter();
    c.configure({ 'schema.registry.url': registry.url, ...settings }, false);
    return c;
  }

  it('registers a JSON schema, writes prefix + JSON text, and reads it back', async () => {
    const bytes = await converter().fromConnectData('orders', null, ORDER, new Struct(ORDER).put('id', 9007199254740993n).put('item', 'pen'));
    const { schemaId, payload } = unframe(bytes!);
    assert.equal(Buffer.from(payload).toString(), '{"id":9007199254740993,"item":"pen","qty":null}');
    assert.equal((await client.getSchemaById(schemaId)).schemaType, 'JSON');
    const { schema, value } = await converter().toConnectData('orders', null, bytes);
    assert.equal(schema!.name, 'shop.Order');
    assert.equal(schema!.version, 1);
    assert.equal((value as Struct).get('id'), 9007199254740993n);
    assert.equal((value as Struct).get('qty'), null);
  });

  it('validates payloads against the registered schema with json.fail.invalid.schema', async () => {
    const id = await client.register('checked-value', schemaText(JSON.stringify({
      type: 'object', properties: { n: { type: 'integer', minimum: 0 } }, required: ['n'],
    }), 'JSON'));
    const bad = frame(id, Buffer.from('{"n":-1}'));
    await assert.rejects(converter({ 'json.fail.invalid.schema': true }).toConnectData('checked', null, bad),
      (e: unknown) => e instanceof DataException && /minimum|>= 0/.test(e.message));
    const lenient = await converter().toConnectData('checked', null, bad);
    assert.equal((lenient.value as Struct).get('n'), -1n);

    const writer = converter({ 'auto.register.schemas': false, 'use.latest.version': true, 'json.fail.invalid.schema': true });
    const schema = SchemaBuilder.struct().addField('n', Schemas.INT64).build();
    await assert.rejects(writer.fromConnectData('checked', null, schema, new Struct(schema).put('n', -5n)), DataException);
    const ok = await writer.fromConnectData('checked', null, schema, new Struct(schema).put('n', 5n));
    assert.equal(unframe(ok!).schemaId, id);
  });

  it('fails with a DataException naming an unknown schema id', async () => {
    await assert.rejects(converter().toConnectData('orders', null, frame(777777, Buffer.from('{}'))),
      (e: unknown) => e instanceof DataException && /schema for id 777777/.test(e.message));
  });
});
