/** How a Kafka record's timestamp was set, as Kafka's `TimestampType` (its `toString` names). */
export type TimestampType = 'NoTimestampType' | 'CreateTime' | 'LogAppendTime';
