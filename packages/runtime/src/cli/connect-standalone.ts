#!/usr/bin/env node
// connect-standalone <worker.properties> <connector.properties>...: a standalone Kafka Connect
// worker, as Kafka's bin/connect-standalone.sh runs it.
import { runCli } from './run-cli.js';
import { startStandaloneWorker } from './standalone-worker.js';

await runCli('connect-standalone', 'worker.properties [connector.properties ...]', async (props, plugins, loggers, connectorFiles, providers) =>
  startStandaloneWorker(props, connectorFiles, plugins, loggers, providers),
);
