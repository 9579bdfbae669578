import type { RecordMetadata } from '@tsconnect/api';
import type { ProducedRecord } from './kafka-records.js';

/** Writes records to Kafka: the promise settles with the broker's acknowledgement. */
export interface RecordSender {
  send(record: ProducedRecord): Promise<RecordMetadata>;
  /** Waits until every record sent so far is acknowledged or failed. */
  flush(): Promise<void>;
  close(): Promise<void>;
}
