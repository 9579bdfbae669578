import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConnectAssignment } from '../../../src/distributed/protocol/assignment.js';
import { decodeWorkerMetadata, encodeWorkerMetadata } from '../../../src/distributed/protocol/worker-metadata.js';

const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'hex');

const current: ConnectAssignment = {
  version: 2,
  error: 0,
  leader: 'L',
  leaderUrl: 'u1',
  configOffset: 5n,
  connectors: ['c'],
  tasks: [{ connector: 'c', task: 0 }],
  revokedConnectors: [],
  revokedTasks: [],
  delay: 0,
};

describe('worker metadata encoding', () => {
  it('writes version 0: url and config offset', () => {
    const bytes = encodeWorkerMetadata({ version: 0, url: 'u1', configOffset: 5n, assignment: null });
    assert.deepEqual(bytes, hex('0000  0002 7531  0000000000000005'));
    assert.deepEqual(decodeWorkerMetadata(bytes), { version: 0, url: 'u1', configOffset: 5n, assignment: null });
  });

  it('writes version 1 with a null allocation when the worker has no assignment', () => {
    const bytes = encodeWorkerMetadata({ version: 1, url: 'u1', configOffset: -1n, assignment: null });
    assert.deepEqual(bytes, hex('0001  0002 7531  ffffffffffffffff  ffffffff'));
    assert.deepEqual(decodeWorkerMetadata(bytes).assignment, null);
  });

  it('writes version 2 with the current assignment as nested bytes of the same version', () => {
    const bytes = encodeWorkerMetadata({ version: 2, url: 'u1', configOffset: 9n, assignment: { ...current, version: 1 } });
    const allocation = hex(`
      0002 0000 0001 4c 0002 7531 0000000000000005
      00000001 0001 63 00000002 ffffffff 00000000
      00000000
      00000000
    `);
    assert.equal(allocation.length, 0x2e);
    assert.deepEqual(bytes, Buffer.concat([hex('0002 0002 7531 0000000000000009 0000002e'), allocation]));
    assert.deepEqual(decodeWorkerMetadata(bytes), { version: 2, url: 'u1', configOffset: 9n, assignment: current });
  });

  it('round-trips every version', () => {
    for (const version of [0, 1, 2]) {
      const metadata = {
        version,
        url: 'http://10.0.0.5:8083/',
        configOffset: 1234567890123n,
        assignment: version === 0 ? null : { ...current, version },
      };
      assert.deepEqual(decodeWorkerMetadata(encodeWorkerMetadata(metadata)), metadata);
    }
  });

  it('reads version 1 metadata without the allocation field as having no assignment', () => {
    assert.equal(decodeWorkerMetadata(hex('0001 0002 7531 0000000000000005')).assignment, null);
  });

  it('rejects truncated input, a truncated nested assignment and a negative version', () => {
    const bytes = encodeWorkerMetadata({ version: 1, url: 'u1', configOffset: 5n, assignment: current });
    assert.throws(() => decodeWorkerMetadata(bytes.subarray(0, 7)), /Invalid Connect worker metadata: truncated at field 'config-offset'/);
    assert.throws(() => decodeWorkerMetadata(bytes.subarray(0, bytes.length - 1)), /truncated at field 'allocation'/);
    const lyingLength = Buffer.from(bytes);
    lyingLength.writeInt32BE(10, 14);
    assert.throws(() => decodeWorkerMetadata(lyingLength), /Invalid Connect assignment: truncated/);
    assert.throws(() => decodeWorkerMetadata(hex('8000 0002 7531 0000000000000005')), /unsupported version -32768/);
  });
});
