/**
 * Builds a task of each kind, as Kafka's Worker.TaskBuilder subclasses do: a sink task with its
 * consumer and dead letter queue, an at-least-once source task with its producer, an exactly-once
 * source task with its transactional producer. The Worker loads the plugin's task and picks the
 * builder; what each kind is wired to lives here.
 */
import {
  ConnectException,
  type ConnectRecord,
  type Converter,
  type HeaderConverter,
  type OffsetStorageReader,
  type Predicate,
  type SinkRecord,
  type SinkTask,
  type SourceRecord,
  type SourceTask,
  type Transformation,
} from '@tsconnect/api';
import { formatConnectorTaskId, type ConnectorTaskId } from '../connector-task-id.js';
import type { ConnectorConfig } from '../config/parsed-connector-config.js';
import type { WorkerConfig } from '../config/worker-config.js';
import { KafkaAdmin } from '../kafka/kafka-admin.js';
import { KafkaConsumer } from '../kafka/kafka-consumer.js';
import { KafkaProducer } from '../kafka/kafka-producer.js';
import type { SharedProducers } from '../kafka/shared-producers.js';
import {
  type ClientOverridePolicy,
  taskAdminProperties,
  taskConsumerProperties,
  taskProducerProperties,
} from '../kafka/task-client-configs.js';
import { PluginKind } from '../plugins/plugin-kind.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import type { TransactionalOffsets } from '../storage/offset-backing-store.js';
import { createSinkErrorHandling, createSourceErrorHandling, type ErrorHandlingOptions } from './errors/error-handling.js';
import { ExactlyOnceWorkerSourceTask, type TransactionBoundary } from './exactly-once-worker-source-task.js';
import { adminTopicAdmin, producerRecordSender } from './kafka-adapters.js';
import type { TaskConverters } from './task-converters.js';
import type { TaskStatusListener } from './task-status-listener.js';
import { TransformationChain, type TransformationStage } from './transformation-chain.js';
import type { WorkerLog } from './worker-log.js';
import { WorkerSinkTask } from './worker-sink-task.js';
import { WorkerSourceTask, type SourceOffsetWriter } from './worker-source-task.js';

/** What the worker lends every task it builds. */
export interface TaskEnvironment {
  workerConfig: WorkerConfig;
  /** The worker's properties as strings, the base of every client's settings. */
  workerProps: Readonly<Record<string, string>>;
  policy: ClientOverridePolicy;
  plugins: PluginRegistry;
  log: WorkerLog;
  taskStatus: TaskStatusListener;
  /** Where at-least-once source tasks lease a shared producer; null: each task gets its own (`task.producer.sharing.enable=false`). */
  sharedProducers: SharedProducers | null;
}

/** One task to build: its id and configs, the plugin's task instance and its converters. */
export interface TaskBuildSpec<T extends SinkTask | SourceTask> {
  id: ConnectorTaskId;
  connectorConfig: Readonly<Record<string, string>>;
  taskConfig: Readonly<Record<string, string>>;
  parsed: ConnectorConfig;
  task: T;
  converters: TaskConverters;
  initialState: 'STARTED' | 'PAUSED';
  /** Topic tracking: the task used a topic for the first time (null when topic.tracking.enable=false). */
  onTopicUsed: ((topic: string) => void) | null;
}

/** Where a source task reads and writes its offsets. */
export interface SourceOffsets {
  offsetReader: OffsetStorageReader;
  offsetWriter: SourceOffsetWriter;
}

export async function buildSinkTask(spec: TaskBuildSpec<SinkTask>, env: TaskEnvironment): Promise<WorkerSinkTask> {
  const { id, parsed, converters } = spec;
  const taskName = formatConnectorTaskId(id);
  const dlqTopic = parsed.dlqTopicName();
  const handling = await createSinkErrorHandling(
    id,
    {
      ...errorHandlingOptions(parsed),
      deadLetterQueue: dlqTopic
        ? {
            topic: dlqTopic,
            replicationFactor: parsed.getShort('errors.deadletterqueue.topic.replication.factor'),
            contextHeadersEnabled: parsed.getBoolean('errors.deadletterqueue.context.headers.enable'),
          }
        : null,
    },
    {
      converters,
      ...(dlqTopic
        ? {
            admin: adminTopicAdmin(taskAdmin(spec, env)),
            createDeadLetterQueueProducer: async () => {
              const producer = KafkaProducer.fromProperties(
                taskProducerProperties(`connector-dlq-producer-${taskName}`, env.workerProps, spec.connectorConfig, env.policy),
              );
              await producer.connect();
              return producerRecordSender(producer);
            },
          }
        : {}),
      log: env.log,
    },
  );
  // Packed batches: a sink task lets go of each batch's records once `put` has them.
  const consumer = KafkaConsumer.fromProperties(
    taskConsumerProperties(id.connector, `connector-consumer-${taskName}`, env.workerProps, spec.connectorConfig, env.policy),
    undefined,
    { packed: true },
  );
  return new WorkerSinkTask(
    id,
    { taskConfig: spec.taskConfig, ...offsetFlushOptions(env.workerConfig) },
    {
      statusListener: env.taskStatus,
      onTopicUsed: spec.onTopicUsed,
      initialState: spec.initialState,
      log: env.log,
      task: spec.task,
      consumer,
      converters,
      transformationChain: new TransformationChain<SinkRecord>(await transformationStages<SinkRecord>(env.plugins, parsed), handling.operator),
      operator: handling.operator,
      errantRecordReporter: handling.errantRecordReporter,
    },
  );
}

