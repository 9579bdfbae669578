/**
 * GET / PATCH / DELETE /connectors/{c}/offsets, as Kafka answers them: source offsets from the
 * offset store, sink offsets from the consumer group connect-<c>. Alter and reset need a
 * STOPPED connector (checked by the caller) and report Kafka's messages.
 */
import type { ConnectorOffsets, Message } from '../model/entities.js';
import { BadRequestError } from './herder-errors.js';
import type { SinkOffsetStore, SourceOffsetStore } from './herder-ports.js';

export const sinkGroupId = (connector: string): string => `connect-${connector}`;

export const OFFSETS_ALTERED: Message = { message: 'The offsets for this connector have been altered successfully' };
export const OFFSETS_RESET: Message = { message: 'The offsets for this connector have been reset successfully' };

export class ConnectorOffsetsOperations {
  readonly #sources: SourceOffsetStore;
  readonly #sinks: SinkOffsetStore;

  constructor(
    sources: SourceOffsetStore,
    sinks: SinkOffsetStore,
  ) {
    this.#sources = sources;
    this.#sinks = sinks;
  }

  async read(connector: string, type: 'source' | 'sink' | 'unknown'): Promise<ConnectorOffsets> {
    if (type === 'sink') {
      const offsets = await this.#sinks.groupOffsets(sinkGroupId(connector));
      return {
        offsets: offsets.map((o) => ({
          partition: { kafka_topic: o.topic, kafka_partition: o.partition },
          offset: { kafka_offset: o.offset },
        })),
      };
    }
    return { offsets: await this.#sources.offsetsOf(connector) };
  }

  async alter(connector: string, type: 'source' | 'sink' | 'unknown', request: ConnectorOffsets): Promise<Message> {
    if (type === 'sink') {
      const alter: { topic: string; partition: number; offset: number }[] = [];
      const remove: { topic: string; partition: number }[] = [];
      for (const { partition, offset } of request.offsets) {
        const topic = partition['kafka_topic'];
        const number = partition['kafka_partition'];
        if (typeof topic !== 'string' || typeof number !== 'number') {
          throw new BadRequestError("The partition for a sink connector offset must contain the keys 'kafka_topic' and 'kafka_partition'");
        }
        if (offset === null) {
          remove.push({ topic, partition: number });
          continue;
        }
        const value = offset['kafka_offset'];
        if (typeof value !== 'number' || value < 0) {
          throw new BadRequestError(`Offset for sink connector partition ${topic}-${number} must be a non-negative number under 'kafka_offset'`);
        }
        alter.push({ topic, partition: number, offset: value });
      }
      if (alter.length > 0) await this.#sinks.alterGroupOffsets(sinkGroupId(connector), alter);
      if (remove.length > 0) await this.#sinks.deleteGroupOffsets(sinkGroupId(connector), remove);
      return OFFSETS_ALTERED;
    }
    await this.#sources.writeOffsets(connector, request.offsets);
    return OFFSETS_ALTERED;
  }

  async reset(connector: string, type: 'source' | 'sink' | 'unknown'): Promise<Message> {
    if (type === 'sink') {
      const offsets = await this.#sinks.groupOffsets(sinkGroupId(connector));
      if (offsets.length > 0) {
        await this.#sinks.deleteGroupOffsets(sinkGroupId(connector), offsets.map(({ topic, partition }) => ({ topic, partition })));
      }
      return OFFSETS_RESET;
    }
    const offsets = await this.#sources.offsetsOf(connector);
    await this.#sources.writeOffsets(connector, offsets.map(({ partition }) => ({ partition, offset: null })));
    return OFFSETS_RESET;
  }
}
