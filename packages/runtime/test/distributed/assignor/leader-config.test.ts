import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeGroupMember } from '../../../src/distributed/assignor/leader-config.js';
import { encodeWorkerMetadata } from '../../../src/distributed/protocol/worker-metadata.js';

describe('group members as the leader reads them', () => {
  it('takes url, offset and the reported current assignment from the metadata', () => {
    const metadata = encodeWorkerMetadata({
      version: 2,
      url: 'http://w1:8083',
      configOffset: 42n,
      assignment: {
        version: 2,
        error: 0,
        leader: 'w0',
        leaderUrl: 'http://w0:8083',
        configOffset: 40n,
        connectors: ['a'],
        tasks: [{ connector: 'a', task: 0 }],
        revokedConnectors: [],
        revokedTasks: [],
        delay: 0,
      },
    });
    assert.deepEqual(decodeGroupMember('m-1', metadata), {
      memberId: 'm-1',
      url: 'http://w1:8083',
      configOffset: 42n,
      assignment: { connectors: ['a'], tasks: [{ connector: 'a', task: 0 }] },
    });
  });

  it('reads a member without an assignment (eager, or new) as running nothing', () => {
    for (const version of [0, 1]) {
      const metadata = encodeWorkerMetadata({ version, url: 'u', configOffset: -1n, assignment: null });
      assert.deepEqual(decodeGroupMember('m', metadata).assignment, { connectors: [], tasks: [] });
    }
  });
});
