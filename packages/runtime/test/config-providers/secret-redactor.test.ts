import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigDef, configInfos } from '@tsconnect/api';
import { isSecretKey, redactingLogSink, SecretRedactor } from '../../src/config-providers/secret-redactor.js';

describe('SecretRedactor', () => {
  it('hides every occurrence of each known secret, longest first, and ignores values too short to hide', () => {
    const redactor = new SecretRedactor();
    assert.equal(redactor.redact('nothing known yet'), 'nothing known yet');
    redactor.add(['pass', 'password1', 'a.b*c', 'no']);
    assert.equal(redactor.redact('password1 pass a.b*c axbxc no'), '[hidden] [hidden] [hidden] axbxc no');
  });

  it('knows the password settings of a config, the password inside sasl.jaas.config included', () => {
    const redactor = new SecretRedactor();
    redactor.addSecretsOf({
      'consumer.sasl.jaas.config': 'org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="jaas-pass";',
      'connection.password': 'db-password',
      'connection.user': 'db-user',
    });
    assert.equal(redactor.redact('Authentication as u with jaas-pass / db-password / db-user'), 'Authentication as u with [hidden] / [hidden] / db-user');
  });

  it('treats PASSWORD-like names as secret', () => {
    for (const key of ['sasl.jaas.config', 'admin.sasl.jaas.config', 'ssl.key.password', 'listeners.https.ssl.keystore.password', 'connection.password', 'ssl.keystore.key', 'value.converter.basic.auth.user.info']) {
      assert.equal(isSecretKey(key), true, key);
    }
    for (const key of ['connection.user', 'ssl.truststore.location', 'password.policy']) assert.equal(isSecretKey(key), false, key);
  });

  it('validate answers show PASSWORD values as [hidden] (@tsconnect/api configInfos)', () => {
    const def = new ConfigDef().define({ name: 'connection.password', type: 'PASSWORD', importance: 'HIGH', documentation: 'd', defaultValue: null });
    const infos = configInfos('c', def.configKeys, def.validate({ 'connection.password': 's3cr3t' }), []);
    assert.equal(infos.configs[0]!.value!.value, '[hidden]');
    assert.doesNotMatch(JSON.stringify(infos), /s3cr3t/);
  });
});

describe('redactingLogSink', () => {
  it('writes log lines with secrets learnt after it was made hidden', () => {
    const lines: string[] = [];
    const redactor = new SecretRedactor();
    const sink = redactingLogSink({ write: (line) => lines.push(line) }, redactor);
    sink.write('before: db-password\n');
    redactor.add(['db-password']);
    sink.write('after: db-password\n');
    assert.deepEqual(lines, ['before: db-password\n', 'after: [hidden]\n']);
  });
});
