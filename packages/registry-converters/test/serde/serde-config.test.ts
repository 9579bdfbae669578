import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigException } from '@tsconnect/api';
import { AvroConverterConfig } from '../../src/avro/avro-converter-config.js';

describe('schema registry converter settings', () => {
  it('needs schema.registry.url and splits a comma list', () => {
    assert.throws(() => new AvroConverterConfig({}), ConfigException);
    const config = new AvroConverterConfig({ 'schema.registry.url': 'http://a:1, http://b:2' });
    assert.deepEqual(config.clientOptions().urls, ['http://a:1', 'http://b:2']);
    assert.equal(config.autoRegisterSchemas, true);
    assert.equal(config.useLatestVersion, false);
  });

  it('reads basic auth from basic.auth.user.info (or its old name) with USER_INFO', () => {
    const base = { 'schema.registry.url': 'http://a', 'basic.auth.credentials.source': 'USER_INFO' };
    assert.deepEqual(new AvroConverterConfig({ ...base, 'basic.auth.user.info': 'u:p' }).basicAuth(), { user: 'u', password: 'p' });
    assert.deepEqual(new AvroConverterConfig({ ...base, 'schema.registry.basic.auth.user.info': 'v:q' }).basicAuth(),
      { user: 'v', password: 'q' });
    assert.throws(() => new AvroConverterConfig({ ...base, 'basic.auth.user.info': 'nocolon' }).basicAuth(), ConfigException);
    assert.equal(new AvroConverterConfig({ 'schema.registry.url': 'http://a', 'basic.auth.user.info': 'u:p' }).basicAuth(), null,
      'the default source URL ignores basic.auth.user.info');
  });

  it('reads the Avro data settings', () => {
    const config = new AvroConverterConfig({
      'schema.registry.url': 'http://a', 'connect.meta.data': 'false', 'enhanced.avro.schema.support': 'true',
      'scrub.invalid.names': 'true', 'schemas.cache.config': '5',
    });
    assert.deepEqual(config.avroDataOptions, { connectMetaData: false, enhancedSchemaSupport: true, scrubInvalidNames: true, cacheSize: 5 });
  });
});
