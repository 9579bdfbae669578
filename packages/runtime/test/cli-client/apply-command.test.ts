import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidConfigError } from '../../src/cli-client/apply-command.js';

test('an invalid config prints each message under its key, keys sorted', () => {
  const error = new InvalidConfigError('sink', {
    'tasks.max': ['Not a number of type INT', 'Value must be non-null'],
    'errors.tolerance': ['String must be one of: none, all'],
  });
  assert.equal(error.message, [
    'connector/sink is not valid:',
    '  errors.tolerance: String must be one of: none, all',
    '  tasks.max: Not a number of type INT',
    '  tasks.max: Value must be non-null',
  ].join('\n'));
});
