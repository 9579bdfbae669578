/**
 * Offsets across the host channel: a task host keeps no offsets of its own; its connectors and
 * tasks read and write the worker's offset store through requests to the worker. Both ends of
 * those requests are here.
 */
import { ConnectException } from '@tsconnect/api';
import {
  transactionalOffsetsOf,
  type OffsetBackingStore,
  type OffsetRecord,
  type TransactionalOffsets,
} from '../storage/offset-backing-store.js';
import { offsetKeyIdentity } from '../storage/offset-records.js';
import type { HostChannel } from './host-channel.js';
import { WorkerOps, type TransactionalOffsetKeys } from './host-protocol.js';

/**
 * The worker's end: answers a host's offset requests from the worker's store, and with
 * exactly-once source support the offsets topic with a connector's stored keys.
 */
export function serveOffsets(
  channel: HostChannel,
  offsetStore: OffsetBackingStore,
  transactionalOffsetKeys: ((connector: string) => TransactionalOffsetKeys) | null,
): void {
  channel
    .handle(WorkerOps.getOffsets, (keys: Uint8Array[]) => offsetStore.get(keys.map((k) => Buffer.from(k))))
    .handle(WorkerOps.setOffsets, (records: OffsetRecord[]) =>
      offsetStore.set(records.map(({ key, value }) => ({ key: Buffer.from(key), value: value === null ? null : Buffer.from(value) }))))
    .handle(WorkerOps.transactionalOffsetKeys, (connector: string) => {
      if (!transactionalOffsetKeys) throw new ConnectException('Exactly-once source support is not enabled on this worker');
      return transactionalOffsetKeys(connector);
    });
}

/** The host's end: an offset store whose reads and writes are requests to the worker. */
export function relayedOffsetStore(channel: HostChannel): OffsetBackingStore {
  return {
    start: async () => {},
    stop: async () => {},
    get: async (keys) => {
      const values = await channel.request<Map<string, Uint8Array>>(WorkerOps.getOffsets, [keys]);
      return new Map([...values].map(([identity, value]) => [identity, Buffer.from(value)]));
    },
    set: (records: readonly OffsetRecord[]) => channel.request<void>(WorkerOps.setOffsets, [records]),
    connectorPartitions: () => [],
  };
}

/**
 * The host's end for an exactly-once source task: its offsets written in its transactions to the
 * worker's offsets topic, over the keys the worker has stored (so the records compact over them).
 */
export async function relayedTransactionalOffsets(channel: HostChannel, connector: string): Promise<TransactionalOffsets> {
  const { topic, keys } = await channel.request<TransactionalOffsetKeys>(WorkerOps.transactionalOffsetKeys, [connector]);
  const stored = new Map(keys.map((key) => [offsetKeyIdentity(Buffer.from(key)), Buffer.from(key)]));
  return transactionalOffsetsOf(connector, topic, (key) => stored.get(offsetKeyIdentity(key)) ?? key);
}
