/**
 * The Kafka release whose Java worker ours answers like (`compatibility.kafka.version`): GET /
 * reports it, the built-in plugins report it as their version, and the REST answers follow that
 * release where releases differ. A worker in a group of 4.1 Java workers should answer as they
 * do, so the baseline (4.1.1) is the default and 4.4.0 is chosen explicitly (docs/compatibility.md).
 */
export const COMPATIBILITY_KAFKA_VERSION_CONFIG = 'compatibility.kafka.version';
export const COMPATIBLE_KAFKA_VERSIONS = ['4.1.1', '4.4.0'] as const;
type CompatibleKafkaVersion = (typeof COMPATIBLE_KAFKA_VERSIONS)[number];
export const DEFAULT_COMPATIBLE_KAFKA_VERSION: CompatibleKafkaVersion = '4.1.1';

/** The config definition field Kafka writes orderInGroup as: "order" up to 4.1, "order_in_group" from 4.2. */
function orderInGroupField(version: string): 'order' | 'order_in_group' {
  return version === '4.1.1' ? 'order' : 'order_in_group';
}

/** A config definition (or any object) with its "order" field named as `version` names it, in place. */
export function withOrderField<T extends object>(definition: T, version: string): T {
  const field = orderInGroupField(version);
  if (field === 'order' || !('order' in definition)) return definition;
  return Object.fromEntries(Object.entries(definition).map(([k, v]) => [k === 'order' ? field : k, v])) as T;
}
