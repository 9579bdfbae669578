import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hasConfigReference, unresolveTaskConfigs } from '../../src/config-providers/config-placeholders.js';

describe('config references', () => {
  it('are ${provider:key} or ${provider:path:key}', () => {
    assert.equal(hasConfigReference('${env:HOME}'), true);
    assert.equal(hasConfigReference('x${file:/a/b.properties:k}y'), true);
    assert.equal(hasConfigReference('${nocolon}'), false);
    assert.equal(hasConfigReference('$file:a:b'), false);
  });

  it('are put back into task configs where the connector config had them (reverseTransform)', () => {
    const raw = { 'connection.password': '${file:/s.properties:password}', 'connection.user': 'u', topics: 't' };
    const tasks: Record<string, string>[] = [
      { 'connection.password': 'resolved-secret', 'connection.user': 'u', 'task.id': '0' },
      { 'task.id': '1' },
    ];
    assert.deepEqual(unresolveTaskConfigs(raw, tasks), [
      { 'connection.password': '${file:/s.properties:password}', 'connection.user': 'u', 'task.id': '0' },
      { 'task.id': '1' },
    ]);
  });
});
