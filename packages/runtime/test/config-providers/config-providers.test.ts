import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ConfigException } from '@tsconnect/api';
import { ConfigProviders, resolveWorkerConfigProviders } from '../../src/config-providers/config-providers.js';
import { DirectoryConfigProvider } from '../../src/config-providers/directory-config-provider.js';
import { EnvVarConfigProvider } from '../../src/config-providers/env-var-config-provider.js';
import { FileConfigProvider } from '../../src/config-providers/file-config-provider.js';

describe('config providers', () => {
  let dir: string;
  let secrets: string;
  let secretsDir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'tsconnect-providers-'));
    secrets = join(dir, 'db.properties');
    writeFileSync(secrets, 'password=s3cr3t-db-pass\nuser=connect\n');
    secretsDir = join(dir, 'mounted');
    mkdirSync(secretsDir);
    mkdirSync(join(secretsDir, 'subdir'));
    writeFileSync(join(secretsDir, 'api-key'), 'key-from-a-file\n');
    writeFileSync(join(secretsDir, 'other'), 'x');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('FileConfigProvider reads the asked keys of a properties file, and nothing outside allowed.paths', async () => {
    const provider = new FileConfigProvider();
    assert.deepEqual((await provider.get(secrets, new Set(['password']))).data, { password: 's3cr3t-db-pass' });
    assert.deepEqual((await provider.get(secrets)).data, { password: 's3cr3t-db-pass', user: 'connect' });
    await assert.rejects(provider.get(join(dir, 'none.properties')), /Could not read properties from file/);
    provider.configure({ 'allowed.paths': join(dir, 'mounted') });
    assert.deepEqual((await provider.get(secrets)).data, {});
    assert.throws(() => provider.configure({ 'allowed.paths': 'relative/path' }), ConfigException);
  });

  it('DirectoryConfigProvider reads regular files of the directory by name, content as is', async () => {
    const provider = new DirectoryConfigProvider();
    assert.deepEqual((await provider.get(secretsDir)).data, { 'api-key': 'key-from-a-file\n', other: 'x' });
    assert.deepEqual((await provider.get(secretsDir, new Set(['other', 'subdir']))).data, { other: 'x' });
    provider.configure({ 'allowed.paths': secretsDir });
    assert.deepEqual((await provider.get(join(secretsDir, '..'))).data, {});
    assert.deepEqual((await provider.get(join(secretsDir, 'subdir', '..'), new Set(['other']))).data, { other: 'x' });
  });

  it('EnvVarConfigProvider reads variables, without a path, limited by allowlist.pattern', async () => {
    const provider = new EnvVarConfigProvider({ DB_PASSWORD: 'from-env', HOME: '/root' });
    assert.deepEqual((await provider.get('', new Set(['DB_PASSWORD', 'MISSING']))).data, { DB_PASSWORD: 'from-env' });
    provider.configure({ 'allowlist.pattern': 'DB_.*' });
    assert.deepEqual((await provider.get('')).data, { DB_PASSWORD: 'from-env' });
    await assert.rejects(provider.get('/some/path'), /Path is not supported for EnvVarConfigProvider/);
  });

  it('resolve replaces references of known providers only, leaves the rest as written and remembers the secrets', async () => {
    const providers = ConfigProviders.fromWorkerProperties({
      'config.providers': 'file, dir',
      'config.providers.file.class': 'org.apache.kafka.common.config.provider.FileConfigProvider',
      'config.providers.dir.class': 'org.apache.kafka.common.config.provider.DirectoryConfigProvider',
      'config.providers.dir.param.allowed.paths': secretsDir,
    });
    const raw = {
      'connection.password': `\${file:${secrets}:password}`,
      'connection.url': `jdbc:postgresql://db/app?user=\${file:${secrets}:user}&key=\${dir:${secretsDir}:api-key}`,
      missing: `\${file:${secrets}:nope}`,
      unknown: '${vault:secret/db:password}',
      plain: 'no references',
    };
    const resolved = await providers.resolve(raw);
    assert.deepEqual(resolved, {
      'connection.password': 's3cr3t-db-pass',
      'connection.url': 'jdbc:postgresql://db/app?user=connect&key=key-from-a-file\n',
      missing: raw.missing,
      unknown: raw.unknown,
      plain: 'no references',
    });
    assert.equal(raw['connection.password'], `\${file:${secrets}:password}`, 'the input is left as written');
    assert.equal(providers.redactor.redact('logged: s3cr3t-db-pass'), 'logged: [hidden]');
  });

  it('names each reference to a path outside allowed.paths, and resolve refuses them instead of passing the reference on', async () => {
    const providers = ConfigProviders.fromWorkerProperties({
      'config.providers': 'file, dir, env',
      'config.providers.file.class': 'org.apache.kafka.common.config.provider.FileConfigProvider',
      'config.providers.file.param.allowed.paths': secretsDir,
      'config.providers.dir.class': 'org.apache.kafka.common.config.provider.DirectoryConfigProvider',
      'config.providers.dir.param.allowed.paths': secretsDir,
      'config.providers.env.class': 'org.apache.kafka.common.config.provider.EnvVarConfigProvider',
    });
    const raw = {
      'connection.password': '${file:/etc/passwd:root}',
      key: `\${dir:${join(secretsDir, '..')}:db.properties}`,
      inside: `\${dir:${secretsDir}:api-key}`,
      env: '${env:HOME}',
      unknown: '${vault:/etc/passwd:root}',
    };
    assert.deepEqual(providers.refusedReferences(raw), [
      { name: 'connection.password', message: 'The reference ${file:/etc/passwd:root} reads /etc/passwd, which is outside the allowed.paths of config provider file' },
      { name: 'key', message: `The reference ${raw.key} reads ${join(secretsDir, '..')}, which is outside the allowed.paths of config provider dir` },
    ]);
    await assert.rejects(providers.resolve(raw), (e: Error) => e instanceof ConfigException && /connection\.password: .*\/etc\/passwd/.test(e.message));
    assert.deepEqual(await providers.resolve({ inside: raw.inside }), { inside: 'key-from-a-file\n' });
  });

  it('refuses a provider without a class or with a class we do not have', () => {
    assert.throws(() => ConfigProviders.fromWorkerProperties({ 'config.providers': 'file' }), /config\.providers\.file\.class/);
    assert.throws(
      () => ConfigProviders.fromWorkerProperties({ 'config.providers': 'v', 'config.providers.v.class': 'com.example.VaultConfigProvider' }),
      /Class com\.example\.VaultConfigProvider could not be found/,
    );
  });

  it('resolves the worker\'s own settings at start-up and knows their secrets', async () => {
    const { props, redactor } = await resolveWorkerConfigProviders({
      'config.providers': 'file',
      'config.providers.file.class': 'org.apache.kafka.common.config.provider.FileConfigProvider',
      'sasl.jaas.config': `org.apache.kafka.common.security.scram.ScramLoginModule required username="\${file:${secrets}:user}" password="worker-pass-1";`,
      'producer.ssl.key.password': 'key-pass-2',
    });
    assert.match(props['sasl.jaas.config']!, /username="connect"/);
    assert.equal(redactor.redact('worker-pass-1 key-pass-2'), '[hidden] [hidden]');
  });
});
