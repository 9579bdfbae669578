import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { schemaText } from '../../src/registry/registered-schema.js';
import { SchemaRegistryClient } from '../../src/registry/schema-registry-client.js';
import { SchemaRegistryError } from '../../src/registry/schema-registry-error.js';
import { FakeRegistry } from '../support/fake-registry.js';

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('SchemaRegistryClient', () => {
  let registry: FakeRegistry;
  before(async () => {
    registry = await FakeRegistry.start(7);
  });
  after(async () => {
    await registry.stop();
  });

  it('registers with the Confluent content type and body, and caches the id', async () => {
    const client = new SchemaRegistryClient({ urls: [registry.url] });
    const before = registry.requests.length;
    assert.equal(await client.register('s1-value', schemaText('"int"')), 7);
    assert.equal(await client.register('s1-value', schemaText('"int"')), 7);
    const seen = registry.requests.slice(before);
    assert.equal(seen.length, 1, 'second register is answered from the cache');
    assert.equal(seen[0]!.url, '/subjects/s1-value/versions?normalize=false');
    assert.equal(seen[0]!.headers['content-type'], 'application/vnd.schemaregistry.v1+json');
    assert.deepEqual(JSON.parse(seen[0]!.body), { schema: '"int"' });
    const json = await client.register('j-value', schemaText('{"type":"string"}', 'JSON'));
    assert.deepEqual(JSON.parse(registry.requests.at(-1)!.body), { schema: '{"type":"string"}', schemaType: 'JSON' });
    assert.deepEqual(await client.getSchemaById(json), { schema: '{"type":"string"}', schemaType: 'JSON', references: [] });
  });

  it('looks up, reads versions and reports registry errors with their error code', async () => {
    const client = new SchemaRegistryClient({ urls: [registry.url] });
    registry.register('s2-value', '"long"');
    const found = await client.lookup('s2-value', schemaText('"long"'));
    assert.equal(found.version, 1);
    assert.equal((await client.getLatest('s2-value')).schema, '"long"');
    await assert.rejects(client.lookup('s2-value', schemaText('"string"')), (e: unknown) =>
      e instanceof SchemaRegistryError && e.errorCode === 40403 && e.isNotFound && !e.retriable);
    await assert.rejects(client.getSchemaById(999), (e: unknown) =>
      e instanceof SchemaRegistryError && e.errorCode === 40403 && /Schema 999 not found/.test(e.message));
  });

  it('sends basic auth from user info, or from the URL, never putting credentials in the URL', async () => {
    const withInfo = new SchemaRegistryClient({ urls: [registry.url], basicAuth: { user: 'u', password: 'p:w' } });
    await withInfo.getSchemaById(7);
    assert.equal(registry.requests.at(-1)!.headers.authorization, `Basic ${Buffer.from('u:p:w').toString('base64')}`);
    const fromUrl = new SchemaRegistryClient({ urls: [registry.url.replace('http://', 'http://ann:s%40cret@')] });
    await fromUrl.getSchemaById(7);
    assert.equal(registry.requests.at(-1)!.headers.authorization, `Basic ${Buffer.from('ann:s@cret').toString('base64')}`);
    assert.deepEqual(fromUrl.urls, [registry.url]);
  });

  it('tries the next URL when one cannot be reached, and is retriable when none can', async () => {
    const dead = `http://127.0.0.1:${await closedPort()}`;
    const client = new SchemaRegistryClient({ urls: [dead, registry.url] });
    assert.equal((await client.getSchemaById(7)).schema, '"int"');
    const none = new SchemaRegistryClient({ urls: [dead] });
    await assert.rejects(none.getSchemaById(7), (e: unknown) => e instanceof SchemaRegistryError && e.retriable);
  });

  it('gives up on a request after the time limit', async () => {
    const slow = await FakeRegistry.start();
    slow.delayMs = 2_000;
    try {
      const client = new SchemaRegistryClient({ urls: [slow.url], requestTimeoutMs: 100 });
      await assert.rejects(client.getSchemaById(1), (e: unknown) => e instanceof SchemaRegistryError && e.retriable);
    } finally {
      await slow.stop();
    }
  });

  it('forgets a failed lookup so the next call asks again', async () => {
    const client = new SchemaRegistryClient({ urls: [registry.url] });
    await assert.rejects(client.getSchemaById(12345));
    const before = registry.requests.length;
    await assert.rejects(client.getSchemaById(12345));
    assert.equal(registry.requests.length, before + 1);
  });
});
