import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assignEager } from '../../../src/distributed/assignor/eager-assignor.js';
import { member, notation, snapshot } from './fixtures.js';

describe('eager assignor', () => {
  it('deals connectors then tasks round-robin over the members sorted by id', () => {
    const result = assignEager({
      leaderId: 'w2',
      members: [member('w2'), member('w1')],
      snapshot: snapshot({ b: 1, a: 2 }),
    });
    // Sorted members w1, w2: a→w1, b→w2, then a-0→w1, a-1→w2, b-0→w1.
    assert.deepEqual(notation(result.get('w1')!), ['a', 'a-0', 'b-0']);
    assert.deepEqual(notation(result.get('w2')!), ['a-1', 'b']);
    for (const a of result.values()) {
      assert.equal(a.version, 0);
      assert.equal(a.error, 0);
      assert.equal(a.leader, 'w2');
      assert.equal(a.leaderUrl, 'http://w2:8083');
      assert.equal(a.configOffset, 10n);
    }
  });

  it('gives every member an assignment, empty when there is too little work', () => {
    const result = assignEager({ leaderId: 'w1', members: [member('w1'), member('w2'), member('w3')], snapshot: snapshot({ a: 0 }) });
    assert.deepEqual([...result.keys()], ['w1', 'w2', 'w3']);
    assert.deepEqual(notation(result.get('w2')!), []);
  });

  it('answers CONFIG_MISMATCH at the newest offset when the leader is behind even after refreshing', () => {
    const members = [member('w1', undefined, 10n), member('w2', undefined, 12n)];
    const behind = assignEager({ leaderId: 'w1', members, snapshot: snapshot({ a: 1 }, 10n), refreshedSnapshot: snapshot({ a: 1 }, 11n) });
    for (const a of behind.values()) {
      assert.equal(a.error, 1);
      assert.equal(a.configOffset, 12n);
      assert.deepEqual(notation(a), []);
    }
    const caughtUp = assignEager({ leaderId: 'w1', members, snapshot: snapshot({ a: 1 }, 10n), refreshedSnapshot: snapshot({ a: 1 }, 13n) });
    assert.equal(caughtUp.get('w1')!.error, 0);
    assert.equal(caughtUp.get('w1')!.configOffset, 13n);
  });
});
