/**
 * Confluent's subject name strategies (`io.confluent.kafka.serializers.subject.*`): which registry
 * subject a topic's key or value schema lives under.
 */
import { ConfigException, DataException } from '@tsconnect/api';

/** `recordName` is the Avro record full name or JSON Schema title, null when the schema has none. */
export type SubjectNameStrategy = (topic: string, isKey: boolean, recordName: string | null) => string;

const PACKAGE = 'io.confluent.kafka.serializers.subject.';

function requireRecordName(recordName: string | null, isKey: boolean): string {
  if (recordName === null) {
    throw new DataException(`In configuration ${isKey ? 'key' : 'value'}.subject.name.strategy, the schema must ` +
      'be named (an Avro record or a JSON Schema with a title) to derive the subject from its name');
  }
  return recordName;
}

export const TopicNameStrategy: SubjectNameStrategy = (topic, isKey) => `${topic}${isKey ? '-key' : '-value'}`;

export const RecordNameStrategy: SubjectNameStrategy = (_topic, isKey, recordName) => requireRecordName(recordName, isKey);

export const TopicRecordNameStrategy: SubjectNameStrategy =
  (topic, isKey, recordName) => `${topic}-${requireRecordName(recordName, isKey)}`;

const STRATEGIES: ReadonlyMap<string, SubjectNameStrategy> = new Map([
  ['TopicNameStrategy', TopicNameStrategy],
  ['RecordNameStrategy', RecordNameStrategy],
  ['TopicRecordNameStrategy', TopicRecordNameStrategy],
]);

export const TOPIC_NAME_STRATEGY_CLASS = `${PACKAGE}TopicNameStrategy`;

/**
 * The strategy for a configured class name: the full Java name, the legacy
 * `io.confluent.kafka.serializers.subject.strategy.*` name, or the simple name. Confluent 8's default
 * `AssociatedNameStrategy` falls back to topic names when the registry has no association, which
 * is what we do for it.
 */
export function subjectNameStrategy(configName: string, className: string): SubjectNameStrategy {
  const simple = className.slice(className.lastIndexOf('.') + 1);
  const known = className === simple || className === `${PACKAGE}${simple}` || className === `${PACKAGE}strategy.${simple}`;
  const strategy = known ? (simple === 'AssociatedNameStrategy' ? TopicNameStrategy : STRATEGIES.get(simple)) : undefined;
  if (strategy === undefined) throw new ConfigException(configName, className, 'Unknown subject name strategy');
  return strategy;
}
