/**
 * The answer of `PUT /connector-plugins/{p}/config/validate`, built as Kafka's
 * AbstractHerder.validateConnectorConfig builds it: the framework's (enriched) connector keys
 * validated, sink topic rules applied, then the connector's own keys and its validate() result
 * (a connector key replaces a framework key of the same name in place), then the converters the
 * connector sets itself, each validated against its own definition under its prefix.
 */
import {
  ConfigValue,
  configInfos,
  configKeyInfo,
  configValueInfo,
  mergeConfigInfos,
  type ConfigDef,
  type ConfigInfo,
  type ConfigInfos,
  type ConfigKey,
  type Connector,
  ConnectorTransactionBoundaries,
  ExactlyOnceSupport,
  type SourceConnector,
} from '@tsconnect/api';
import type { ConfigProviders } from '../config-providers/config-providers.js';
import { BadRequestError } from '../herder/herder-errors.js';
import { PluginKind } from '../plugins/plugin-kind.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import {
  sinkConnectorConfigDef,
  sourceConnectorConfigDef,
  validateSinkTopics,
  type ConnectorConfigDefOptions,
  type ConverterDefaults,
} from './connector-config.js';
import { enrichConnectorConfigDef } from './connector-config-enrichment.js';
import type { WorkerConfig } from './worker-config.js';
import { javaHashMapString, javaHashSetOrder } from './java-hash-order.js';

type Props = Readonly<Record<string, string | null>>;
type ConverterKey = 'key.converter' | 'value.converter' | 'header.converter';

function converterDefaults(
  plugins: PluginRegistry,
  props: Props,
  worker: WorkerConfig | null,
  key: ConverterKey,
): ConverterDefaults {
  const kind = key === 'header.converter' ? PluginKind.HEADER_CONVERTER : PluginKind.CONVERTER;
  const connectorConverter = props[key] ?? null;
  const workerConverter = worker ? classNameOf(key === 'header.converter' ? worker.getClass(key) : worker.originals()[key]) : null;
  if (!props['connector.class'] || (connectorConverter === null && workerConverter === null)) {
    return { type: null, version: null };
  }
  const latest = (name: string | null) => (name === null ? null : (plugins.find(name, [kind])?.version ?? null));
  const workerVersion = worker ? (worker.originals()[`${key}.plugin.version`] as string | undefined) : undefined;
  const version = connectorConverter !== null ? latest(connectorConverter) : (workerVersion ?? latest(workerConverter));
  return { type: workerConverter, version };
}

function classNameOf(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  const declared = (value as { className?: unknown }).className;
  return typeof declared === 'string' ? declared : (value as { name: string }).name;
}

/**
 * Class-valued keys given as aliases are shown by Kafka as the full class name (the alias is
 * resolved when the class is loaded); names the registry does not know are left as given.
 */
function withResolvedClassNames(plugins: PluginRegistry, props: Props): Record<string, string | null> {
  const resolved: Record<string, string | null> = { ...props };
  for (const [name, value] of Object.entries(props)) {
    const isClassKey =
      name === 'key.converter' ||
      name === 'value.converter' ||
      name === 'header.converter' ||
      /^(transforms|predicates)\.[^]*\.type$/.test(name);
    if (isClassKey && value !== null) resolved[name] = plugins.resolveClassName(value.trim());
  }
  return resolved;
}

/** Kafka's AbstractHerder.prefixedConfigInfos: a plugin's validation shown under its prefix. */
function prefixedConfigInfos(
  configKeys: ReadonlyMap<string, ConfigKey>,
  configValues: readonly ConfigValue[],
  prefix: string,
): ConfigInfos {
  let errorCount = 0;
  const groups = new Set<string>();
  const configs: ConfigInfo[] = [];
  for (const validated of configValues) {
    const key = configKeys.get(validated.name) ?? null;
    if (key?.group) groups.add(key.group);
    const value = new ConfigValue(prefix + validated.name, validated.value, validated.recommendedValues, [
      ...validated.errorMessages,
    ]);
    if (value.errorMessages.length > 0) errorCount++;
    configs.push({
      definition: key ? configKeyInfo(key, prefix) : null,
      value: configValueInfo(value, key ? key.type : null),
    });
  }
  return { name: '', error_count: errorCount, groups: [...groups], configs };
}

