// What the Kafka client alone costs per record in our process: a broker of its own, N
// JSON-with-schema bench records in one partition, then one consumer (the worker's KafkaConsumer,
// 5,000-record polls) reads them all; prints CPU ms per 1,000 records for the raw client, one
// object and two Buffers per record as the binding's `consume` makes them and packed as a sink
// task reads them (packages/runtime/native/packed-consume.cc), and for the packed client plus
// JsonConverter (schemas.enable=true, key and value). A floor under the JDBC sink's CPU per row
// (bench/jdbc-sink.mjs): what no change after the consumer can remove. With --platformatic, the
// same read through @platformatic/kafka's pure-JavaScript consumer, for comparison.
//
//   node bench/consume-floor.mjs [--rows=500000] [--rounds=3] [--platformatic]
import { Consumer } from '@platformatic/kafka';
import { KafkaBroker } from '@tsconnect/testinfra';
import { KafkaConsumer } from '../packages/runtime/dist/src/kafka/kafka-consumer.js';
import { JsonConverter } from '../packages/converters/dist/src/index.js';
import { createTopic, fmt, intArg, jsonMessage, produceAll } from './jdbc-bench-support.mjs';

const rows = intArg('rows', 500_000);
const rounds = intArg('rounds', 3);
const broker = await KafkaBroker.start();

const platformatic = process.argv.includes('--platformatic');

async function readAll(group, packed, onBatch) {
  const consumer = KafkaConsumer.fromProperties({
    'bootstrap.servers': broker.bootstrapServers, 'group.id': group, 'auto.offset.reset': 'earliest',
    'enable.auto.commit': 'false', 'max.poll.records': '5000',
  }, undefined, { packed });
  if (consumer.packed !== packed) throw new Error('the packed consume path is not compiled in: run node scripts/setup.mjs');
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
    const raw = await readAll(`raw-${round}`, false, (batch) => { sink += batch.length; });
    const packed = await readAll(`packed-${round}`, true, (batch) => { sink += batch.length; });
    const converted = await readAll(`conv-${round}`, true, (batch) => {
      for (const r of batch) {
        keys.toConnectData('floor', null, r.key);
        if (converter.toConnectData('floor', null, r.value).value !== null) sink++;
      }
    });
    const js = platformatic ? `; @platformatic/kafka's consumer alone ${(await readAllPlatformatic(`js-${round}`)).toFixed(1)}` : '';
    console.log(`round ${round + 1}: librdkafka client alone, object per record ${raw.toFixed(1)} CPU ms per 1,000 records, ` +
      `packed ${packed.toFixed(1)}; packed client + JsonConverter ${converted.toFixed(1)}${js} (${fmt(rows)} records)`);
  }
  if (sink !== rounds * 3 * rows) throw new Error(`converted ${sink} records, expected ${rounds * 2 * rows}`);
} finally {
  await broker.stop();
}
