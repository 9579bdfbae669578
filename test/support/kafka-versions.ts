import { KAFKA_VERSIONS, kafkaVersionFromEnv, type KafkaVersion } from '@tsconnect/testinfra';

/**
 * The Kafka releases a compatibility suite compares with: every pinned one, or only the one
 * TSCONNECT_KAFKA_VERSION names (to rerun one side quickly).
 */
export function compatKafkaVersions(): readonly KafkaVersion[] {
  return process.env.TSCONNECT_KAFKA_VERSION ? [kafkaVersionFromEnv()] : KAFKA_VERSIONS;
}
