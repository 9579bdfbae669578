#!/usr/bin/env node
// The main job on an embedded default: a local Kafka broker on 127.0.0.1:9092, kept in var/kafka.
// (The worker on http://127.0.0.1:8083 joins it once the worker issue lands.)
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBrokerInForeground } from './lib/foreground-broker.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
await startBrokerInForeground({
  port: Number(process.env.KAFKA_PORT ?? 9092),
  controllerPort: Number(process.env.KAFKA_CONTROLLER_PORT ?? 9093),
  dataDir: join(root, 'var', 'kafka'),
});