interface ConfigProviding {
  config(): ConfigDef | null;
  close?(): unknown;
}

async function validateConverter(
  plugins: PluginRegistry,
  props: Props,
  validated: ReadonlyMap<string, ConfigValue>,
  key: ConverterKey,
): Promise<ConfigInfos | null> {
  const className = props[key] ?? null;
  const classValue = validated.get(key);
  const versionValue = validated.get(`${key}.plugin.version`);
  if (className === null || !classValue || classValue.errorMessages.length > 0 || (versionValue?.errorMessages.length ?? 0) > 0) {
    return null;
  }
  const kind = key === 'header.converter' ? PluginKind.HEADER_CONVERTER : PluginKind.CONVERTER;
  const version = props[`${key}.plugin.version`] ?? null;
  let converter: ConfigProviding | null;
  try {
    converter = await plugins.newInstance<ConfigProviding>(className, [kind], version);
  } catch (error) {
    classValue.addErrorMessage(`Failed to load class ${className}: ${(error as Error).message}`);
    return null;
  }
  if (!converter) return null;
  try {
    const definition = converter.config();
    if (!definition) return null;
    const prefix = `${key}.`;
    const converterProps: Record<string, string> = {};
    for (const [name, value] of Object.entries(props)) {
      if (name.startsWith(prefix) && value !== null) converterProps[name.slice(prefix.length)] = value;
    }
    converterProps['converter.type'] ??= key.slice(0, key.indexOf('.'));
    // Kafka lists a converter's values as its ConfigDef.validate returns them: from a HashMap
    // (so the groups, in order of first use, come in that order too).
    const values = new Map(definition.validate(converterProps).map((v) => [v.name, v]));
    return prefixedConfigInfos(definition.configKeys, javaHashSetOrder(values.keys()).map((name) => values.get(name)!), prefix);
  } finally {
    await converter.close?.();
  }
}

interface ValidateConnectorConfigOptions {
  /** The worker's config: its converters are the defaults a connector inherits. */
  worker?: WorkerConfig | null;
  /**
   * Distributed mode: whether the worker has exactly-once source support enabled; source
   * connectors then get Kafka's preflight checks of `exactly.once.support` and
   * `transaction.boundary`. Absent (standalone): no such checks.
   */
  exactlyOnceSource?: boolean;
  /** The worker's config providers: a reference to a path outside their allowed.paths is an error on its key. */
  configProviders?: ConfigProviders | null;
}

/**
 * Validates a connector config for the REST API.
 * @throws BadRequestError when `connector.class` is missing or names no connector.
 */
