import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigException, DataException } from '@tsconnect/api';
import { subjectNameStrategy } from '../../src/serde/subject-name-strategy.js';

describe('subject name strategies', () => {
  const P = 'io.confluent.kafka.serializers.subject.';

  it('TopicNameStrategy: <topic>-key / <topic>-value', () => {
    const s = subjectNameStrategy('x', `${P}TopicNameStrategy`);
    assert.equal(s('orders', true, 'a.B'), 'orders-key');
    assert.equal(s('orders', false, null), 'orders-value');
  });

  it('RecordNameStrategy and TopicRecordNameStrategy use the record full name, and need one', () => {
    assert.equal(subjectNameStrategy('x', `${P}RecordNameStrategy`)('orders', false, 'a.B'), 'a.B');
    assert.equal(subjectNameStrategy('x', `${P}TopicRecordNameStrategy`)('orders', false, 'a.B'), 'orders-a.B');
    assert.throws(() => subjectNameStrategy('x', `${P}RecordNameStrategy`)('orders', false, null), DataException);
  });

  it('accepts legacy and simple names, treats AssociatedNameStrategy as topic names, rejects others', () => {
    assert.equal(subjectNameStrategy('x', `${P}strategy.TopicRecordNameStrategy`)('t', true, 'R'), 't-R');
    assert.equal(subjectNameStrategy('x', 'RecordNameStrategy')('t', true, 'R'), 'R');
    assert.equal(subjectNameStrategy('x', `${P}AssociatedNameStrategy`)('t', true, 'R'), 't-key');
    assert.throws(() => subjectNameStrategy('value.subject.name.strategy', 'com.acme.Mine'), ConfigException);
  });
});
