/**
 * Fits the worker's Kafka clients (src/kafka) to the small interfaces task execution uses: a
 * producer becomes a RecordSender, an admin client a TopicAdmin. (Consumed records need no
 * fitting: the consumer's records are ConsumedRecords as they are.)
 */
import type { RecordMetadata } from '@tsconnect/api';
import type { KafkaAdmin } from '../kafka/kafka-admin.js';
import type { KafkaProducer, ProducerRecord, RecordMetadata as ProducerMetadata } from '../kafka/kafka-producer.js';
import type { ProducedRecord } from './kafka-records.js';
import type { RecordSender } from './record-sender.js';
import type { NewTopic, TopicAdmin } from './topic-admin.js';

function toBuffer(bytes: Uint8Array | null): Buffer | null {
  if (bytes === null) return null;
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function producerRecordSender(producer: Pick<KafkaProducer, 'send' | 'flush' | 'disconnect'>): RecordSender {
  return {
    // Not async, which costs a promise per record; a throw still arrives as a rejection.
    send(record: ProducedRecord): Promise<RecordMetadata> {
      let key: Buffer | null;
      let value: Buffer | null;
      let sending: Promise<ProducerMetadata>;
      try {
        key = toBuffer(record.key);
        value = toBuffer(record.value);
        const sent: ProducerRecord = {
          topic: record.topic,
          key,
          value,
          headers: record.headers.map((h) => ({ key: h.key, value: toBuffer(h.value) })),
        };
        if (record.partition != null) sent.partition = record.partition;
        if (record.timestamp != null) sent.timestamp = record.timestamp;
        sending = producer.send(sent);
      } catch (error) {
        return Promise.reject(error);
      }
      return sending.then((metadata) => ({
        topic: metadata.topic,
        partition: metadata.partition,
        offset: metadata.offset,
        timestamp: record.timestamp ?? -1,
        serializedKeySize: key?.length ?? -1,
        serializedValueSize: value?.length ?? -1,
      }));
    },
    flush: () => producer.flush(),
    close: () => producer.disconnect(),
  };
}

export function adminTopicAdmin(admin: KafkaAdmin): TopicAdmin {
  return {
    async createTopicIfMissing(topic: NewTopic): Promise<boolean> {
      const created = await admin.createTopics([{
        name: topic.name,
        partitions: topic.numPartitions,
        replicationFactor: topic.replicationFactor,
        ...(topic.configs ? { configs: topic.configs } : {}),
      }]);
      return created.includes(topic.name);
    },
  };
}
