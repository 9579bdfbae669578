/**
 * Source connector topic creation (KIP-158), as Kafka's TopicCreationConfig and
 * SourceConnectorConfig.enrich: `topic.creation.default.*` (replication.factor and partitions
 * required) and, per group listed in `topic.creation.groups`, `topic.creation.<group>.*` whose
 * replication factor and partitions default to the default group's.
 */
import { AbstractConfig, ConfigDef, ConfigException, LambdaValidator, NonNullValidator, parseType } from '@tsconnect/api';
import { TOPIC_CREATION_GROUP } from './connector-config.js';
import { embedConfigDef } from './embed-config-def.js';

export const TOPIC_CREATION_PREFIX = 'topic.creation.';
export const DEFAULT_TOPIC_CREATION_GROUP = 'default';
const DEFAULT_TOPIC_CREATION_PREFIX = `${TOPIC_CREATION_PREFIX}${DEFAULT_TOPIC_CREATION_GROUP}.`;

const INCLUDE_DOC =
  'A list of strings that represent regular expressions that may match topic names. This list is used to include topics that ' +
  "match their values and apply this group's specific configuration to the topics that match this inclusion list. $alias applies " +
  'to any group defined in topic.creation.groups but not the default';
const EXCLUDE_DOC =
  'A list of strings that represent regular expressions that may match topic names. This list is used to exclude topics that ' +
  "match their values and refrain from applying this group's specific configuration to the topics that match this exclusion list. " +
  '$alias applies to any group defined in topic.creation.groups but not the default. Note that exclusion rules have precedent and ' +
  'override any inclusion rules for topics. ';
const REPLICATION_FACTOR_DOC =
  'The replication factor for new topics created for this connector. This value must not be larger than the number of brokers ' +
  'in the Kafka cluster, or otherwise an error will be thrown when the connector will attempt to create a topic. For the default ' +
  "group this configuration is required. For any other group defined in topic.creation.groups this config is optional and if it's " +
  'missing it gets the value the default group';
const PARTITIONS_DOC =
  'The number of partitions new topics created for this connector. For the default group this configuration is required. For any ' +
  "other group defined in topic.creation.groups this config is optional and if it's missing it gets the value the default group";

const MINUS_ONE_OR_POSITIVE = LambdaValidator.with(
  (name, value) => {
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      throw new ConfigException(name, value, 'Value is not of type Integer');
    }
    if (value !== -1 && value < 1) throw new ConfigException(name, value, 'Value must be -1 or at least 1');
  },
  () => '-1 or [1,...]',
);

function groupConfigDef(group: string, includeDefault: unknown, replicationFactor: unknown, partitions: unknown): ConfigDef {
  let order = 0;
  const def = new ConfigDef();
  const common = { group, width: 'LONG' as const, importance: 'LOW' as const };
  def.define({ ...common, name: 'include', type: 'LIST', defaultValue: includeDefault, validator: new NonNullValidator(),
    documentation: INCLUDE_DOC, orderInGroup: ++order, displayName: `Inclusion Topic Pattern for ${group}` });
  def.define({ ...common, name: 'exclude', type: 'LIST', defaultValue: [], validator: new NonNullValidator(),
    documentation: EXCLUDE_DOC, orderInGroup: ++order, displayName: `Exclusion Topic Pattern for ${group}` });
  def.define({ ...common, name: 'replication.factor', type: 'INT', defaultValue: replicationFactor, validator: MINUS_ONE_OR_POSITIVE,
    documentation: REPLICATION_FACTOR_DOC, orderInGroup: ++order, displayName: `Replication Factor for Topics in ${group}` });
  def.define({ ...common, name: 'partitions', type: 'INT', defaultValue: partitions, validator: MINUS_ONE_OR_POSITIVE,
    documentation: PARTITIONS_DOC, orderInGroup: ++order, displayName: `Partition Count for Topics in ${group}` });
  return def;
}

/** The keys of one named group, defaulting to the default group's replication factor and partitions. */
function topicCreationGroupConfigDef(group: string, replicationFactor: number, partitions: number): ConfigDef {
  return groupConfigDef(group, [], replicationFactor, partitions);
}

/** The default group: includes every topic, replication factor and partitions required. */
function defaultTopicCreationGroupConfigDef(): ConfigDef {
  return groupConfigDef(DEFAULT_TOPIC_CREATION_GROUP, '.*', undefined, undefined);
}

/** True when the connector configures topic creation at all. */
export function usesTopicCreation(props: Readonly<Record<string, unknown>>): boolean {
  return Object.keys(props).some((name) => name.startsWith(TOPIC_CREATION_PREFIX));
}

/**
 * The source connector definition with the topic creation groups embedded, as a worker with
 * topic.creation.enable builds it for a connector that uses topic creation.
 * @throws ConfigException when the default group lacks replication.factor or partitions.
 */
export function enrichTopicCreationConfigDef(base: ConfigDef, props: Readonly<Record<string, string>>): ConfigDef {
  const withDefault = embedConfigDef(new ConfigDef(base), DEFAULT_TOPIC_CREATION_PREFIX, DEFAULT_TOPIC_CREATION_GROUP, 0,
    defaultTopicCreationGroupConfigDef());
  const defaults = new AbstractConfig(withDefault, props);
  const replicationFactor = defaults.getInt(`${DEFAULT_TOPIC_CREATION_PREFIX}replication.factor`);
  const partitions = defaults.getInt(`${DEFAULT_TOPIC_CREATION_PREFIX}partitions`);
  const groups = (parseType('topic.creation.groups', props['topic.creation.groups'], 'LIST') as string[] | null) ?? [];
  const enriched = new ConfigDef(withDefault);
  for (const alias of new Set(groups.filter((g) => g !== DEFAULT_TOPIC_CREATION_GROUP))) {
    const configGroup = `${TOPIC_CREATION_GROUP}: ${alias}`;
    embedConfigDef(enriched, `${TOPIC_CREATION_PREFIX}${alias}.`, configGroup, 0,
      topicCreationGroupConfigDef(configGroup, replicationFactor, partitions));
  }
  return enriched;
}
