import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { classpathOf, fetchMavenLibs, type MavenDependency } from './maven.js';
import { freePort } from './ports.js';
import { ManagedProcess } from './process.js';
import { KAFKA_VERSION, type KafkaVersion, LOG4J2_VERSION, SCALA_BINARY_VERSION } from './versions.js';

export const log4j2Dependencies: MavenDependency[] = ['log4j-api', 'log4j-core', 'log4j-slf4j-impl'].map((artifactId) => ({
  groupId: 'org.apache.logging.log4j',
  artifactId,
  version: LOG4J2_VERSION,
}));

/** The broker jars (the whole KRaft server comes with kafka_2.13) plus the logging backend. */
export function fetchKafkaBrokerLibs(version: KafkaVersion = KAFKA_VERSION): Promise<string> {
  return fetchMavenLibs(`kafka-broker-${version}`, [
    { groupId: 'org.apache.kafka', artifactId: `kafka_${SCALA_BINARY_VERSION}`, version },
    ...log4j2Dependencies,
  ]);
}

export interface KafkaBrokerOptions {
  /** Client listener port; a free one when absent. */
  port?: number;
  controllerPort?: number;
  /** Keeps the log dirs and config; a fresh temporary folder (removed on stop) when absent. */
  dataDir?: string;
  /** Extra or overriding server.properties entries (listeners, SASL, ...). */
  brokerProperties?: Record<string, string>;
  heapMb?: number;
  startTimeoutMs?: number;
  /** Run the JVM in its own process group (see ManagedProcessOptions.ownProcessGroup). */
  ownProcessGroup?: boolean;
  /**
   * SCRAM users created when the log dirs are formatted (StorageTool --add-scram), for SASL
   * listeners added through brokerProperties.
   */
  scramUsers?: readonly ScramUser[];
  /** The Kafka release to run; the baseline when absent. */
  version?: KafkaVersion;
}

export interface ScramUser {
  mechanism: 'SCRAM-SHA-256' | 'SCRAM-SHA-512';
  name: string;
  password: string;
}

/** A single-node KRaft broker+controller on loopback, run from Maven Central jars. */
export class KafkaBroker {
  readonly #removeDataOnStop: boolean;
  #process: ManagedProcess;
  readonly #launch: () => ManagedProcess;
  readonly #startTimeoutMs: number;

  private constructor(
    readonly port: number,
    readonly controllerPort: number,
    readonly dataDir: string,
    removeDataOnStop: boolean,
    process: ManagedProcess,
    launch: () => ManagedProcess,
    startTimeoutMs: number,
  ) {
    this.#removeDataOnStop = removeDataOnStop;
    this.#process = process;
    this.#launch = launch;
    this.#startTimeoutMs = startTimeoutMs;
  }

  get bootstrapServers(): string {
    return `127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.#process.pid;
  }

  get logFile(): string {
    return this.#process.logFile;
  }

  static async start(options: KafkaBrokerOptions = {}): Promise<KafkaBroker> {
    const libDir = await fetchKafkaBrokerLibs(options.version);
    const classpath = await classpathOf(libDir);
    const port = options.port ?? (await freePort());
    const controllerPort = options.controllerPort ?? (await freePort());
    const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'tsconnect-kafka-')));
    await mkdir(dataDir, { recursive: true });
    const logDirs = join(dataDir, 'kraft-logs');
    const configFile = join(dataDir, 'server.properties');
    const log4jFile = join(dataDir, 'log4j2.properties');
    const properties: Record<string, string> = {
      'process.roles': 'broker,controller',
      'node.id': '1',
      'controller.quorum.voters': `1@127.0.0.1:${controllerPort}`,
      listeners: `PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
      'advertised.listeners': `PLAINTEXT://127.0.0.1:${port}`,
      'controller.listener.names': 'CONTROLLER',
      'inter.broker.listener.name': 'PLAINTEXT',
      'listener.security.protocol.map': 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
      'log.dirs': logDirs,
      'num.partitions': '1',
      'offsets.topic.replication.factor': '1',
      'offsets.topic.num.partitions': '5',
      'transaction.state.log.replication.factor': '1',
      'transaction.state.log.min.isr': '1',
      'transaction.state.log.num.partitions': '5',
      'share.coordinator.state.topic.replication.factor': '1',
      'share.coordinator.state.topic.min.isr': '1',
      'group.initial.rebalance.delay.ms': '0',
      'auto.create.topics.enable': 'true',
      ...options.brokerProperties,
    };
    await writeFile(configFile, Object.entries(properties).map(([k, v]) => `${k}=${v}`).join('\n') + '\n');
    await writeFile(log4jFile, LOG4J2_CONFIG);

