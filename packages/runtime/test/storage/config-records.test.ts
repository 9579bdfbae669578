import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  configKeys,
  encodeConnectorConfig,
  encodeLoggerLevel,
  encodeRestartRequest,
  encodeSessionKey,
  encodeTargetState,
  encodeTaskConfig,
  encodeTaskCount,
  encodeTasksCommit,
  parseConfigRecord,
} from '../../src/storage/config-records.js';

const text = (bytes: Buffer) => bytes.toString('utf8');
const bytes = (json: string) => Buffer.from(json, 'utf8');

describe('config topic records', () => {
  it('names keys as Kafka does', () => {
    assert.deepEqual(
      [
        configKeys.connector('jdbc-src'),
        configKeys.task({ connector: 'jdbc-src', task: 3 }),
        configKeys.commit('jdbc-src'),
        configKeys.targetState('jdbc-src'),
        configKeys.restartRequest('jdbc-src'),
        configKeys.taskCount('jdbc-src'),
        configKeys.sessionKey(),
        configKeys.loggerLevel('org.apache.kafka'),
      ],
      [
        'connector-jdbc-src',
        'task-jdbc-src-3',
        'commit-jdbc-src',
        'target-state-jdbc-src',
        'restart-connector-jdbc-src',
        'tasks-fencing-jdbc-src',
        'session-key',
        'logger-cluster-org.apache.kafka',
      ],
    );
  });

  it('writes values as compact JSON with the fields in schema order', () => {
    assert.equal(
      text(encodeConnectorConfig({ name: 'c', 'connector.class': 'FileStreamSource', 'tasks.max': '1' })),
      '{"properties":{"name":"c","connector.class":"FileStreamSource","tasks.max":"1"}}',
    );
    assert.equal(text(encodeTaskConfig({ 'task.class': 'T', x: null })), '{"properties":{"task.class":"T","x":null}}');
    assert.equal(text(encodeTasksCommit(3)), '{"tasks":3}');
    assert.equal(text(encodeTargetState('STARTED')), '{"state":"STARTED","state.v2":"STARTED"}');
    assert.equal(text(encodeTargetState('PAUSED')), '{"state":"PAUSED","state.v2":"PAUSED"}');
    assert.equal(text(encodeTargetState('STOPPED')), '{"state":"PAUSED","state.v2":"STOPPED"}');
    assert.equal(text(encodeRestartRequest({ includeTasks: true, onlyFailed: false })), '{"include-tasks":true,"only-failed":false}');
    assert.equal(text(encodeTaskCount(2)), '{"task-count":2}');
    assert.equal(
      text(encodeSessionKey({ key: Buffer.from([1, 2, 3]), algorithm: 'HmacSHA256', creationTimestamp: 1700000000000n })),
      '{"key":"AQID","algorithm":"HmacSHA256","creation-timestamp":1700000000000}',
    );
    assert.equal(text(encodeLoggerLevel('DEBUG')), '{"level":"DEBUG"}');
  });

  it('keeps the order of a Map, including integer-like keys a plain object would move', () => {
    assert.equal(text(encodeConnectorConfig(new Map([['name', 'c'], ['10', 'x'], ['2', 'y']]))), '{"properties":{"name":"c","10":"x","2":"y"}}');
  });

  it('escapes strings as Jackson does', () => {
    assert.equal(
      text(encodeConnectorConfig({ 'k"\\': 'tab\there\nquote" slash/ \u0001\u001f\u007f é 😀' })),
      '{"properties":{"k\\"\\\\":"tab\\there\\nquote\\" slash/ \\u0001\\u001F\u007f é 😀"}}',
    );
  });

  it('reads connector configs and their deletion', () => {
    assert.deepEqual(parseConfigRecord('connector-c', bytes('{"properties":{"name":"c","tasks.max":"2"}}')), {
      type: 'connector-config',
      connector: 'c',
      properties: new Map([['name', 'c'], ['tasks.max', '2']]),
    });
    assert.deepEqual(parseConfigRecord('connector-c', null), { type: 'connector-deleted', connector: 'c' });
    assert.equal(parseConfigRecord('connector-c', bytes('{"props":{}}')).type, 'ignored');
  });

  it('reads task configs, taking the connector name from between the first and last dash', () => {
    assert.deepEqual(parseConfigRecord('task-my-conn-12', bytes('{"properties":{"task.class":"T"}}')), {
      type: 'task-config',
      task: { connector: 'my-conn', task: 12 },
      properties: new Map([['task.class', 'T']]),
    });
    for (const key of ['task-foo-', 'task-foo', 'task-foo-x', 'task-foo-99999999999']) {
      assert.equal(parseConfigRecord(key, bytes('{"properties":{}}')).type, 'ignored', key);
    }
    assert.equal(parseConfigRecord('task-foo-0', null).type, 'ignored');
  });

  it('reads task commits and task count records', () => {
    assert.deepEqual(parseConfigRecord('commit-c', bytes('{"tasks":3}')), { type: 'tasks-commit', connector: 'c', taskCount: 3 });
    assert.equal(parseConfigRecord('commit-c', bytes('{}')).type, 'ignored');
    assert.equal(parseConfigRecord('commit-c', null).type, 'ignored');
    assert.deepEqual(parseConfigRecord('tasks-fencing-c', bytes('{"task-count":4}')), { type: 'task-count', connector: 'c', taskCount: 4 });
  });

  it('reads target states preferring state.v2, falling back on the pre-3.5 state field', () => {
    const state = (json: string) => parseConfigRecord('target-state-c', bytes(json));
    assert.deepEqual(state('{"state":"PAUSED","state.v2":"STOPPED"}'), { type: 'target-state', connector: 'c', state: 'STOPPED' });
    assert.deepEqual(state('{"state":"PAUSED"}'), { type: 'target-state', connector: 'c', state: 'PAUSED' });
    assert.deepEqual(state('{"state":"STARTED","state.v2":7}'), { type: 'target-state', connector: 'c', state: 'STARTED' });
    assert.equal(state('{"state":"RUNNING"}').type, 'ignored');
    assert.deepEqual(parseConfigRecord('target-state-c', null), { type: 'target-state-deleted', connector: 'c' });
  });

  it('reads restart requests, defaulting flags that are not booleans to false', () => {
    assert.deepEqual(parseConfigRecord('restart-connector-c', bytes('{"include-tasks":true,"only-failed":true}')), {
      type: 'restart-request',
      connector: 'c',
      includeTasks: true,
      onlyFailed: true,
    });
    assert.deepEqual(parseConfigRecord('restart-connector-c', bytes('{"include-tasks":"yes"}')), {
      type: 'restart-request',
      connector: 'c',
      includeTasks: false,
      onlyFailed: false,
    });
  });

  it('reads the session key and logger levels', () => {
    assert.deepEqual(
      parseConfigRecord('session-key', bytes('{"key":"AQID","algorithm":"HmacSHA256","creation-timestamp":1700000000000}')),
      { type: 'session-key', key: Buffer.from([1, 2, 3]), algorithm: 'HmacSHA256', creationTimestamp: 1700000000000n },
    );
    assert.equal(parseConfigRecord('session-key', bytes('{"key":"AQID","algorithm":"HmacSHA256"}')).type, 'ignored');
    assert.deepEqual(parseConfigRecord('logger-cluster-org.foo', bytes('{"level":"WARN"}')), {
      type: 'logger-level',
      namespace: 'org.foo',
      level: 'WARN',
    });
  });

  it('dispatches by prefix in Kafka\'s order and ignores unknown keys', () => {
    // "target-state-" is tested before "connector-", so this is a target state of "connector-x".
    assert.deepEqual(parseConfigRecord('target-state-connector-x', bytes('{"state":"PAUSED"}')), {
      type: 'target-state',
      connector: 'connector-x',
      state: 'PAUSED',
    });
    assert.equal(parseConfigRecord('session-key-2', bytes('{}')).type, 'ignored');
    assert.equal(parseConfigRecord('something-else', bytes('{}')).type, 'ignored');
  });

  it('reports values that are not JSON as unreadable', () => {
    assert.equal(parseConfigRecord('connector-c', bytes('{"properties":')).type, 'unreadable');
  });

  it('round-trips every encoder through the parser', () => {
    const cases: [string, Buffer, string][] = [
      [configKeys.connector('c'), encodeConnectorConfig({ a: 'b' }), 'connector-config'],
      [configKeys.task({ connector: 'c', task: 0 }), encodeTaskConfig({ a: 'b' }), 'task-config'],
      [configKeys.commit('c'), encodeTasksCommit(1), 'tasks-commit'],
      [configKeys.targetState('c'), encodeTargetState('STOPPED'), 'target-state'],
      [configKeys.restartRequest('c'), encodeRestartRequest({ includeTasks: false, onlyFailed: true }), 'restart-request'],
      [configKeys.taskCount('c'), encodeTaskCount(1), 'task-count'],
      [configKeys.sessionKey(), encodeSessionKey({ key: Buffer.alloc(32, 7), algorithm: 'HmacSHA256', creationTimestamp: 1n }), 'session-key'],
      [configKeys.loggerLevel('x'), encodeLoggerLevel('INFO'), 'logger-level'],
    ];
    for (const [key, value, type] of cases) assert.equal(parseConfigRecord(key, value).type, type, key);
  });
});
