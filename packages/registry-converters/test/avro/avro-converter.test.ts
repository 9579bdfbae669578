/** AvroConverter paths that need a controlled registry (the in-process fake); Apicurio runs in the integration test. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConfigException, DataException, RetriableException, SchemaBuilder, Schemas, Struct } from '@tsconnect/api';
import { AvroConverter } from '../../src/avro/avro-converter.js';
import { unframe } from '../../src/serde/wire-format.js';
import { FakeRegistry } from '../support/fake-registry.js';

const ROW = SchemaBuilder.struct().withName('t.Row').addField('a', Schemas.INT32).build();

describe('AvroConverter', () => {
  let registry: FakeRegistry;
  before(async () => {
    registry = await FakeRegistry.start(100);
  });
  after(async () => {
    await registry.stop();
  });

  it('with use.schema.id writes with that id, checking that its schema can read the record', async () => {
    const wider = '{"type":"record","name":"Row","namespace":"t","fields":[{"name":"a","type":"int"},' +
      '{"name":"b","type":"string","default":"x"}]}';
    const id = registry.register('other', wider);
    const converter = new AvroConverter();
    converter.configure({ 'schema.registry.url': registry.url, 'auto.register.schemas': false, 'use.schema.id': id }, false);
    const bytes = await converter.fromConnectData('t', null, ROW, new Struct(ROW).put('a', 1));
    assert.equal(unframe(bytes!).schemaId, id);
    assert.equal(Buffer.from(unframe(bytes!).payload).toString('hex'), '02' + '02' + '78', 'a=1, then the default "x"');

    const narrower = registry.register('other2', '{"type":"record","name":"Row","namespace":"t","fields":[{"name":"z","type":"int"}]}');
    const strict = new AvroConverter();
    strict.configure({ 'schema.registry.url': registry.url, 'auto.register.schemas': false, 'use.schema.id': narrower }, false);
    await assert.rejects(strict.fromConnectData('t', null, ROW, new Struct(ROW).put('a', 1)), DataException);
  });

  it('sends the bearer token when one is configured', async () => {
    const converter = new AvroConverter();
    converter.configure({ 'schema.registry.url': registry.url, 'bearer.auth.token': 'tok' }, true);
    await converter.fromConnectData('k', null, Schemas.STRING, 'x');
    const last = registry.requests.at(-1)!;
    assert.equal(last.headers.authorization, 'Bearer tok');
    assert.equal(last.url, '/subjects/k-key/versions?normalize=false');
  });

  it('is retriable when the registry cannot be reached', async () => {
    const converter = new AvroConverter();
    converter.configure({ 'schema.registry.url': 'http://127.0.0.1:1', 'http.read.timeout.ms': 2000 }, false);
    await assert.rejects(converter.fromConnectData('t', null, ROW, new Struct(ROW).put('a', 1)), RetriableException);
  });

  it('fails on values that do not fit the schema, without a schema, and on a bad strategy', async () => {
    const converter = new AvroConverter();
    converter.configure({ 'schema.registry.url': registry.url }, false);
    await assert.rejects(converter.fromConnectData('t', null, Schemas.INT32, 'nope'), DataException);
    await assert.rejects(converter.fromConnectData('t', null, null, 5), /needs a schema/);
    assert.throws(() => new AvroConverter().configure({ 'schema.registry.url': registry.url, 'value.subject.name.strategy': 'x.Y' }, false),
      ConfigException);
  });

  it('reads synchronously once an id is known, the same values; bad bytes of a known id still fail the full way', async () => {
    const writer = new AvroConverter();
    writer.configure({ 'schema.registry.url': registry.url }, false);
    const reader = new AvroConverter();
    reader.configure({ 'schema.registry.url': registry.url }, false);
    const first = await writer.fromConnectData('sync', null, ROW, new Struct(ROW).put('a', 1));
    const second = await writer.fromConnectData('sync', null, ROW, new Struct(ROW).put('a', -2));

    const firstRead = reader.toConnectData('sync', null, first);
    assert.ok(firstRead instanceof Promise, 'the first record of an id asks the registry');
    assert.equal(((await firstRead).value as Struct).getInt32('a'), 1);
    const secondRead = reader.toConnectData('sync', null, second);
    assert.ok(!(secondRead instanceof Promise));
    assert.equal((secondRead.value as Struct).getInt32('a'), -2);
    assert.ok(secondRead.schema!.equals((await firstRead).schema));

    const truncated = second!.subarray(0, 5);
    const failed = reader.toConnectData('sync', null, truncated);
    assert.ok(failed instanceof Promise);
    await assert.rejects(failed, (e: unknown) => e instanceof DataException && /Error deserializing Avro message for id \d+/.test(e.message));
  });
});
