/**
 * Confluent's wire format: magic byte 0, the schema id as a 4-byte big-endian signed int, then the
 * payload (Avro binary without container header, or UTF-8 JSON text).
 */
import { DataException } from '@tsconnect/api';

export const MAGIC_BYTE = 0;
export const PREFIX_LENGTH = 5;

export function frame(schemaId: number, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(PREFIX_LENGTH + payload.length);
  const view = new DataView(out.buffer);
  view.setUint8(0, MAGIC_BYTE);
  view.setInt32(1, schemaId, false);
  out.set(payload, PREFIX_LENGTH);
  return out;
}

export interface Framed {
  readonly schemaId: number;
  readonly payload: Uint8Array;
}

export function unframe(bytes: Uint8Array): Framed {
  if (bytes.length < PREFIX_LENGTH) {
    throw new DataException(`Unknown magic byte! (message of ${bytes.length} bytes is shorter than the 5-byte prefix)`);
  }
  if (bytes[0] !== MAGIC_BYTE) throw new DataException('Unknown magic byte!');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { schemaId: view.getInt32(1, false), payload: bytes.subarray(PREFIX_LENGTH) };
}
