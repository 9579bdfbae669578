// What the JDBC pipeline tests share: JSON-with-schema envelopes, a producer and a consumer on the
// real broker, and connector status through the worker's REST API.
import { KafkaJS } from '@confluentinc/kafka-javascript';
import type { ThrowawayDatabase } from '@tsconnect/testinfra';
import { eventually, rest } from '../support/worker-process.js';

/** A JsonConverter schema (`schemas.enable=true`), as Kafka writes it. */
export interface JsonSchema {
  type: string;
  optional?: boolean;
  name?: string;
  field?: string;
  fields?: JsonSchema[];
  [key: string]: unknown;
}

export function field(name: string, type: string, optional = false, extra: Partial<JsonSchema> = {}): JsonSchema {
  return { type, optional, field: name, ...extra };
}

export function struct(name: string, fields: JsonSchema[], optional = false, fieldName?: string): JsonSchema {
  return { type: 'struct', name, optional, fields, ...(fieldName === undefined ? {} : { field: fieldName }) };
}

/** The bytes JsonConverter reads for a value with its schema. */
export function withSchema(schema: JsonSchema, payload: unknown): string {
  return JSON.stringify({ schema, payload });
}

export interface Message {
  key?: string | Buffer | null;
  value: string | Buffer | null;
}

export function kafkaClient(bootstrapServers: string): KafkaJS.Kafka {
  return new KafkaJS.Kafka({ kafkaJS: { brokers: [bootstrapServers], logLevel: KafkaJS.logLevel.ERROR } });
}

export async function createTopics(bootstrapServers: string, topics: string[], partitions = 1): Promise<void> {
  const admin = kafkaClient(bootstrapServers).admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: topics.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: 1 })) });
  } finally {
    await admin.disconnect();
  }
}

/** Produces the messages in order (one partition keeps change events in order per key). */
export async function produce(bootstrapServers: string, topic: string, messages: Message[], chunk = 1000): Promise<void> {
  const producer = kafkaClient(bootstrapServers).producer({ kafkaJS: { acks: -1 } });
  await producer.connect();
  try {
    for (let i = 0; i < messages.length; i += chunk) {
      await producer.send({ topic, messages: messages.slice(i, i + chunk).map((m) => ({ key: m.key ?? null, value: m.value })) });
    }
  } finally {
    await producer.disconnect();
  }
}

export interface ConsumedMessage {
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, string>;
  offset: string;
  partition: number;
}

/** Reads every message of a topic from the start until `count` have arrived. */
export async function consumeAll(bootstrapServers: string, topic: string, count: number): Promise<ConsumedMessage[]> {
  const consumer = kafkaClient(bootstrapServers).consumer({ kafkaJS: { groupId: `check-${topic}-${Date.now()}`, fromBeginning: true } });
  const seen: ConsumedMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic });
    await new Promise<void>((resolveDone, rejectDone) => {
      if (count === 0) resolveDone();
      consumer
        .run({
          eachMessage: async ({ partition, message }) => {
            const headers: Record<string, string> = {};
            for (const [k, v] of Object.entries(message.headers ?? {})) headers[k] = String(Array.isArray(v) ? v[0] : v);
            seen.push({ key: message.key ?? null, value: message.value ?? null, headers, offset: message.offset, partition });
            if (seen.length >= count) resolveDone();
          },
        })
        .catch(rejectDone);
    });
  } finally {
    await consumer.disconnect();
  }
  return seen;
}

export interface ConnectorStatus {
  name: string;
  connector: { state: string; worker_id: string; trace?: string };
  tasks: { id: number; state: string; worker_id: string; trace?: string }[];
  type: string;
}

/** A one-task JDBC sink of `topic` into the database, retrying quickly; `extra` adds or overrides keys. */
export function jdbcSinkConfig(db: ThrowawayDatabase, topic: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'connector.class': 'io.confluent.connect.jdbc.JdbcSinkConnector',
    'tasks.max': '1',
    topics: topic,
    'connection.url': db.jdbcUrl,
    'connection.user': db.user,
    'connection.password': db.password,
    'retry.backoff.ms': '200',
    ...extra,
  };
}

/** Creates a connector; a 409 (rebalance under way, leader not known yet) is retried. */
export async function createConnector(url: string, name: string, config: Record<string, string>): Promise<void> {
  await eventually(`${name} created`, async () => {
    const answer = await rest(url, 'POST', '/connectors', { name, config });
    if (answer.status === 409) return undefined;
    if (answer.status !== 201) throw new Error(`creating ${name} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return true;
  }, 100);
}

export async function deleteConnector(url: string, name: string): Promise<void> {
  const answer = await rest(url, 'DELETE', `/connectors/${name}`);
  if (answer.status !== 204) throw new Error(`deleting ${name} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
}

export async function statusOf(url: string, name: string): Promise<ConnectorStatus | undefined> {
  const answer = await rest<ConnectorStatus>(url, 'GET', `/connectors/${name}/status`);
  return answer.status === 200 ? answer.body : undefined;
}

/** Waits until `count` tasks of the connector report a status, all in the given state. */
export async function waitForTasks(url: string, name: string, taskState: string, count = 1): Promise<ConnectorStatus> {
  return eventually(`${count} ${name} tasks ${taskState}`, async () => {
    const s = await statusOf(url, name);
    if (!s || s.tasks.length < count) return undefined;
    if (taskState !== 'FAILED' && s.tasks.some((t) => t.state === 'FAILED')) {
      throw new Error(`${name} task failed: ${s.tasks.find((t) => t.state === 'FAILED')!.trace}`);
    }
    return s.tasks.every((t) => t.state === taskState) ? s : undefined;
  });
}

/** Waits until `check` holds, failing early when a task of the connector has failed. */
export async function eventuallyWhileRunning<T>(
  url: string,
  connectors: string[],
  what: string,
  check: () => Promise<T | undefined>,
  attempts = 900,
): Promise<T> {
  let failure: string | undefined;
  const value = await eventually(what, async () => {
    for (const name of connectors) {
      const s = await statusOf(url, name);
      const failed = s?.tasks.find((t) => t.state === 'FAILED');
      if (failed) {
        failure = `${name} task ${failed.id} FAILED: ${failed.trace}`;
        return null;
      }
    }
    return await check();
  }, attempts);
  if (failure) throw new Error(failure);
  return value as T;
}
