// A database password read through FileConfigProvider is used by the connector but appears in no
// REST answer, no log line and no internal topic record.
import { KafkaJS } from '@confluentinc/kafka-javascript';
import { createPostgresDatabase, KafkaBroker, type ThrowawayDatabase } from '@tsconnect/testinfra';
import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { eventually, rest, WorkerProcess } from '../support/worker-process.js';

const PASSWORD = 'pg-Secret-7c1e9a';

let broker: KafkaBroker;
let worker: WorkerProcess;
let db: ThrowawayDatabase;

before(async () => {
  broker = await KafkaBroker.start();
  db = await createPostgresDatabase('secrets');
  worker = await WorkerProcess.create({
    bootstrapServers: broker.bootstrapServers,
    properties: {
      'config.providers': 'file',
      'config.providers.file.class': 'org.apache.kafka.common.config.provider.FileConfigProvider',
      'value.converter.schemas.enable': 'true',
    },
  });
  await writeFile(join(worker.workDir, 'secrets.properties'), `db.password=${PASSWORD}\n`);
  await worker.start();
});

after(async () => {
  await worker?.stop();
  await broker?.stop();
  await db?.drop();
  if (worker) await rm(worker.workDir, { recursive: true, force: true });
});

async function internalTopicText(topics: string[]): Promise<string> {
  const kafka = new KafkaJS.Kafka({ kafkaJS: { brokers: [broker.bootstrapServers], logLevel: KafkaJS.logLevel.ERROR } });
  const admin = kafka.admin();
  await admin.connect();
  let expected = 0;
  for (const topic of topics) {
    for (const p of await admin.fetchTopicOffsets(topic)) expected += Number(p.high) - Number(p.low);
  }
  await admin.disconnect();
  const consumer = kafka.consumer({ kafkaJS: { groupId: `inspect-${Date.now()}`, fromBeginning: true } });
  await consumer.connect();
  await consumer.subscribe({ topics });
  let text = '';
  let seen = 0;
  await new Promise<void>((resolve) => {
    if (expected === 0) resolve();
    void consumer.run({
      eachMessage: async ({ message }) => {
        text += `${message.key?.toString() ?? ''}=${message.value?.toString() ?? ''}\n`;
        if (++seen >= expected) resolve();
      },
    });
  });
  await consumer.disconnect();
  return text;
}

test('a password from FileConfigProvider reaches the connector but no answer, log or topic', async () => {
  const placeholder = `\${file:${join(worker.workDir, 'secrets.properties')}:db.password}`;
  const config = {
    'connector.class': 'io.confluent.connect.jdbc.JdbcSinkConnector',
    'connection.url': db.jdbcUrl,
    'connection.user': db.user,
    'connection.password': placeholder,
    topics: 'secret-rows',
    'auto.create': 'true',
    'insert.mode': 'insert',
  };
  const created = await rest(worker.url, 'POST', '/connectors', { name: 'secret-sink', config });
  assert.equal(created.status, 201, JSON.stringify(created.body));

  // The connector runs with the resolved password: a row arrives in the database.
  const kafka = new KafkaJS.Kafka({ kafkaJS: { brokers: [broker.bootstrapServers], logLevel: KafkaJS.logLevel.ERROR } });
  const producer = kafka.producer();
  await producer.connect();
  const value = { schema: { type: 'struct', fields: [{ field: 'id', type: 'int32', optional: false }], optional: false }, payload: { id: 7 } };
  await producer.send({ topic: 'secret-rows', messages: [{ value: JSON.stringify(value) }] });
  await producer.disconnect();
  const pg = await import('pg');
  await eventually('the row in PostgreSQL', async () => {
    const client = new pg.default.Client({ host: db.host, port: db.port, user: db.user, password: db.password, database: db.database });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT id FROM "secret-rows"');
      return rows.length === 1 ? true : undefined;
    } catch {
      return undefined;
    } finally {
      await client.end();
    }
  });

  const answers = [
    await rest(worker.url, 'GET', '/connectors/secret-sink'),
    await rest(worker.url, 'GET', '/connectors/secret-sink/config'),
    await rest(worker.url, 'GET', '/connectors/secret-sink/tasks'),
    await rest(worker.url, 'GET', '/connectors/secret-sink/status'),
    await rest(worker.url, 'GET', '/connectors?expand=info&expand=status'),
    await rest(worker.url, 'PUT', '/connector-plugins/JdbcSinkConnector/config/validate', { ...config, name: 'secret-sink', 'connection.password': PASSWORD }),
  ];
  for (const answer of answers) assert.doesNotMatch(JSON.stringify(answer.body), new RegExp(PASSWORD));
  const stored = (answers[1]!.body as Record<string, string>)['connection.password'];
  assert.equal(stored, placeholder, 'GET config shows the reference, unresolved');
  const validated = answers[5]!.body as { configs: { value: { name: string; value: string | null } }[] };
  assert.equal(validated.configs.find((c) => c.value.name === 'connection.password')?.value.value, '[hidden]');

  const props = await readFile(worker.propertiesFile, 'utf8');
  const topicOf = (key: string) => new RegExp(`^${key}=(.*)$`, 'm').exec(props)![1]!;
  const internal = await internalTopicText([topicOf('config.storage.topic'), topicOf('status.storage.topic'), topicOf('offset.storage.topic')]);
  assert.ok(internal.includes('secret-sink'), 'the internal topics were read');
  assert.doesNotMatch(internal, new RegExp(PASSWORD));

  const log = await readFile(join(worker.workDir, 'worker.log'), 'utf8');
  assert.ok(log.length > 0);
  assert.doesNotMatch(log, new RegExp(PASSWORD));
});
