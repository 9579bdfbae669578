/**
 * The sub-protocols of the `connect` group (ConnectProtocolCompatibility). A worker offers, in
 * JoinGroup, every sub-protocol its `connect.protocol` setting allows, most preferred first, each
 * with its own metadata; the broker picks one that every member offers.
 *
 *   connect.protocol   JoinGroup protocols, in order (name: metadata version)
 *   sessioned          sessioned: 2, compatible: 1, default: 0
 *   compatible         compatible: 1, default: 0
 *   eager              default: 0
 *
 * `default` is the eager protocol (stop everything, reassign everything); `compatible` is
 * incremental cooperative rebalancing (KIP-415); `sessioned` adds signed internal requests (KIP-507).
 */
import type { ConnectAssignment } from './assignment.js';
import { GroupProtocolError } from './wire.js';
import { encodeWorkerMetadata } from './worker-metadata.js';

/** The JoinGroup protocol type of the worker group. */
export const CONNECT_PROTOCOL_TYPE = 'connect';

export type ConnectProtocolMode = 'eager' | 'compatible' | 'sessioned';

interface ConnectSubProtocol {
  mode: ConnectProtocolMode;
  /** The name sent in JoinGroup. */
  name: 'default' | 'compatible' | 'sessioned';
  /** The version of the metadata and assignments exchanged under this sub-protocol. */
  version: 0 | 1 | 2;
}

const EAGER: ConnectSubProtocol = { mode: 'eager', name: 'default', version: 0 };
const COMPATIBLE: ConnectSubProtocol = { mode: 'compatible', name: 'compatible', version: 1 };
const SESSIONED: ConnectSubProtocol = { mode: 'sessioned', name: 'sessioned', version: 2 };

/** The sub-protocols a worker offers for its `connect.protocol` setting, most preferred first. */
export function offeredSubProtocols(mode: ConnectProtocolMode): ConnectSubProtocol[] {
  switch (mode) {
    case 'sessioned':
      return [SESSIONED, COMPATIBLE, EAGER];
    case 'compatible':
      return [COMPATIBLE, EAGER];
    case 'eager':
      return [EAGER];
  }
}

/** The worker's state as it reports it when joining. */
interface JoiningWorkerState {
  url: string;
  configOffset: bigint;
  /** Its current assignment; null before it has one. */
  assignment: ConnectAssignment | null;
}

export interface JoinGroupProtocol {
  name: string;
  metadata: Buffer;
}

/** The protocols list of a JoinGroup request: each offered sub-protocol with its metadata. */
export function encodeJoinGroupProtocols(mode: ConnectProtocolMode, state: JoiningWorkerState): JoinGroupProtocol[] {
  return offeredSubProtocols(mode).map((protocol) => ({
    name: protocol.name,
    metadata: encodeWorkerMetadata({ version: protocol.version, ...state }),
  }));
}

/** The sub-protocol the coordinator selected, from the protocol name in the JoinGroup response. */
export function decodeSelectedSubProtocol(name: string): ConnectSubProtocol {
  const protocol = [SESSIONED, COMPATIBLE, EAGER].find((p) => p.name === name);
  if (protocol === undefined) throw new GroupProtocolError(`Unknown Connect group sub-protocol: '${name}'`);
  return protocol;
}
