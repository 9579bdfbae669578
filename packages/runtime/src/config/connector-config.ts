/**
 * The framework's connector keys, as Kafka's ConnectorConfig, SinkConnectorConfig and
 * SourceConnectorConfig declare them: same names, types, defaults, groups, orders, display names
 * and documentation, so that the REST validate endpoint answers as a Java worker does.
 */
import {
  CaseInsensitiveValidString,
  CompositeValidator,
  ConfigDef,
  ConfigException,
  ConfigValue,
  LambdaValidator,
  NonEmptyString,
  NonEmptyStringWithoutControlChars,
  NonNullValidator,
  Range,
  ValidString,
  parseType,
  type ConfigKeyOptions,
  type Recommender,
  type Validator,
} from '@tsconnect/api';
import { PluginKind } from '../plugins/plugin-kind.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import { HEADER_CONVERTER_CLASS_DOC, KEY_CONVERTER_CLASS_DOC, VALUE_CONVERTER_CLASS_DOC } from './worker-config.js';

const COMMON_GROUP = 'Common';
export const TRANSFORMS_GROUP = 'Transforms';
export const PREDICATES_GROUP = 'Predicates';
const ERROR_GROUP = 'Error Handling';
export const TOPIC_CREATION_GROUP = 'Topic Creation';
const EXACTLY_ONCE_SUPPORT_GROUP = 'Exactly Once Support';
const OFFSETS_TOPIC_GROUP = 'offsets.topic';

const CONNECTOR_CLASS_DOC =
  'Name or alias of the class for this connector. Must be a subclass of org.apache.kafka.connect.connector.Connector. ' +
  'If the connector is org.apache.kafka.connect.file.FileStreamSinkConnector, you can either specify this full name, ' +
  ' or use "FileStreamSink" or "FileStreamSinkConnector" to make the configuration a bit shorter';
const TASKS_MAX_ENFORCE_DOC =
  '(Deprecated) Whether to enforce that the tasks.max property is respected by the connector. ' +
  'By default, connectors that generate too many tasks will fail, and existing sets of tasks that exceed the tasks.max property will also be failed. ' +
  'If this property is set to false, then connectors will be allowed to generate more than the maximum number of tasks, and existing sets of ' +
  'tasks that exceed the tasks.max property will be allowed to run. ' +
  'This property is deprecated and will be removed in an upcoming major release.';
const CONFIG_RELOAD_ACTION_DOC =
  "The action that Connect should take on the connector when changes in external configuration providers result in a change in the connector's configuration properties. " +
  "A value of 'none' indicates that Connect will do nothing. " +
  "A value of 'restart' indicates that Connect should restart/reload the connector with the updated configuration properties." +
  'The restart may actually be scheduled in the future if the external configuration provider indicates that a configuration value will expire in the future.';
const ERRORS_LOG_INCLUDE_MESSAGES_DOC =
  'Whether to include in the log the Connect record that resulted in a failure. ' +
  'For sink records, the topic, partition, offset, and timestamp will be logged. ' +
  'For source records, the key and value (and their schemas), all headers, and the timestamp, Kafka topic, Kafka partition, source partition, ' +
  'and source offset will be logged. ' +
  "This is 'false' by default, which will prevent record keys, values, and headers from being written to log files.";

/** A converter a connector inherits from the worker when it sets none: its class and version. */
export interface ConverterDefaults {
  type: string | null;
  version: string | null;
}

export interface ConnectorConfigDefOptions {
  /** Default of connector.plugin.version: the latest installed version of the connector. */
  connectorVersion?: string | null;
  keyConverter?: ConverterDefaults;
  valueConverter?: ConverterDefaults;
  headerConverter?: ConverterDefaults;
  /** With a registry, class keys are checked against it and recommend its plugins. */
  plugins?: PluginRegistry | null;
}

const NO_CONVERTER: ConverterDefaults = { type: null, version: null };

type KeyOptions = Omit<ConfigKeyOptions, 'name' | 'type' | 'importance' | 'documentation'>;

