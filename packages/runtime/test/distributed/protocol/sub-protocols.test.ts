import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CONNECT_PROTOCOL_TYPE,
  decodeSelectedSubProtocol,
  encodeJoinGroupProtocols,
  offeredSubProtocols,
} from '../../../src/distributed/protocol/sub-protocols.js';
import { decodeWorkerMetadata } from '../../../src/distributed/protocol/worker-metadata.js';

describe('connect group sub-protocols', () => {
  it('uses the protocol type "connect"', () => {
    assert.equal(CONNECT_PROTOCOL_TYPE, 'connect');
  });

  it('offers the sub-protocols of each connect.protocol setting in preference order', () => {
    const names = (mode: 'eager' | 'compatible' | 'sessioned') => offeredSubProtocols(mode).map((p) => `${p.name}:${p.version}`);
    assert.deepEqual(names('sessioned'), ['sessioned:2', 'compatible:1', 'default:0']);
    assert.deepEqual(names('compatible'), ['compatible:1', 'default:0']);
    assert.deepEqual(names('eager'), ['default:0']);
  });

  it('sends each sub-protocol with metadata of its own version', () => {
    const protocols = encodeJoinGroupProtocols('sessioned', { url: 'u1', configOffset: 3n, assignment: null });
    assert.deepEqual(
      protocols.map((p) => [p.name, p.metadata.toString('hex')]),
      [
        ['sessioned', '0002' + '00027531' + '0000000000000003' + 'ffffffff'],
        ['compatible', '0001' + '00027531' + '0000000000000003' + 'ffffffff'],
        ['default', '0000' + '00027531' + '0000000000000003'],
      ],
    );
    assert.equal(decodeWorkerMetadata(protocols[1]!.metadata).version, 1);
  });

  it('maps the selected protocol name back to its mode and version', () => {
    assert.deepEqual(decodeSelectedSubProtocol('default'), { mode: 'eager', name: 'default', version: 0 });
    assert.deepEqual(decodeSelectedSubProtocol('compatible'), { mode: 'compatible', name: 'compatible', version: 1 });
    assert.deepEqual(decodeSelectedSubProtocol('sessioned'), { mode: 'sessioned', name: 'sessioned', version: 2 });
    assert.throws(() => decodeSelectedSubProtocol('range'), /Unknown Connect group sub-protocol: 'range'/);
  });
});
