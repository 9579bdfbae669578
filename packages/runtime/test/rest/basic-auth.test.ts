import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ConfigException } from '@tsconnect/api';
import { authenticatedUser, BASIC_AUTH_EXTENSION, basicAuthCredentials } from '../../src/rest/basic-auth.js';
import { basic } from './https-support.js';

describe('basic authentication', () => {
  let dir: string;
  let credentials: string;
  let jaas: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'tsconnect-basic-auth-'));
    credentials = join(dir, 'credentials.properties');
    writeFileSync(credentials, 'alice=secret\nbob=pa:ss\n');
    jaas = join(dir, 'connect.jaas');
    writeFileSync(
      jaas,
      `// the worker's REST users\nKafkaConnect {\n  org.apache.kafka.connect.rest.basic.auth.extension.PropertyFileLoginModule required\n  file="${credentials}";\n};\n`,
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('is off unless the worker names credentials or the extension', () => {
    assert.equal(basicAuthCredentials({}, {}), null);
  });

  it('reads user=password from rest.basic.auth.credentials.file', () => {
    const users = basicAuthCredentials({ 'rest.basic.auth.credentials.file': credentials }, {});
    assert.deepEqual([...users!], [['alice', 'secret'], ['bob', 'pa:ss']]);
  });

  it('accepts Kafka\'s shape: the extension class and the JAAS file in KAFKA_OPTS or rest.basic.auth.jaas.config.file', () => {
    const viaEnv = basicAuthCredentials(
      { 'rest.extension.classes': BASIC_AUTH_EXTENSION },
      { KAFKA_OPTS: `-Xmx1g -Djava.security.auth.login.config=${jaas} -Dother=1` },
    );
    assert.equal(viaEnv?.get('alice'), 'secret');
    const viaKey = basicAuthCredentials({ 'rest.extension.classes': `x.Other, ${BASIC_AUTH_EXTENSION}`, 'rest.basic.auth.jaas.config.file': jaas }, {});
    assert.equal(viaKey?.get('bob'), 'pa:ss');
  });

  it('stops start-up when the extension is named without credentials, or a file is missing', () => {
    assert.throws(() => basicAuthCredentials({ 'rest.extension.classes': BASIC_AUTH_EXTENSION }, {}), (e: Error) => e instanceof ConfigException && /rest\.basic\.auth\.credentials\.file/.test(e.message));
    assert.throws(() => basicAuthCredentials({ 'rest.basic.auth.credentials.file': join(dir, 'none') }, {}), /cannot be read/);
    const noEntry = join(dir, 'other.jaas');
    writeFileSync(noEntry, 'KafkaServer { x.Y required; };');
    assert.throws(() => basicAuthCredentials({ 'rest.extension.classes': BASIC_AUTH_EXTENSION, 'rest.basic.auth.jaas.config.file': noEntry }, {}), /KafkaConnect/);
  });

  it('authenticates a Basic header only with the right password', () => {
    const users = new Map([['alice', 'secret'], ['bob', 'pa:ss']]);
    assert.equal(authenticatedUser(basic('alice:secret'), users), 'alice');
    assert.equal(authenticatedUser(basic('bob:pa:ss'), users), 'bob');
    assert.equal(authenticatedUser(basic('alice:Secret'), users), null);
    assert.equal(authenticatedUser(basic('alice:'), users), null);
    assert.equal(authenticatedUser(basic(':secret'), users), null);
    assert.equal(authenticatedUser(basic('carol:secret'), users), null);
    assert.equal(authenticatedUser(`Bearer ${Buffer.from('alice:secret').toString('base64')}`, users), null);
    assert.equal(authenticatedUser(undefined, users), null);
  });
});