function key(
  name: string,
  type: ConfigKeyOptions['type'],
  importance: ConfigKeyOptions['importance'],
  documentation: string,
  options: KeyOptions,
): ConfigKeyOptions {
  return { name, type, importance, documentation, ...options };
}

function uniqueAliases(kind: string): Validator {
  return CompositeValidator.of(
    new NonNullValidator(),
    LambdaValidator.with(
      (name, value) => {
        const aliases = value as string[];
        if (new Set(aliases).size < aliases.length) {
          throw new ConfigException(name, `[${aliases.join(', ')}]`, 'Duplicate alias provided.');
        }
      },
      () => `unique ${kind} aliases`,
    ),
  );
}

/** A Maven version range as connector.plugin.version accepts it: a version or a bracketed range. */
const PLUGIN_VERSION_VALIDATOR = LambdaValidator.with((name, value) => {
  if (value === null) return;
  const text = String(value).trim();
  const ranged = /^[[(]/.test(text);
  if (text === '' || (ranged && !/[\])]$/.test(text))) {
    throw new ConfigException(name, value, ranged ? `Unbounded range: ${text}` : 'Version cannot be empty');
  }
}, () => 'a version, or a Maven version range');

/** The Java interface each kind of plugin implements, as class-check messages name it. */
export const JAVA_INTERFACE: Record<PluginKind, string> = {
  sink: 'org.apache.kafka.connect.sink.SinkConnector',
  source: 'org.apache.kafka.connect.source.SourceConnector',
  transformation: 'org.apache.kafka.connect.transforms.Transformation',
  predicate: 'org.apache.kafka.connect.transforms.predicates.Predicate',
  converter: 'org.apache.kafka.connect.storage.Converter',
  header_converter: 'org.apache.kafka.connect.storage.HeaderConverter',
  configprovider: 'org.apache.kafka.common.config.provider.ConfigProvider',
};

/** The name of a class value's class, or null when it is unset. */
function classNameOf(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  const declared = (value as { className?: unknown }).className;
  return typeof declared === 'string' ? declared : (value as { name: string }).name;
}

/**
 * Checks a class value as Kafka's class parsing and ConcreteSubClassValidator would: the class
 * must exist, and be a plugin of `kind`.
 */
function pluginClassValidator(plugins: PluginRegistry, kind: PluginKind, simpleInterface: string): Validator {
  return LambdaValidator.with(
    (name, value) => {
      const className = classNameOf(value);
      if (className === null) return;
      if (plugins.find(className, [kind])) return;
      if (plugins.find(className, Object.values(PluginKind))) {
        throw new ConfigException(name, `class ${plugins.resolveClassName(className)}`, `Not a ${simpleInterface}`);
      }
      throw new ConfigException(name, className, `Class ${className} could not be found.`);
    },
    () => '',
  );
}

function classRecommender(plugins: PluginRegistry, ...kinds: PluginKind[]): Recommender {
  return {
    validValues: () => [...new Set(plugins.plugins(...kinds).map((e) => e.className))],
    visible: () => true,
  };
}

function versionRecommender(
  plugins: PluginRegistry,
  classKey: string,
  kinds: readonly PluginKind[],
): Recommender {
  return {
    validValues: (_name, parsed) => {
      const className = classNameOf(parsed[classKey]);
      if (className === null) return [];
      const resolved = plugins.resolveClassName(className);
      const versions = plugins
        .plugins(...kinds)
        .filter((e) => e.className === resolved)
        .map((e) => e.version ?? 'undefined');
      return [...new Set(versions)];
    },
    visible: (_name, parsed) => parsed[classKey] !== null && parsed[classKey] !== undefined,
  };
}