    if (!existsSync(join(logDirs, 'meta.properties'))) {
      const scram = (options.scramUsers ?? []).flatMap((u) => ['--add-scram', `${u.mechanism}=[name=${u.name},password=${u.password}]`]);
      await runJava(classpath, ['kafka.tools.StorageTool', 'format', '-t', clusterId(), '-c', configFile, '--ignore-formatted', ...scram]);
    }
    const heap = options.heapMb ?? 512;
    const launch = (): ManagedProcess =>
      new ManagedProcess({
        name: `kafka broker :${port}`,
        command: 'java',
        args: [
          `-Xms${Math.min(heap, 256)}m`, `-Xmx${heap}m`, '-XX:+UseG1GC', '-XX:MaxGCPauseMillis=20',
          '-XX:TieredStopAtLevel=1', '-Djava.awt.headless=true',
          `-Dlog4j2.configurationFile=file:${log4jFile}`,
          '-cp', classpath, 'kafka.Kafka', configFile,
        ],
        cwd: dataDir,
        logFile: join(dataDir, 'broker.log'),
        ownProcessGroup: options.ownProcessGroup ?? false,
      });
    const broker = new KafkaBroker(port, controllerPort, dataDir, options.dataDir === undefined, launch(), launch, options.startTimeoutMs ?? 120_000);
    try {
      await broker.#waitUntilStarted();
    } catch (err) {
      await broker.stop();
      throw err;
    }
    return broker;
  }

  async #waitUntilStarted(): Promise<void> {
    await this.#process.waitUntil('Kafka Server started', (out) => out.includes('Kafka Server started'), this.#startTimeoutMs);
  }

  /** A clean shutdown (SIGTERM, controlled shutdown); removes a temporary data dir. */
  async stop(): Promise<void> {
    await this.#process.stop(30_000);
    if (this.#removeDataOnStop) await rm(this.dataDir, { recursive: true, force: true });
  }

  /** Crash the broker (SIGKILL), keeping its data, e.g. to test recovery with `restart()`. */
  async kill(): Promise<void> {
    await this.#process.kill();
  }

  /** Start again on the same ports and data, after `kill()` or a stop of the process alone. */
  async restart(): Promise<void> {
    if (this.#process.isRunning) await this.#process.stop(30_000);
    this.#process = this.#launch();
    await this.#waitUntilStarted();
  }
}

/** 16 random bytes, base64url: a KRaft cluster id. One starting with '-' would read as a flag. */
function clusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

async function runJava(classpath: string, args: string[]): Promise<void> {
  const out: Buffer[] = [];
  const code = await new Promise<number | null>((resolveCode, reject) => {
    const child = spawn('java', ['-Xmx256m', '-XX:TieredStopAtLevel=1', '-cp', classpath, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => out.push(c));
    child.on('error', (err) => reject(new Error(`Cannot run java (apt-get install openjdk-17-jdk-headless): ${err.message}`)));
    child.on('close', resolveCode);
  });
  if (code !== 0) throw new Error(`java ${args[0]} failed (${code}): ${Buffer.concat(out).toString().slice(-3000)}`);
}

// Quiet Kafka, but keep the one line that says the server is up.
const LOG4J2_CONFIG = `status = warn
appender.console.type = Console
appender.console.name = STDOUT
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = WARN
rootLogger.appenderRef.stdout.ref = STDOUT
logger.started.name = kafka.server.KafkaRaftServer
logger.started.level = INFO
`;
