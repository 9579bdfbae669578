/**
 * The metadata a worker sends with each sub-protocol it offers in JoinGroup, and that the leader
 * reads for every member (ConnectProtocol.WorkerState, ExtendedWorkerState).
 *
 *   WorkerMetadata V0 (default) =>
 *     version         INT16   0
 *     url             STRING  the worker's advertised REST URL
 *     config-offset   INT64   the worker's config topic position (next offset to read)
 *
 *   WorkerMetadata V1, V2 (compatible, sessioned) =>
 *     version         INT16   1 | 2
 *     url             STRING
 *     config-offset   INT64
 *     allocation      NULLABLE_BYTES  the worker's current assignment, a whole Assignment V1/V2
 *                                     with its own version header; null (-1) when it has none
 *
 * The allocation is written with the same version as the metadata around it. Decoding accepts
 * any version >= 0 as Kafka does; a missing allocation (e.g. in version 0) reads as null.
 */
import { type ConnectAssignment, decodeAssignment, encodeAssignment } from './assignment.js';
import { GroupProtocolError, WireReader, WireWriter } from './wire.js';

export interface WorkerMetadata {
  version: number;
  url: string;
  configOffset: bigint;
  /** The worker's current assignment; null when it has none. Not sent in version 0. */
  assignment: ConnectAssignment | null;
}

export function encodeWorkerMetadata(metadata: WorkerMetadata): Buffer {
  const { version } = metadata;
  if (!Number.isInteger(version) || version < 0) {
    throw new GroupProtocolError(`Unsupported worker metadata version: ${version}`);
  }
  const writer = new WireWriter().int16(version).string(metadata.url).int64(metadata.configOffset);
  if (version === 0) return writer.toBuffer();
  const allocation = metadata.assignment === null ? null : encodeAssignment({ ...metadata.assignment, version });
  return writer.nullableBytes(allocation).toBuffer();
}

export function decodeWorkerMetadata(bytes: Buffer): WorkerMetadata {
  const reader = new WireReader(bytes, 'Connect worker metadata');
  const version = reader.int16('version');
  if (version < 0) throw reader.error(`unsupported version ${version}`);
  const url = reader.string('url');
  const configOffset = reader.int64('config-offset');
  const allocation = version > 0 && reader.remaining > 0 ? reader.nullableBytes('allocation') : null;
  return { version, url, configOffset, assignment: allocation === null ? null : decodeAssignment(allocation) };
}