function converterKeys(
  def: ConfigDef,
  nextOrder: () => number,
  options: ConnectorConfigDefOptions,
  which: 'key' | 'value' | 'header',
): void {
  const classKey = `${which}.converter`;
  const kind = which === 'header' ? PluginKind.HEADER_CONVERTER : PluginKind.CONVERTER;
  const simple = which === 'header' ? 'HeaderConverter' : 'Converter';
  const defaults = options[`${which}Converter`] ?? NO_CONVERTER;
  const plugins = options.plugins ?? null;
  const title = which === 'key' ? 'Key' : which === 'value' ? 'Value' : 'Header';
  const doc = which === 'key' ? KEY_CONVERTER_CLASS_DOC : which === 'value' ? VALUE_CONVERTER_CLASS_DOC : HEADER_CONVERTER_CLASS_DOC;
  def.define(
    key(classKey, 'CLASS', 'LOW', doc, {
      defaultValue: defaults.type,
      validator: plugins ? pluginClassValidator(plugins, kind, simple) : null,
      group: COMMON_GROUP,
      orderInGroup: nextOrder(),
      width: 'SHORT',
      displayName: `${title} converter class`,
      recommender: plugins ? classRecommender(plugins, kind) : null,
    }),
  );
  def.define(
    key(`${classKey}.plugin.version`, 'STRING', 'LOW', `Version of the ${which} converter.`, {
      defaultValue: defaults.version,
      validator: PLUGIN_VERSION_VALIDATOR,
      group: COMMON_GROUP,
      orderInGroup: nextOrder(),
      width: 'SHORT',
      displayName: `${title} converter version`,
      recommender: plugins ? versionRecommender(plugins, classKey, [kind]) : null,
    }),
  );
}

