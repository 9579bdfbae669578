#!/usr/bin/env node
// connect-distributed <worker.properties>: a distributed Kafka Connect worker, as Kafka's
// bin/connect-distributed.sh runs it.
import { runCli } from './run-cli.js';
import { startDistributedWorker } from './distributed-worker.js';

await runCli('connect-distributed', 'worker.properties', async (props, plugins, loggers, _args, providers) => startDistributedWorker(props, plugins, loggers, providers));
