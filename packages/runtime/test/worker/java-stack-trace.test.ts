import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConnectException, DataException } from '@tsconnect/api';
import { javaErrorHeadline, javaStackTrace } from '../../src/worker/java-stack-trace.js';

function thrower(): never {
  throw new DataException('bad value');
}

describe('javaStackTrace', () => {
  it('starts with the Java class and message, then tab-indented frames', () => {
    const trace = javaStackTrace(new ConnectException('Tolerance exceeded in error handler'));
    const lines = trace.split('\n');
    assert.equal(lines[0], 'org.apache.kafka.connect.errors.ConnectException: Tolerance exceeded in error handler');
    assert.match(lines[1]!, /^\tat /);
    assert.ok(trace.endsWith('\n'));
  });

  it('prints causes after "Caused by: " and folds the frames shared with the parent', () => {
    let cause: unknown;
    try {
      thrower();
    } catch (e) {
      cause = e;
    }
    const trace = javaStackTrace(new ConnectException('outer', { cause }));
    const causedBy = trace.split('\n').findIndex((l) => l.startsWith('Caused by: '));
    assert.ok(causedBy > 0);
    assert.equal(trace.split('\n')[causedBy], 'Caused by: org.apache.kafka.connect.errors.DataException: bad value');
    assert.match(trace.split('\n')[causedBy + 1]!, /^\tat thrower /);
  });

  it('uses the JS name for errors that are not ours, and no colon without a message', () => {
    assert.equal(javaErrorHeadline(new TypeError('x is not a function')), 'TypeError: x is not a function');
    assert.equal(javaErrorHeadline(new Error()), 'Error');
  });
});