/** ConnectorConfig.configDef: the keys every connector has. */
function connectorConfigDef(options: ConnectorConfigDefOptions = {}): ConfigDef {
  let order = 0;
  let errorOrder = 0;
  const nextOrder = () => ++order;
  const nextErrorOrder = () => ++errorOrder;
  const plugins = options.plugins ?? null;
  const def = new ConfigDef();
  def.define(
    key('name', 'STRING', 'HIGH', 'Globally unique name to use for this connector.', {
      validator: new NonEmptyStringWithoutControlChars(),
      group: COMMON_GROUP,
      orderInGroup: nextOrder(),
      width: 'MEDIUM',
      displayName: 'Connector name',
    }),
  );
  def.define(
    key('connector.class', 'STRING', 'HIGH', CONNECTOR_CLASS_DOC, {
      group: COMMON_GROUP,
      orderInGroup: nextOrder(),
      width: 'LONG',
      displayName: 'Connector class',
    }),
  );
  def.define(
    key('connector.plugin.version', 'STRING', 'MEDIUM', 'Version of the connector.', {
      defaultValue: options.connectorVersion ?? null,
      validator: PLUGIN_VERSION_VALIDATOR,
      group: COMMON_GROUP,
      orderInGroup: nextOrder(),
      width: 'MEDIUM',
      displayName: 'Connector version',
      recommender: plugins
        ? versionRecommender(plugins, 'connector.class', [PluginKind.SOURCE, PluginKind.SINK])
        : null,
    }),
  );
  def.define(
    key('tasks.max', 'INT', 'HIGH', 'Maximum number of tasks to use for this connector.', {
      defaultValue: 1,
      validator: Range.atLeast(1),
      group: COMMON_GROUP,
      orderInGroup: nextOrder(),
      width: 'SHORT',
      displayName: 'Tasks max',
    }),
  );
  def.define(
    key('tasks.max.enforce', 'BOOLEAN', 'LOW', TASKS_MAX_ENFORCE_DOC, {
      defaultValue: true,
      group: COMMON_GROUP,
      orderInGroup: nextOrder(),
      width: 'SHORT',
      displayName: 'Enforce tasks max',
    }),
  );
  converterKeys(def, nextOrder, options, 'key');
  converterKeys(def, nextOrder, options, 'value');
  converterKeys(def, nextOrder, options, 'header');
  def.define(
    key('transforms', 'LIST', 'LOW', 'Aliases for the transformations to be applied to records.', {
      defaultValue: [],
      validator: uniqueAliases('transformation'),
      group: TRANSFORMS_GROUP,
      orderInGroup: nextOrder(),
      width: 'LONG',
      displayName: 'Transforms',
    }),
  );
  def.define(
    key('predicates', 'LIST', 'LOW', 'Aliases for the predicates used by transformations.', {
      defaultValue: [],
      validator: uniqueAliases('predicate'),
      group: PREDICATES_GROUP,
      orderInGroup: nextOrder(),
      width: 'LONG',
      displayName: 'Predicates',
    }),
  );
  def.define(
    key('config.action.reload', 'STRING', 'LOW', CONFIG_RELOAD_ACTION_DOC, {
      defaultValue: 'restart',
      validator: ValidString.in('none', 'restart'),
      group: COMMON_GROUP,
      orderInGroup: nextOrder(),
      width: 'MEDIUM',
      displayName: 'Reload Action',
    }),
  );
  const errorKey = (
    name: string,
    type: ConfigKeyOptions['type'],
    defaultValue: unknown,
    doc: string,
    width: ConfigKeyOptions['width'],
    displayName: string,
    validator: Validator | null = null,
  ) =>
    def.define(
      key(name, type, 'MEDIUM', doc, {
        defaultValue,
        validator,
        group: ERROR_GROUP,
        orderInGroup: nextErrorOrder(),
        width,
        displayName,
      }),
    );
  errorKey(
    'errors.retry.timeout',
    'LONG',
    0,
    'The maximum duration in milliseconds that a failed operation will be reattempted. The default is 0, which means no retries will be attempted. Use -1 for infinite retries.',
    'MEDIUM',
    'Retry Timeout for Errors',
  );
  errorKey(
    'errors.retry.delay.max.ms',
    'LONG',
    60000,
    'The maximum duration in milliseconds between consecutive retry attempts. Jitter will be added to the delay once this limit is reached to prevent thundering herd issues.',
    'MEDIUM',
    'Maximum Delay Between Retries for Errors',
  );
  errorKey(
    'errors.tolerance',
    'STRING',
    'none',
    "Behavior for tolerating errors during connector operation. 'none' is the default value and signals that any error will result in an immediate connector task failure; 'all' changes the behavior to skip over problematic records.",
    'SHORT',
    'Error Tolerance',
    ValidString.in('none', 'all'),
  );
  errorKey(
    'errors.log.enable',
    'BOOLEAN',
    false,
    "If true, write each error and the details of the failed operation and problematic record to the Connect application log. This is 'false' by default, so that only errors that are not tolerated are reported.",
    'SHORT',
    'Log Errors',
  );
  errorKey('errors.log.include.messages', 'BOOLEAN', false, ERRORS_LOG_INCLUDE_MESSAGES_DOC, 'SHORT', 'Log Error Details');
  return def;
}

/** A regular expression that compiles (Kafka's RegexValidator). */
const REGEX_VALIDATOR = LambdaValidator.with(
  (name, value) => {
    if (value === null || value === '') return;
    try {
      new RegExp(String(value));
    } catch (error) {
      throw new ConfigException(name, value, `Invalid regex: ${(error as Error).message}`);
    }
  },
  () => 'valid regex',
);