/** An at-least-once source task: its offsets are stored once Kafka acknowledged its records. */
export async function buildSourceTask(spec: TaskBuildSpec<SourceTask>, env: TaskEnvironment, offsets: SourceOffsets): Promise<WorkerSourceTask> {
  const source = await sourceTaskParts(spec, env, offsets);
  const producer = env.sharedProducers
    ? env.sharedProducers.producerFor(source.producerProps, source.clientId)
    : KafkaProducer.fromProperties(source.producerProps);
  return new WorkerSourceTask(spec.id, source.options, { ...source.dependencies, producer });
}

/**
 * An exactly-once source task (`exactly.once.source.support=enabled`): its records and offsets go
 * out in one transaction of a producer whose transactional id Kafka gives the task.
 */
export async function buildExactlyOnceSourceTask(
  spec: TaskBuildSpec<SourceTask>,
  env: TaskEnvironment,
  offsets: SourceOffsets,
  transactionalOffsets: (connector: string) => TransactionalOffsets | Promise<TransactionalOffsets>,
): Promise<ExactlyOnceWorkerSourceTask> {
  const { id, parsed } = spec;
  const { options, dependencies, producerProps } = await sourceTaskParts(spec, env, offsets);
  const producer = KafkaProducer.fromProperties(exactlyOnceProducerProperties(producerProps, env.workerConfig.groupId(), id, env.log));
  const intervalMs = (parsed.get('transaction.boundary.interval.ms') as number | null) ?? options.offsetFlushIntervalMs;
  return new ExactlyOnceWorkerSourceTask(
    id,
    { ...options, transactionBoundary: String(parsed.get('transaction.boundary')).toLowerCase() as TransactionBoundary, transactionIntervalMs: intervalMs },
    { ...dependencies, producer, transactionalOffsets: await transactionalOffsets(id.connector) },
  );
}

/** What both kinds of source task are built from; each adds its own producer. */
async function sourceTaskParts(spec: TaskBuildSpec<SourceTask>, env: TaskEnvironment, offsets: SourceOffsets) {
  const { id, parsed } = spec;
  const handling = createSourceErrorHandling(id, errorHandlingOptions(parsed), { log: env.log });
  const clientId = `connector-producer-${formatConnectorTaskId(id)}`;
  const producerProps = taskProducerProperties(clientId, env.workerProps, spec.connectorConfig, env.policy);
  const options = {
    taskConfig: spec.taskConfig,
    ...offsetFlushOptions(env.workerConfig),
    topicCreation: env.workerConfig.getBoolean('topic.creation.enable') ? parsed : null,
  };
  const dependencies = {
    statusListener: env.taskStatus,
    onTopicUsed: spec.onTopicUsed,
    initialState: spec.initialState,
    log: env.log,
    task: spec.task,
    admin: adminTopicAdmin(taskAdmin(spec, env)),
    converters: spec.converters,
    transformationChain: new TransformationChain<SourceRecord>(await transformationStages<SourceRecord>(env.plugins, parsed), handling.operator),
    operator: handling.operator,
    offsetReader: offsets.offsetReader,
    offsetWriter: offsets.offsetWriter,
  };
  return { options, dependencies, producerProps, clientId };
}

function errorHandlingOptions(parsed: ConnectorConfig): ErrorHandlingOptions {
  return {
    retryTimeoutMs: parsed.errorRetryTimeout(),
    retryDelayMaxMs: parsed.errorMaxDelayInMillis(),
    tolerance: parsed.toleratesAllErrors() ? 'all' : 'none',
    log: { enabled: parsed.enableErrorLog(), includeMessages: parsed.includeRecordDetailsInErrorLog() },
  };
}

function offsetFlushOptions(workerConfig: WorkerConfig): { offsetFlushIntervalMs: number; offsetFlushTimeoutMs: number } {
  return {
    offsetFlushIntervalMs: workerConfig.getLong('offset.flush.interval.ms'),
    offsetFlushTimeoutMs: workerConfig.getLong('offset.flush.timeout.ms'),
  };
}

