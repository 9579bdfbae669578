import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeStatus, encodeTopicStatus, parseStatusRecord, statusKeys } from '../../src/storage/status-records.js';

const bytes = (json: string) => Buffer.from(json, 'utf8');

describe('status topic records', () => {
  it('names keys as Kafka does', () => {
    assert.equal(statusKeys.connector('c'), 'status-connector-c');
    assert.equal(statusKeys.task({ connector: 'my-conn', task: 2 }), 'status-task-my-conn-2');
    assert.equal(statusKeys.topic('orders', 'c'), 'status-topic-orders:connector-c');
  });

  it('writes statuses with the fields in schema order, version last and null when unknown', () => {
    assert.equal(
      encodeStatus({ state: 'RUNNING', trace: null, workerId: '10.0.0.5:8083', generation: 7, version: null }).toString(),
      '{"state":"RUNNING","trace":null,"worker_id":"10.0.0.5:8083","generation":7,"version":null}',
    );
    assert.equal(
      encodeStatus({ state: 'FAILED', trace: 'java.lang.Error: x\n\tat A', workerId: 'w', generation: 1, version: '1.2.0' }).toString(),
      '{"state":"FAILED","trace":"java.lang.Error: x\\n\\tat A","worker_id":"w","generation":1,"version":"1.2.0"}',
    );
    assert.equal(
      encodeTopicStatus({ topic: 'orders', connector: 'c', task: 0, discoverTimestamp: 1700000000000n }).toString(),
      '{"topic":{"name":"orders","connector":"c","task":0,"discoverTimestamp":1700000000000}}',
    );
  });

  it('reads connector and task statuses, with or without the 4.1 version field', () => {
    assert.deepEqual(parseStatusRecord('status-connector-c', bytes('{"state":"PAUSED","trace":null,"worker_id":"w","generation":3}')), {
      type: 'connector-status',
      connector: 'c',
      status: { state: 'PAUSED', trace: null, workerId: 'w', generation: 3, version: null },
    });
    assert.deepEqual(
      parseStatusRecord('status-task-my-conn-4', bytes('{"state":"RUNNING","trace":null,"worker_id":"w","generation":3,"version":"2.0"}')),
      {
        type: 'task-status',
        task: { connector: 'my-conn', task: 4 },
        status: { state: 'RUNNING', trace: null, workerId: 'w', generation: 3, version: '2.0' },
      },
    );
  });

  it('reads tombstones as deletions', () => {
    assert.deepEqual(parseStatusRecord('status-connector-c', null), { type: 'connector-status-deleted', connector: 'c' });
    assert.deepEqual(parseStatusRecord('status-task-c-0', null), { type: 'task-status-deleted', task: { connector: 'c', task: 0 } });
    assert.deepEqual(parseStatusRecord('status-topic-orders:connector-c', null), {
      type: 'topic-status-deleted',
      topic: 'orders',
      connector: 'c',
    });
  });

  it('reads topic tracking records', () => {
    assert.deepEqual(
      parseStatusRecord('status-topic-orders:connector-c', bytes('{"topic":{"name":"orders","connector":"c","task":1,"discoverTimestamp":1700000000000}}')),
      { type: 'topic-status', status: { topic: 'orders', connector: 'c', task: 1, discoverTimestamp: 1700000000000n } },
    );
  });

  it('ignores malformed keys and values', () => {
    assert.equal(parseStatusRecord('status-task-c', null).type, 'ignored');
    assert.equal(parseStatusRecord('status-connector-c', bytes('{"state":"DANCING","worker_id":"w","generation":1}')).type, 'ignored');
    assert.equal(parseStatusRecord('status-connector-c', bytes('not json')).type, 'ignored');
    assert.equal(parseStatusRecord('status-other', bytes('{}')).type, 'ignored');
  });
});
