/**
 * Kafka's ConfigDef.embed and ConfigDef.sortedConfigs, which the runtime needs to build the
 * definitions it validates connectors with: a plugin's keys re-declared under a prefix
 * (`transforms.<alias>.`, `topic.creation.<group>.`), in a named group, numbered in the order
 * Kafka sorts them.
 */
import { ConfigDef, ConfigKey, Importance, NO_DEFAULT, type Recommender, type Validator } from '@tsconnect/api';

const IMPORTANCE_ORDER: Record<Importance, number> = { HIGH: 0, MEDIUM: 1, LOW: 2 };

/**
 * The keys as Kafka's sortedConfigs orders them: ungrouped first, then by group (in definition
 * order), order in group, required before defaulted, importance, and name.
 */
function sortedConfigKeys(definition: ConfigDef): ConfigKey[] {
  const groupOrder = new Map(definition.groups.map((group, index) => [group, index]));
  const compare = (a: ConfigKey, b: ConfigKey): number => {
    if (a.group !== b.group) {
      if (a.group === null) return -1;
      if (b.group === null) return 1;
      return groupOrder.get(a.group)! - groupOrder.get(b.group)!;
    }
    if (a.orderInGroup !== b.orderInGroup) return a.orderInGroup - b.orderInGroup;
    if (a.hasDefault() !== b.hasDefault()) return a.hasDefault() ? 1 : -1;
    const byImportance = IMPORTANCE_ORDER[a.importance] - IMPORTANCE_ORDER[b.importance];
    if (byImportance !== 0) return byImportance;
    return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  };
  return [...definition.configKeys.values()].sort(compare);
}

/** The parsed values under `prefix`, with the prefix removed, as the embedded key expects. */
function unprefixed(prefix: string, parsed: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(parsed)) {
    if (name.startsWith(prefix)) result[name.slice(prefix.length)] = value;
  }
  return result;
}

// An embedded key's validator and recommender see the name and values the plugin declared.
function embeddedValidator(prefix: string, base: Validator | null): Validator | null {
  if (!base) return null;
  return {
    ensureValid: (name, value) => base.ensureValid(name.slice(prefix.length), value),
    toString: () => base.toString(),
  };
}

function embeddedRecommender(prefix: string, base: Recommender | null): Recommender | null {
  if (!base) return null;
  return {
    validValues: (name, parsed) => base.validValues(name.slice(prefix.length), unprefixed(prefix, parsed)),
    visible: (name, parsed) => base.visible(name.slice(prefix.length), unprefixed(prefix, parsed)),
  };
}

/**
 * Declares every key of `child` in `target` as `<keyPrefix><name>`, in group
 * `<groupPrefix>[: <child group>]`, numbered from `startingOrder` in sorted order.
 */
export function embedConfigDef(
  target: ConfigDef,
  keyPrefix: string,
  groupPrefix: string,
  startingOrder: number,
  child: ConfigDef,
): ConfigDef {
  let order = startingOrder;
  for (const key of sortedConfigKeys(child)) {
    target.define(
      new ConfigKey({
        name: keyPrefix + key.name,
        type: key.type,
        defaultValue: key.hasDefault() ? key.defaultValue : NO_DEFAULT,
        validator: embeddedValidator(keyPrefix, key.validator),
        importance: key.importance,
        documentation: key.documentation,
        group: groupPrefix + (key.group === null ? '' : `: ${key.group}`),
        orderInGroup: order++,
        width: key.width,
        displayName: key.displayName,
        dependents: key.dependents.map((dependent) => keyPrefix + dependent),
        recommender: embeddedRecommender(keyPrefix, key.recommender),
        internalConfig: key.internalConfig,
      }),
    );
  }
  return target;
}
