/**
 * The `transforms` and `predicates` part of a connector config, as Kafka's ConnectorConfig reads it:
 *
 *   transforms=A,B                 transforms.A.type=<class>   transforms.A.<key>=...  (prefix stripped)
 *   transforms.A.predicate=P       transforms.A.negate=true    (both removed before configure)
 *   predicates=P                   predicates.P.type=<class>   predicates.P.<key>=...
 *
 * `parseTransformChainConfig` checks the shape; `createTransformChain` instantiates and configures
 * the stages in order, each with its own predicate instance. Errors are worded as Kafka's.
 */
import {
  ConfigException, parseType, type ConnectRecord, type Predicate, type Transformation,
} from '@tsconnect/api';
import type { PluginClass } from './builtin-transforms.js';

export const TRANSFORMS_CONFIG = 'transforms';
export const PREDICATES_CONFIG = 'predicates';
export const PREDICATE_CONFIG = 'predicate';
export const NEGATE_CONFIG = 'negate';

export interface PredicateConfig {
  readonly alias: string;
  readonly className: string;
  /** Every `predicates.<alias>.*` key, prefix stripped (`type` included, as Kafka passes it). */
  readonly configs: Record<string, unknown>;
}

export interface TransformStageConfig {
  readonly alias: string;
  readonly className: string;
  /** The `transforms.<alias>.*` keys, prefix stripped, without `predicate` and `negate`. */
  readonly configs: Record<string, unknown>;
  readonly predicate: PredicateConfig | null;
  readonly negate: boolean;
}

/** Finds the plugin class for a Java (or our own) class name; undefined when there is none. */
export type PluginResolver = (className: string) => PluginClass | null | undefined;

function missingRequired(name: string): ConfigException {
  return new ConfigException(`Missing required configuration "${name}" which has no default value.`);
}

function withPrefix(props: Readonly<Record<string, unknown>>, prefix: string): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(props)) {
    if (key.startsWith(prefix) && key.length > prefix.length) result[key.slice(prefix.length)] = value;
  }
  return result;
}

function aliases(props: Readonly<Record<string, unknown>>, key: string): string[] {
  return (parseType(key, props[key], 'LIST') as string[] | null) ?? [];
}

function className(props: Readonly<Record<string, unknown>>, typeKey: string): string {
  const value = parseType(typeKey, props[typeKey], 'CLASS');
  if (value === null) throw missingRequired(typeKey);
  return typeof value === 'string' ? value : (value as { className?: string; name: string }).className ??
    (value as { name: string }).name;
}

/**
 * The transformation stages a connector config declares, in `transforms` order.
 * @throws ConfigException for a missing `type`, `negate` without `predicate`, or a predicate alias
 *   that `predicates` does not list.
 */
export function parseTransformChainConfig(props: Readonly<Record<string, unknown>>): TransformStageConfig[] {
  const predicates = new Map<string, PredicateConfig>();
  for (const alias of aliases(props, PREDICATES_CONFIG)) {
    const prefix = `${PREDICATES_CONFIG}.${alias}.`;
    predicates.set(alias, { alias, className: className(props, `${prefix}type`), configs: withPrefix(props, prefix) });
  }
  return aliases(props, TRANSFORMS_CONFIG).map((alias) => {
    const prefix = `${TRANSFORMS_CONFIG}.${alias}.`;
    const configs = withPrefix(props, prefix);
    const predicateAlias = configs[PREDICATE_CONFIG];
    const negate = configs[NEGATE_CONFIG];
    delete configs[PREDICATE_CONFIG];
    delete configs[NEGATE_CONFIG];
    if (negate !== undefined && predicateAlias === undefined) {
      throw new ConfigException(`Config '${prefix}${NEGATE_CONFIG}' was provided but there is no config ` +
        `'${prefix}${PREDICATE_CONFIG}' defining a predicate to be negated.`);
    }
    const typeName = className(props, `${prefix}type`);
    let predicate: PredicateConfig | null = null;
    if (predicateAlias !== undefined && predicateAlias !== null && predicateAlias !== '') {
      predicate = predicates.get(String(predicateAlias)) ?? null;
      if (predicate === null) {
        throw new ConfigException(`Unknown configuration '${PREDICATES_CONFIG}.${String(predicateAlias)}.type'`);
      }
    }
    return {
      alias,
      className: typeName,
      configs,
      predicate,
      negate: (parseType(`${prefix}${NEGATE_CONFIG}`, negate, 'BOOLEAN') as boolean | null) ?? false,
    };
  });
}

/** One configured stage: runs the transformation when there is no predicate, or when `negate XOR test`. */
export class TransformationStage<R extends ConnectRecord<R>> {
  constructor(
    readonly alias: string,
    readonly transformation: Transformation<R>,
    readonly predicate: Predicate<R> | null = null,
    readonly negate = false,
  ) {}

  apply(record: R): R | null {
    if (this.predicate !== null && this.negate === this.predicate.test(record)) return record;
    return this.transformation.apply(record);
  }

  close(): void {
    this.transformation.close();
    this.predicate?.close();
  }
}

function instantiate<T>(resolve: PluginResolver, key: string, name: string, kind: 'Transformation' | 'Predicate',
  isKind: (instance: unknown) => boolean): T {
  const plugin = resolve(name);
  if (!plugin) throw new ConfigException(key, name, `Class ${name} could not be found.`);
  const instance = new plugin();
  if (!isKind(instance)) throw new ConfigException(key, `class ${name}`, `Not a ${kind}`);
  return instance as T;
}

const isTransformation = (o: unknown): boolean => typeof (o as { apply?: unknown }).apply === 'function' &&
  typeof (o as { configure?: unknown }).configure === 'function';
const isPredicate = (o: unknown): boolean => typeof (o as { test?: unknown }).test === 'function' &&
  typeof (o as { configure?: unknown }).configure === 'function';

/**
 * Instantiates and configures the stages of a connector config, in order. Whatever was built
 * before a failure is closed before the error is rethrown.
 */
export function createTransformChain<R extends ConnectRecord<R>>(
  props: Readonly<Record<string, unknown>>,
  resolve: PluginResolver,
): TransformationStage<R>[] {
  const stages: TransformationStage<R>[] = [];
  try {
    for (const stage of parseTransformChainConfig(props)) {
      const typeKey = `${TRANSFORMS_CONFIG}.${stage.alias}.type`;
      const transformation = instantiate<Transformation<R>>(resolve, typeKey, stage.className, 'Transformation',
        isTransformation);
      let predicate: Predicate<R> | null = null;
      try {
        transformation.configure(stage.configs);
        if (stage.predicate !== null) {
          predicate = instantiate<Predicate<R>>(resolve, `${PREDICATES_CONFIG}.${stage.predicate.alias}.type`,
            stage.predicate.className, 'Predicate', isPredicate);
          predicate.configure(stage.predicate.configs);
        }
      } catch (error) {
        transformation.close();
        predicate?.close();
        throw error;
      }
      stages.push(new TransformationStage(stage.alias, transformation, predicate, stage.negate));
    }
  } catch (error) {
    for (const stage of stages) stage.close();
    throw error;
  }
  return stages;
}
