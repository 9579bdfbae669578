import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { groupPartitions } from '../../src/source/task-assignment.js';

describe('groupPartitions', () => {
  it('gives the remainder to the first groups, in order', () => {
    assert.deepEqual(groupPartitions([1, 2, 3, 4, 5], 3), [[1, 2], [3, 4], [5]]);
    assert.deepEqual(groupPartitions([1, 2], 2), [[1], [2]]);
  });
});
