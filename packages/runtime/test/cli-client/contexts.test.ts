import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { requestOptions } from '../../src/cli-client/connect-api.js';
import { contextsPath, DEFAULT_URL, selectContext } from '../../src/cli-client/contexts.js';
import { runTsconnect } from '../../src/cli-client/run.js';
import { UsageError } from '../../src/cli-client/usage-error.js';

test('$TSCONNECT_CONFIG names the contexts file, else ~/.tsconnect/config.json', () => {
  assert.equal(contextsPath({ TSCONNECT_CONFIG: '/etc/tsc.json' }), '/etc/tsc.json');
  assert.match(contextsPath({}), /\.tsconnect\/config\.json$/);
});

test('--context, else the current context, else the default URL; --url overrides the URL only', () => {
  const file = { currentContext: 'a', contexts: { a: { url: 'http://a:1' }, b: { url: 'https://b:2', username: 'u' } } };
  assert.equal(selectContext(file, undefined, undefined).url, 'http://a:1');
  assert.deepEqual(selectContext(file, 'b', 'https://c:3'), { url: 'https://c:3', username: 'u' });
  assert.equal(selectContext({ contexts: {} }, undefined, undefined).url, DEFAULT_URL);
  assert.throws(() => selectContext(file, 'nope', undefined), UsageError);
});

test('basic auth becomes an Authorization header; the insecure flag turns certificate checks off', () => {
  const options = requestOptions({ url: 'https://x:1', username: 'admin', password: 's3cret', insecure: true });
  assert.deepEqual(options.headers, { authorization: `Basic ${Buffer.from('admin:s3cret').toString('base64')}` });
  assert.equal(options.rejectUnauthorized, false);
  assert.equal(requestOptions({ url: 'https://x:1' }).rejectUnauthorized, undefined);
});

test('config set-context writes a file only its owner reads; get-contexts never prints the password', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tsconnect-contexts-'));
  try {
    const env = { TSCONNECT_CONFIG: join(dir, 'config.json') };
    const out: string[] = [];
    const streams = { out: (t: string) => out.push(t), err: (t: string) => out.push(t) };
    const set = ['config', 'set-context', 'prod', '--url', 'https://connect:8443', '--username', 'admin', '--password', 's3cret', '--insecure'];
    assert.equal(await runTsconnect(set, env, streams), 0);
    assert.equal(await runTsconnect(['config', 'set-context', 'dev', '--url', 'http://dev:8083'], env, streams), 0);
    assert.equal((await stat(env.TSCONNECT_CONFIG)).mode & 0o777, 0o600);
    const file = JSON.parse(await readFile(env.TSCONNECT_CONFIG, 'utf8'));
    assert.equal(file.currentContext, 'prod');
    assert.deepEqual(file.contexts.prod, { url: 'https://connect:8443', username: 'admin', password: 's3cret', insecure: true });
    out.length = 0;
    assert.equal(await runTsconnect(['config', 'use-context', 'dev'], env, streams), 0);
    assert.equal(await runTsconnect(['config', 'get-contexts'], env, streams), 0);
    assert.doesNotMatch(out.join('\n'), /s3cret/);
    assert.match(out.join('\n'), /\*\s+dev\s+http:\/\/dev:8083/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('an unknown command is a usage error: exit 2', async () => {
  const err: string[] = [];
  assert.equal(await runTsconnect(['frobnicate'], {}, { out: () => {}, err: (t) => err.push(t) }), 2);
  assert.match(err.join(''), /unknown command frobnicate/);
});
