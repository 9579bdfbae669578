import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ASSIGNMENT_CONFIG_MISMATCH,
  type ConnectAssignment,
  decodeAssignment,
  encodeAssignment,
} from '../../../src/distributed/protocol/assignment.js';
import { GroupProtocolError } from '../../../src/distributed/protocol/wire.js';

/** Bytes from hex, written one field per line; `#` starts a comment. */
const hex = (text: string) => Buffer.from(text.replace(/#.*$/gm, '').replace(/\s+/g, ''), 'hex');

// leader "L" = 0001 4c, leader-url "u1" = 0002 7531, connector "c" = 0001 63, "d" = 0001 64
const V0 = hex(`
  0000   # version 0
  0000   # error NO_ERROR
  0001 4c   # leader "L"
  0002 7531   # leader-url "u1"
  0000000000000005   # config-offset 5
  00000001   # 1 connector assignment
    0001 63   # connector "c"
    00000002 ffffffff 00000000   # tasks [-1 (the connector), 0]
`);

const V1_REVOKING = hex(`
  0001   # version 1
  0000 0001 4c 0002 7531 0000000000000007
  00000000   # assignment: none
  00000001   # revoked: 1 entry
    0001 64   # connector "d"
    00000002 ffffffff 00000002   # the connector and task 2
  000003e8   # delay 1000
`);

const base: ConnectAssignment = {
  version: 0,
  error: 0,
  leader: 'L',
  leaderUrl: 'u1',
  configOffset: 5n,
  connectors: [],
  tasks: [],
  revokedConnectors: [],
  revokedTasks: [],
  delay: 0,
};

describe('assignment encoding', () => {
  it('writes version 0 as the grammar says', () => {
    const assignment = { ...base, connectors: ['c'], tasks: [{ connector: 'c', task: 0 }] };
    assert.deepEqual(encodeAssignment(assignment), V0);
    assert.deepEqual(decodeAssignment(V0), assignment);
  });

  it('writes version 1 with revocations and a delay', () => {
    const assignment: ConnectAssignment = {
      ...base,
      version: 1,
      configOffset: 7n,
      revokedConnectors: ['d'],
      revokedTasks: [{ connector: 'd', task: 2 }],
      delay: 1000,
    };
    assert.deepEqual(encodeAssignment(assignment), V1_REVOKING);
    assert.deepEqual(decodeAssignment(V1_REVOKING), assignment);
  });

  it('groups each connector with its tasks, the connector itself first', () => {
    const bytes = encodeAssignment({
      ...base,
      version: 2,
      connectors: ['c'],
      tasks: [
        { connector: 'd', task: 1 },
        { connector: 'c', task: 0 },
        { connector: 'c', task: 1 },
      ],
    });
    assert.deepEqual(
      bytes,
      hex(`
        0002 0000 0001 4c 0002 7531 0000000000000005
        00000002
          0001 63 00000003 ffffffff 00000000 00000001
          0001 64 00000001 00000001
        00000000
        00000000
      `),
    );
  });

  it('round-trips every version, error codes and extreme offsets', () => {
    for (const version of [0, 1, 2]) {
      for (const configOffset of [-1n, 0n, 2n ** 53n + 1n, 2n ** 63n - 1n]) {
        const assignment: ConnectAssignment = {
          ...base,
          version,
          error: ASSIGNMENT_CONFIG_MISMATCH,
          leader: 'connect-1-5f0e',
          leaderUrl: 'http://wörker:8083/',
          configOffset,
          connectors: ['a', 'b'],
          tasks: [{ connector: 'a', task: 0 }, { connector: 'b', task: 3 }],
          revokedConnectors: version === 0 ? [] : ['z'],
          revokedTasks: version === 0 ? [] : [{ connector: 'y', task: 9 }],
          delay: version === 0 ? 0 : 300000,
        };
        assert.deepEqual(decodeAssignment(encodeAssignment(assignment)), assignment);
      }
    }
  });

  it('reads null arrays as empty and missing trailing fields as their defaults', () => {
    const nulls = hex('0001 0000 0001 4c 0002 7531 0000000000000005 ffffffff ffffffff 00000000');
    assert.deepEqual(decodeAssignment(nulls), { ...base, version: 1 });
    const upToOffset = hex('0002 0000 0001 4c 0002 7531 0000000000000005');
    assert.deepEqual(decodeAssignment(upToOffset), { ...base, version: 2 });
  });

  it('reads a newer version with the version 1 layout, as Kafka does', () => {
    const v3 = Buffer.from(V1_REVOKING);
    v3.writeInt16BE(3, 0);
    assert.equal(decodeAssignment(v3).version, 3);
    assert.deepEqual(decodeAssignment(v3).revokedConnectors, ['d']);
  });

  it('rejects truncated input with an error naming the field', () => {
    // Cuts inside the five required fields, and inside the arrays or the delay.
    for (const cut of [0, 1, 3, 5, 8, 11, 18, 21, 25, 30, 36]) {
      assert.throws(
        () => decodeAssignment(V1_REVOKING.subarray(0, cut)),
        (e: unknown) => e instanceof GroupProtocolError && /Invalid Connect assignment: truncated at field '[a-z-]+'/.test(e.message),
        `cut at ${cut}`,
      );
    }
    assert.throws(() => decodeAssignment(V0.subarray(0, 4)), /truncated at field 'leader'/);
  });

  it('rejects a negative version and negative lengths', () => {
    assert.throws(() => decodeAssignment(hex('ffff 0000')), /unsupported version -1/);
    assert.throws(() => decodeAssignment(hex('0001 0000 ffff')), /string length -1 cannot be negative/);
    assert.throws(
      () => decodeAssignment(hex('0001 0000 0001 4c 0002 7531 0000000000000005 fffffffe')),
      /array size -2 cannot be negative/,
    );
    assert.throws(() => encodeAssignment({ ...base, version: -1 }), /Unsupported assignment version: -1/);
  });

  it('refuses to drop revocations into a version 0 assignment', () => {
    assert.throws(() => encodeAssignment({ ...base, revokedConnectors: ['c'] }), GroupProtocolError);
  });
});
