import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigException, type SinkRecord } from '@tsconnect/api';
import { TopicNameMatches } from '../../src/index.js';
import { sinkRecord } from '../util/test-records.js';

function matches(pattern: string): TopicNameMatches<SinkRecord> {
  const predicate = new TopicNameMatches<SinkRecord>();
  predicate.configure({ pattern });
  return predicate;
}

describe('TopicNameMatches', () => {
  it('is true only when the whole topic matches', () => {
    const predicate = matches('my-prefix-.*');
    assert.equal(predicate.test(sinkRecord({ topic: 'my-prefix-' })), true);
    assert.equal(predicate.test(sinkRecord({ topic: 'my-prefix-foo' })), true);
    assert.equal(predicate.test(sinkRecord({ topic: 'x-my-prefix-' })), false);
    assert.equal(predicate.test(sinkRecord({ topic: 'your-prefix-' })), false);
    assert.equal(matches('a').test(sinkRecord({ topic: 'ab' })), false);
    assert.equal(predicate.test(sinkRecord({ topic: 'my-prefix-x', value: null })), true, 'tombstones too');
  });

  it('rejects an empty or invalid pattern', () => {
    assert.throws(() => matches(''), (e: unknown) => e instanceof ConfigException &&
      e.message === 'Invalid value  for configuration pattern: String must be non-empty');
    assert.throws(() => matches('['), (e: unknown) => e instanceof ConfigException &&
      e.message.startsWith('Invalid value [ for configuration pattern: Invalid regex:'));
    assert.throws(() => new TopicNameMatches().configure({}),
      { message: 'Missing required configuration "pattern" which has no default value.' });
  });
});
