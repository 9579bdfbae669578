/**
 * Topic creation for source connectors (KIP-158): with the worker's `topic.creation.enable` and
 * `topic.creation.*` keys in the connector config, a topic is created the first time a task
 * writes to it, with the settings of the first group in `topic.creation.groups` whose `include`
 * matches and `exclude` does not, else of the `default` group. The keys are declared and
 * validated in config/topic-creation-config.ts; other keys under a group's prefix are topic
 * configs (cleanup.policy, retention.ms, ...).
 */
import type { AbstractConfig } from '@tsconnect/api';
import { DEFAULT_TOPIC_CREATION_GROUP, TOPIC_CREATION_PREFIX, usesTopicCreation } from '../config/topic-creation-config.js';
import type { NewTopic } from './topic-admin.js';

/** The parsed connector config (its definition enriched with the topic creation groups). */
export type TopicCreationConfig = Pick<AbstractConfig, 'getList' | 'getInt' | 'originalsWithPrefix' | 'originals'>;

const GROUP_KEYS = new Set(['include', 'exclude', 'replication.factor', 'partitions']);

class TopicCreationGroup {
  constructor(
    readonly name: string,
    readonly include: readonly RegExp[],
    readonly exclude: readonly RegExp[],
    readonly replicationFactor: number,
    readonly numPartitions: number,
    readonly topicConfigs: Readonly<Record<string, string>>,
  ) {}

  /** Read from the `topic.creation.<name>.` keys of a parsed connector config. */
  static fromConfig(name: string, config: TopicCreationConfig): TopicCreationGroup {
    const prefix = `${TOPIC_CREATION_PREFIX}${name}.`;
    const whole = (patterns: string[] | null): RegExp[] => (patterns ?? []).map((p) => new RegExp(`^(?:${p})$`));
    const topicConfigs: Record<string, string> = {};
    for (const [key, value] of Object.entries(config.originalsWithPrefix(prefix))) {
      if (!GROUP_KEYS.has(key)) topicConfigs[key] = String(value);
    }
    return new TopicCreationGroup(
      name,
      whole(config.getList(`${prefix}include`)),
      whole(config.getList(`${prefix}exclude`)),
      config.getInt(`${prefix}replication.factor`),
      config.getInt(`${prefix}partitions`),
      topicConfigs,
    );
  }

  /** Whole-name matches, as Java's `Matcher.matches`; exclusion wins. */
  matches(topic: string): boolean {
    return !this.exclude.some((re) => re.test(topic)) && this.include.some((re) => re.test(topic));
  }

  newTopic(topic: string): NewTopic {
    return { name: topic, numPartitions: this.numPartitions, replicationFactor: this.replicationFactor, configs: this.topicConfigs };
  }

  toString(): string {
    return `TopicCreationGroup{name='${this.name}', inclusionPattern=${this.include.map((r) => r.source).join('|')}, exclusionPattern=${
      this.exclude.map((r) => r.source).join('|')}, numPartitions=${this.numPartitions}, replicationFactor=${this.replicationFactor}, otherConfigs=${
      JSON.stringify(this.topicConfigs)}}`;
  }
}

export class TopicCreation {
  readonly #known = new Set<string>();

  private constructor(
    readonly defaultGroup: TopicCreationGroup,
    readonly groups: readonly TopicCreationGroup[],
  ) {}

  /**
   * The connector's topic creation groups, or null when the connector sets no `topic.creation.*`
   * key. Pass null instead of a config when the worker's topic.creation.enable is false.
   */
  static fromConfig(config: TopicCreationConfig | null): TopicCreation | null {
    if (config === null || !usesTopicCreation(config.originals())) return null;
    const defaults = TopicCreationGroup.fromConfig(DEFAULT_TOPIC_CREATION_GROUP, config);
    const names = (config.getList(`${TOPIC_CREATION_PREFIX}groups`) ?? []).filter((n) => n !== DEFAULT_TOPIC_CREATION_GROUP);
    return new TopicCreation(defaults, [...new Set(names)].map((name) => TopicCreationGroup.fromConfig(name, config)));
  }

  /** True until the topic was created or found once. */
  isTopicCreationRequired(topic: string): boolean {
    return !this.#known.has(topic);
  }

  addTopic(topic: string): void {
    this.#known.add(topic);
  }

  findFirstGroup(topic: string): TopicCreationGroup {
    return this.groups.find((g) => g.matches(topic)) ?? this.defaultGroup;
  }
}
