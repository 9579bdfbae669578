import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigException, type SinkRecord } from '@tsconnect/api';
import { RegexRouter } from '../../src/index.js';
import { sinkRecord } from '../util/test-records.js';

function route(regex: string, replacement: string, topic: string): string {
  const router = new RegexRouter<SinkRecord>();
  router.configure({ regex, replacement });
  return router.apply(sinkRecord({ topic })).topic;
}

describe('RegexRouter', () => {
  it('rewrites topics that match as a whole (Kafka RegexRouterTest cases)', () => {
    assert.equal(route('foo', 'bar', 'orig'), 'orig');
    assert.equal(route('foo', 'bar', 'foo'), 'bar');
    assert.equal(route('foo', 'bar', 'foo.bar'), 'foo.bar', 'a partial match is not enough');
    assert.equal(route('(.*)', 'prefix-$1', 'orig'), 'prefix-orig');
    assert.equal(route('(.*)', '$1-suffix', 'orig'), 'orig-suffix');
    assert.equal(route('(.*)-(.*)', '$2-$1', 'a-b'), 'b-a');
    assert.equal(route('(.*)-(.*)', '$2-$1', 'ab'), 'ab');
    assert.equal(route('(?<name>\\w+)_topic', 'new_${name}', 'orders_topic'), 'new_orders');
    assert.equal(route('(.*)', '\\$1', 'x'), '$1', 'a backslash escapes $');
    assert.equal(route('(?i)FOO', 'bar', 'foo'), 'bar', 'inline flags');
    assert.equal(route('\\Qa.b\\E', 'c', 'a.b'), 'c', '\\Q...\\E quoting');
    assert.equal(route('\\Qa.b\\E', 'c', 'axb'), 'axb');
  });

  it('rejects invalid regexes and replacements when configured', () => {
    const router = new RegexRouter();
    assert.throws(() => router.configure({ regex: '(unclosed', replacement: 'x' }), (e: unknown) =>
      e instanceof ConfigException && e.message.startsWith('Invalid value (unclosed for configuration regex: Invalid regex:'));
    assert.throws(() => router.configure({ regex: 'a++', replacement: 'x' }), ConfigException);
    assert.throws(() => router.configure({ regex: '(a)', replacement: '$2' }), {
      message: 'Invalid value $2 for configuration replacement: No group 2',
    });
    assert.throws(() => router.configure({ regex: 'a' }),
      { message: 'Missing required configuration "replacement" which has no default value.' });
  });
});
