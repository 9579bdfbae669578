// What the Kafka client alone costs per record in our process: a broker of its own, N
// JSON-with-schema bench records in one partition, then one consumer (the worker's KafkaConsumer,
// 5,000-record polls) reads them all; prints CPU ms per 1,000 records for the raw client and for
// the client plus JsonConverter (schemas.enable=true, key and value). A floor under the JDBC sink's
// CPU per row (bench/jdbc-sink.mjs): what no change after the consumer can remove. Then the same
// read through @platformatic/kafka's pure-JavaScript consumer, for comparison.
//
//   node bench/consume-floor.mjs [--rows=500000] [--rounds=3]
import { Consumer } from '@platformatic/kafka';
import { KafkaBroker } from '@tsconnect/testinfra';
import { KafkaConsumer } from '../packages/runtime/dist/src/kafka/kafka-consumer.js';
import { JsonConverter } from '../packages/converters/dist/src/index.js';
import { createTopic, fmt, intArg, jsonMessage, produceAll } from './jdbc-bench-support.mjs';

const rows = intArg('rows', 500_000);
const rounds = intArg('rounds', 3);
const broker = await KafkaBroker.start();

async function readAll(group, onBatch) {
  const consumer = KafkaConsumer.fromProperties({
    'bootstrap.servers': broker.bootstrapServers, 'group.id': group, 'auto.offset.reset': 'earliest',
    'enable.auto.commit': 'false', 'max.poll.records': '5000',
  });
  await consumer.connect();
  consumer.subscribe(['floor']);
  let seen = 0;
  let cpu = null;
  while (seen < rows) {
    const batch = await consumer.consume(1000);
    if (batch.length > 0 && cpu === null) cpu = process.cpuUsage();
    onBatch(batch);
    seen += batch.length;
  }
  const used = process.cpuUsage(cpu);
  await consumer.disconnect?.();
  return (used.user + used.system) / 1000 / (seen / 1000);
}

/** The same read through @platformatic/kafka's consumer (pure JavaScript), for comparison. */
async function readAllPlatformatic(group) {
  const consumer = new Consumer({ groupId: group, clientId: group, bootstrapBrokers: [broker.bootstrapServers] });
  const stream = await consumer.consume({ topics: ['floor'], mode: 'earliest', autocommit: false, maxBytes: 52_428_800 });
  let seen = 0;
  let cpu = null;
  for await (const message of stream) {
    if (cpu === null) cpu = process.cpuUsage();
    if (message.value.length > 0) seen++;
    if (seen >= rows) break;
  }
  const used = process.cpuUsage(cpu);
  await stream.close();
  await consumer.close(true);
  return (used.user + used.system) / 1000 / (seen / 1000);
}

try {
  await createTopic(broker.bootstrapServers, 'floor');
  await produceAll(broker.bootstrapServers, 'floor', rows, jsonMessage);
  const converter = new JsonConverter();
  const keys = new JsonConverter();
  converter.configure({ 'schemas.enable': 'true' }, false);
  keys.configure({ 'schemas.enable': 'true' }, true);
  let sink = 0;
  for (let round = 0; round < rounds; round++) {
    const raw = await readAll(`raw-${round}`, (batch) => { sink += batch.length; });
    const converted = await readAll(`conv-${round}`, (batch) => {
      for (const r of batch) {
        keys.toConnectData('floor', null, r.key);
        if (converter.toConnectData('floor', null, r.value).value !== null) sink++;
      }
    });
    const js = await readAllPlatformatic(`js-${round}`);
    console.log(`round ${round + 1}: librdkafka client alone ${raw.toFixed(1)} CPU ms per 1,000 records; ` +
      `client + JsonConverter ${converted.toFixed(1)}; @platformatic/kafka's consumer alone ${js.toFixed(1)} (${fmt(rows)} records)`);
  }
  if (sink !== rounds * 2 * rows) throw new Error(`converted ${sink} records, expected ${rounds * 2 * rows}`);
} finally {
  await broker.stop();
}