/** SinkConnectorConfig.configDef: the common keys plus topics, topics.regex and the DLQ. */
export function sinkConnectorConfigDef(options: ConnectorConfigDefOptions = {}): ConfigDef {
  return connectorConfigDef(options)
    .define(
      key('topics', 'LIST', 'HIGH', 'List of topics to consume, separated by commas', {
        defaultValue: '',
        group: COMMON_GROUP,
        orderInGroup: 4,
        width: 'LONG',
        displayName: 'Topics',
      }),
    )
    .define(
      key(
        'topics.regex',
        'STRING',
        'HIGH',
        'Regular expression giving topics to consume. Under the hood, the regex is compiled to a <code>java.util.regex.Pattern</code>. Only one of topics or topics.regex should be specified.',
        { defaultValue: '', validator: REGEX_VALIDATOR, group: COMMON_GROUP, orderInGroup: 4, width: 'LONG', displayName: 'Topics regex' },
      ),
    )
    .define(
      key(
        'errors.deadletterqueue.topic.name',
        'STRING',
        'MEDIUM',
        'The name of the topic to be used as the dead letter queue (DLQ) for messages that result in an error when processed by this sink connector, or its transformations or converters. The topic name is blank by default, which means that no messages are to be recorded in the DLQ.',
        { defaultValue: '', group: ERROR_GROUP, orderInGroup: 6, width: 'MEDIUM', displayName: 'Dead Letter Queue Topic Name' },
      ),
    )
    .define(
      key(
        'errors.deadletterqueue.topic.replication.factor',
        'SHORT',
        'MEDIUM',
        "Replication factor used to create the dead letter queue topic when it doesn't already exist.",
        { defaultValue: 3, group: ERROR_GROUP, orderInGroup: 7, width: 'MEDIUM', displayName: 'Dead Letter Queue Topic Replication Factor' },
      ),
    )
    .define(
      key(
        'errors.deadletterqueue.context.headers.enable',
        'BOOLEAN',
        'MEDIUM',
        'If true, add headers containing error context to the messages written to the dead letter queue. To avoid clashing with headers from the original record, all error context header keys, all error context header keys will start with <code>__connect.errors.</code>',
        { defaultValue: false, group: ERROR_GROUP, orderInGroup: 8, width: 'MEDIUM', displayName: 'Enable Error Context Headers' },
      ),
    );
}

function isBlank(value: string | null | undefined): boolean {
  return value === null || value === undefined || value.trim() === '';
}

function addError(validated: Map<string, ConfigValue>, name: string, value: string | null | undefined, message: string): void {
  let configValue = validated.get(name);
  if (!configValue) {
    configValue = new ConfigValue(name, value ?? null);
    validated.set(name, configValue);
  }
  configValue.addErrorMessage(message);
}

/**
 * SinkConnectorConfig.validate: exactly one of topics / topics.regex, and the DLQ topic not among
 * the consumed topics. Errors are added to `validated` (entries created as needed).
 */
export function validateSinkTopics(
  props: Readonly<Record<string, string | null>>,
  validated: Map<string, ConfigValue>,
): void {
  const topics = props['topics'];
  const topicsRegex = props['topics.regex'];
  const dlqTopic = (props['errors.deadletterqueue.topic.name'] ?? '').trim();
  const hasTopics = !isBlank(topics);
  const hasRegex = !isBlank(topicsRegex);
  if (hasTopics && hasRegex) {
    const message = 'topics and topics.regex are mutually exclusive options, but both are set.';
    addError(validated, 'topics', topics, message);
    addError(validated, 'topics.regex', topicsRegex, message);
  }
  if (!hasTopics && !hasRegex) {
    const message = 'Must configure one of topics or topics.regex';
    addError(validated, 'topics', topics, message);
    addError(validated, 'topics.regex', topicsRegex, message);
  }
  if (dlqTopic === '') return;
  if (hasTopics) {
    const list = [...new Set((parseType('topics', topics, 'LIST') as string[]).filter((t) => t !== ''))];
    if (list.includes(dlqTopic)) {
      addError(
        validated,
        'topics',
        topics,
        `The DLQ topic '${dlqTopic}' may not be included in the list of topics ('topics=[${list.join(', ')}]') consumed by the connector`,
      );
    }
  }
  if (hasRegex && new RegExp(`^(?:${topicsRegex})$`).test(dlqTopic)) {
    addError(
      validated,
      'topics.regex',
      topicsRegex,
      `The DLQ topic '${dlqTopic}' may not be matched by the regex for the topics ('topics.regex=${topicsRegex}') consumed by the connector`,
    );
  }
}

