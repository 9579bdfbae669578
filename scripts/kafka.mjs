#!/usr/bin/env node
// Runs a single-node KRaft Kafka broker on loopback in the foreground until Ctrl-C.
//
//   node scripts/kafka.mjs [--port=9092] [--controller-port=9093] [--data-dir=var/kafka] [--set key=value ...]
//
// Needs `npm run setup` (or npm start / npm test) to have run once.
import { resolve } from 'node:path';
import { startBrokerInForeground } from './lib/foreground-broker.mjs';

const option = (name, fallback) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=').slice(1).join('=') ?? fallback;
const overrides = {};
process.argv.forEach((arg, i) => {
  if (arg === '--set') {
    const [key, ...value] = (process.argv[i + 1] ?? '').split('=');
    overrides[key] = value.join('=');
  }
});

await startBrokerInForeground({
  port: Number(option('port', '9092')),
  controllerPort: Number(option('controller-port', '9093')),
  dataDir: resolve(option('data-dir', 'var/kafka')),
  brokerProperties: overrides,
});
