import { isPortOpen, KafkaBroker } from '../../packages/testinfra/dist/src/index.js';

/** Starts a broker, says where it listens, and stops it cleanly on SIGINT/SIGTERM. */
export async function startBrokerInForeground(options) {
  if (await isPortOpen(options.port)) {
    console.error(`Port ${options.port} is already in use: is a broker from an earlier "npm start" still running?`);
    process.exit(1);
  }
  console.log(`Starting Kafka on 127.0.0.1:${options.port} (data in ${options.dataDir}) ...`);
  const broker = await KafkaBroker.start({ ...options, ownProcessGroup: true });
  console.log(`Kafka broker listening on ${broker.bootstrapServers} (pid ${broker.pid}, log ${broker.logFile})`);
  return new Promise((resolveDone) => {
    const shutdown = async () => {
      console.log('Stopping Kafka ...');
      await broker.stop();
      resolveDone(broker);
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });
}