/** SourceConnectorConfig.configDef: the common keys plus topic creation, EOS and offsets topic. */
export function sourceConnectorConfigDef(options: ConnectorConfigDefOptions = {}): ConfigDef {
  let order = 0;
  return new ConfigDef(connectorConfigDef(options))
    .define(
      key('topic.creation.groups', 'LIST', 'LOW', 'Groups of configurations for topics created by source connectors', {
        defaultValue: [],
        validator: CompositeValidator.of(
          new NonNullValidator(),
          LambdaValidator.with(
            (name, value) => {
              const groups = value as string[];
              if (new Set(groups).size < groups.length) {
                throw new ConfigException(name, `[${groups.join(', ')}]`, 'Duplicate alias provided.');
              }
            },
            () => 'unique topic creation groups',
          ),
        ),
        group: TOPIC_CREATION_GROUP,
        orderInGroup: ++order,
        width: 'LONG',
        displayName: 'Topic Creation Groups',
      }),
    )
    .define(
      key(
        'exactly.once.support',
        'STRING',
        'MEDIUM',
        'Permitted values are requested, required. If set to "required", forces a preflight check for the connector to ensure that it can provide exactly-once semantics ' +
          'with the given configuration. Some connectors may be capable of providing exactly-once semantics but not signal to ' +
          'Connect that they support this; in that case, documentation for the connector should be consulted carefully before ' +
          'creating it, and the value for this property should be set to "requested". ' +
          'Additionally, if the value is set to "required" but the worker that performs preflight validation does not have ' +
          'exactly-once support enabled for source connectors, requests to create or validate the connector will fail.',
        {
          defaultValue: 'requested',
          validator: CaseInsensitiveValidString.in('requested', 'required'),
          group: EXACTLY_ONCE_SUPPORT_GROUP,
          orderInGroup: ++order,
          width: 'SHORT',
          displayName: 'Exactly once support',
        },
      ),
    )
    .define(
      key(
        'transaction.boundary',
        'STRING',
        'MEDIUM',
        "Permitted values are: poll, interval, connector. If set to 'poll', a new producer transaction will be started and committed for every batch of records that each task from " +
          "this connector provides to Connect. If set to 'connector', relies on connector-defined transaction boundaries; note that " +
          'not all connectors are capable of defining their own transaction boundaries, and in that case, attempts to instantiate a connector with ' +
          "this value will fail. Finally, if set to 'interval', commits transactions only after a user-defined time interval has passed.",
        {
          defaultValue: 'poll',
          validator: CaseInsensitiveValidString.in('poll', 'interval', 'connector'),
          group: EXACTLY_ONCE_SUPPORT_GROUP,
          orderInGroup: ++order,
          width: 'SHORT',
          displayName: 'Transaction Boundary',
        },
      ),
    )
    .define(
      key(
        'transaction.boundary.interval.ms',
        'LONG',
        'LOW',
        "If 'transaction.boundary' is set to 'interval', determines the interval for producer transaction commits by connector tasks. If unset, defaults to the value of the worker-level " +
          "'offset.flush.interval.ms' property. It has no effect if a different transaction.boundary is specified.",
        {
          defaultValue: null,
          validator: LambdaValidator.with(
            (name, value) => {
              if (value !== null) Range.atLeast(0).ensureValid(name, value);
            },
            () => Range.atLeast(0).toString(),
          ),
          group: EXACTLY_ONCE_SUPPORT_GROUP,
          orderInGroup: ++order,
          width: 'SHORT',
          displayName: 'Transaction boundary interval',
        },
      ),
    )
    .define(
      key(
        'offsets.storage.topic',
        'STRING',
        'LOW',
        'The name of a separate offsets topic to use for this connector. ' +
          'If empty or not specified, the worker’s global offsets topic name will be used. ' +
          'If specified, the offsets topic will be created if it does not already exist on the Kafka cluster targeted by this connector ' +
          "(which may be different from the one used for the worker's global offsets topic if the bootstrap.servers property of the connector's producer " +
          "has been overridden from the worker's). Only applicable in distributed mode; in standalone mode, setting this property will have no effect.",
        {
          defaultValue: null,
          validator: new NonEmptyString(),
          group: OFFSETS_TOPIC_GROUP,
          orderInGroup: 1,
          width: 'LONG',
          displayName: 'Offsets topic',
        },
      ),
    );
}