function taskAdmin(spec: TaskBuildSpec<SinkTask | SourceTask>, env: TaskEnvironment): KafkaAdmin {
  const clientId = `connector-adminclient-${formatConnectorTaskId(spec.id)}`;
  return new KafkaAdmin(taskAdminProperties(clientId, env.workerProps, spec.connectorConfig, env.policy));
}

/** The connector's converters, or the worker's, configured with their prefixed settings. */
export async function taskConverters(
  plugins: PluginRegistry,
  worker: WorkerConfig,
  connectorConfig: Readonly<Record<string, string>>,
): Promise<TaskConverters> {
  const make = async <T>(key: 'key.converter' | 'value.converter' | 'header.converter', kind: string): Promise<{ instance: T; className: string }> => {
    const fromConnector = connectorConfig[key];
    const className = plugins.resolveClassName(fromConnector ?? String(worker.getClass(key)));
    const settings: Record<string, unknown> = fromConnector !== undefined ? prefixed(connectorConfig, `${key}.`) : worker.converterConfigs(key);
    const version = (fromConnector !== undefined ? connectorConfig[`${key}.plugin.version`] : worker.getString(`${key}.plugin.version`)) ?? null;
    const instance = await plugins.newInstance<T>(className, [kind as never], version);
    if (instance === null) throw new ConnectException(`Failed to find any class that implements ${kind} and which name matches ${className}`);
    if (key === 'header.converter') {
      (instance as HeaderConverter).configure({ ...settings, 'converter.type': 'header' });
    } else {
      await (instance as Converter).configure(settings, key === 'key.converter');
    }
    return { instance, className };
  };
  const keyConverter = await make<Converter>('key.converter', PluginKind.CONVERTER);
  const valueConverter = await make<Converter>('value.converter', PluginKind.CONVERTER);
  const headerConverter = await make<HeaderConverter>('header.converter', PluginKind.HEADER_CONVERTER);
  return {
    key: keyConverter.instance,
    keyClass: keyConverter.className,
    value: valueConverter.instance,
    valueClass: valueConverter.className,
    header: headerConverter.instance,
    headerClass: headerConverter.className,
  };
}

/** The connector's transformations with their predicates, configured. */
async function transformationStages<R extends ConnectRecord<R>>(plugins: PluginRegistry, parsed: ConnectorConfig): Promise<TransformationStage<R>[]> {
  const stages: TransformationStage<R>[] = [];
  for (const spec of parsed.transformations()) {
    const transformation = await plugins.newInstance<Transformation<R>>(spec.type, [PluginKind.TRANSFORMATION]);
    if (!transformation) throw new ConnectException(`Transformation ${spec.type} not found`);
    transformation.configure(spec.configs);
    let predicate: Predicate<R> | null = null;
    if (spec.predicate) {
      predicate = await plugins.newInstance<Predicate<R>>(spec.predicate.type, [PluginKind.PREDICATE]);
      if (!predicate) throw new ConnectException(`Predicate ${spec.predicate.type} not found`);
      predicate.configure(spec.predicate.configs);
    }
    stages.push({ alias: spec.alias, transformation, className: spec.type, predicate, negate: spec.predicate?.negate ?? false });
  }
  return stages;
}

/**
 * An exactly-once source task's producer: idempotent and transactional with the id Kafka gives the
 * task (`<group.id>-<connector>-<task>`), whatever the worker or connector overrides said.
 */
function exactlyOnceProducerProperties(
  props: Record<string, string>,
  groupId: string,
  id: ConnectorTaskId,
  log: WorkerLog,
): Record<string, string> {
  const transactionalId = `${groupId}-${id.connector}-${id.task}`;
  if (props['transactional.id'] !== undefined && props['transactional.id'] !== transactionalId) {
    log.warn(`Ignoring transactional.id=${props['transactional.id']} for the exactly-once source task ${formatConnectorTaskId(id)}; it is ${transactionalId}`);
  }
  // librdkafka refuses a delivery timeout longer than the transaction timeout (Java's default is INT_MAX).
  const transactionTimeout = props['transaction.timeout.ms'] ?? '60000';
  const deliveryTimeout = props['delivery.timeout.ms'];
  const delivery = deliveryTimeout === undefined || Number(deliveryTimeout) > Number(transactionTimeout) ? transactionTimeout : deliveryTimeout;
  return { ...props, 'enable.idempotence': 'true', 'transactional.id': transactionalId, 'delivery.timeout.ms': delivery };
}

function prefixed(props: Readonly<Record<string, string>>, prefix: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(props)) {
    if (k.startsWith(prefix) && k !== `${prefix}plugin.version`) out[k.slice(prefix.length)] = v;
  }
  return out;
}