export async function validateConnectorConfig(
  plugins: PluginRegistry,
  rawProps: Props,
  options: ValidateConnectorConfigOptions = {},
): Promise<ConfigInfos> {
  const connType = rawProps['connector.class'];
  if (connType === undefined || connType === null) {
    throw new BadRequestError(`Connector config ${javaHashMapString(rawProps)} contains no connector type`);
  }
  let entry;
  let connector: Connector;
  try {
    entry = plugins.connector(connType, rawProps['connector.plugin.version'] ?? null);
    connector = new (await entry.load())() as Connector;
  } catch (error) {
    throw new BadRequestError((error as Error).message, { cause: error });
  }
  const worker = options.worker ?? null;
  const defOptions: ConnectorConfigDefOptions = {
    plugins,
    connectorVersion: entry.version,
    keyConverter: converterDefaults(plugins, rawProps, worker, 'key.converter'),
    valueConverter: converterDefaults(plugins, rawProps, worker, 'value.converter'),
    headerConverter: converterDefaults(plugins, rawProps, worker, 'header.converter'),
  };
  const isSink = entry.kind === PluginKind.SINK;
  const base = isSink ? sinkConnectorConfigDef(defOptions) : sourceConnectorConfigDef(defOptions);
  const props = withResolvedClassNames(plugins, rawProps);
  const enriched = await enrichConnectorConfigDef(plugins, base, props, false);
  const validated = enriched.validateAll(props as Record<string, string>);
  for (const value of validated.values()) {
    // Kafka cannot parse a class it cannot load, so such a key is shown with no value, only the error.
    const unloadable = enriched.configKeys.get(value.name)?.type === 'CLASS' &&
      value.errorMessages.some((m) => m.endsWith(`Class ${String(value.value)} could not be found.`));
    if (unloadable) value.value = null;
  }
  if (isSink) validateSinkTopics(props, validated);
  if (!isSink && options.exactlyOnceSource !== undefined) {
    await validateExactlyOnceSource(connector as SourceConnector, rawProps as Record<string, string>, validated, options.exactlyOnceSource);
  }
  for (const [name, value] of Object.entries(props)) {
    if (value !== null) continue;
    if (!validated.has(name)) validated.set(name, new ConfigValue(name));
    validated.get(name)!.addErrorMessage('Null value can not be supplied as the configuration value.');
  }

  const ownDefinition = connector.config();
  const ownValues = (await connector.validate(rawProps as Record<string, string>)).configValues;
  const values = [...validated.values(), ...ownValues];
  for (const { name, message } of options.configProviders?.refusedReferences(rawProps) ?? []) {
    let value = values.find((v) => v.name === name);
    if (!value) values.push((value = new ConfigValue(name)));
    value.addErrorMessage(message);
  }
  const configKeys = new Map(enriched.configKeys);
  for (const [name, key] of ownDefinition.configKeys) configKeys.set(name, key);
  const groups = [...new Set([...enriched.groups, ...ownDefinition.groups])];
  const connectorInfos = configInfos(connType, configKeys, values, groups);

  const converterInfos: (ConfigInfos | null)[] = [];
  for (const key of ['header.converter', 'key.converter', 'value.converter'] as const) {
    converterInfos.push(await validateConverter(plugins, rawProps, validated, key));
  }
  return mergeConfigInfos(connType, connectorInfos, ...converterInfos);
}

/** DistributedHerder's preflight checks of a source connector's exactly-once settings. */
async function validateExactlyOnceSource(
  connector: SourceConnector,
  props: Record<string, string>,
  validated: Map<string, ConfigValue>,
  enabled: boolean,
): Promise<void> {
  const support = validated.get('exactly.once.support');
  if (support && support.errorMessages.length === 0 && String(support.value).toLowerCase() === 'required') {
    if (!enabled) support.addErrorMessage('This worker does not have exactly-once source support enabled.');
    try {
      const answer = await connector.exactlyOnceSupport(props);
      if (answer === null || answer === undefined) {
        support.addErrorMessage(
          'The connector does not implement the API required for preflight validation of exactly-once source support. ' +
            'Please consult the documentation for the connector to determine whether it supports exactly-once semantics, ' +
            'and then consider reconfiguring the connector to use the value "requested" for this property ' +
            '(which will disable this preflight check and allow the connector to be created).',
        );
      } else if (answer !== ExactlyOnceSupport.SUPPORTED) {
        support.addErrorMessage('The connector does not support exactly-once semantics with the provided configuration.');
      }
    } catch (error) {
      support.addErrorMessage(`An unexpected error occurred during validation: ${(error as Error).message}`);
    }
  }
  const boundary = validated.get('transaction.boundary');
  if (boundary && boundary.errorMessages.length === 0 && String(boundary.value).toLowerCase() === 'connector') {
    try {
      if ((await connector.canDefineTransactionBoundaries(props)) !== ConnectorTransactionBoundaries.SUPPORTED) {
        boundary.addErrorMessage(
          'The connector does not support connector-defined transaction boundaries with the given configuration. ' +
            'Please reconfigure it to use a different transaction boundary definition.',
        );
      }
    } catch (error) {
      boundary.addErrorMessage(`An unexpected error occurred during validation: ${(error as Error).message}`);
    }
  }
}
