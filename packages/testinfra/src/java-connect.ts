import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { httpReady } from './http.js';
import { log4j2Dependencies } from './kafka-broker.js';
import { classpathOf, fetchMavenLibs } from './maven.js';
import { freePort } from './ports.js';
import { ManagedProcess } from './process.js';
import { compileConnectorsFromSources } from './java-connect-plugins.js';
import { JAVA_CONNECT_PLUGINS, KAFKA_VERSION, type KafkaVersion } from './versions.js';

/**
 * The reference worker of one Kafka version: connect-runtime with the JSON converter,
 * transforms, file and test connectors; the folders of jars to put on its classpath.
 */
export async function fetchJavaConnectLibs(version: KafkaVersion = KAFKA_VERSION): Promise<string[]> {
  const kafka = (artifactId: string, v: string = version) => ({ groupId: 'org.apache.kafka', artifactId, version: v });
  const plugins = JAVA_CONNECT_PLUGINS[version];
  // Compiled test connectors need what connect-test-plugins' POM brings (ThroughputThrottler).
  const published = plugins.compileFromSources
    ? [kafka('kafka-server-common')]
    : [kafka('connect-file', plugins.file), kafka('connect-test-plugins', plugins.testPlugins)];
  const runtime = await fetchMavenLibs(`kafka-connect-${version}`, [
    kafka('connect-runtime'),
    kafka('connect-json'),
    kafka('connect-transforms'),
    ...published,
    ...log4j2Dependencies,
  ]);
  if (!plugins.compileFromSources) return [runtime];
  const compiled = await compileConnectorsFromSources(
    `kafka-connect-plugins-${version}`,
    [`org.apache.kafka:connect-file:${plugins.file}`, `org.apache.kafka:connect-test-plugins:${plugins.testPlugins}`],
    runtime,
  );
  return [runtime, compiled];
}

export interface JavaConnectWorkerOptions {
  bootstrapServers: string;
  /** Worker properties; listeners, group and topic names get per-worker defaults when absent. */
  properties?: Record<string, string>;
  mode?: 'distributed' | 'standalone';
  /** Connector properties files, for standalone mode. */
  connectorFiles?: string[];
  workDir?: string;
  /** Heap for the test JVM (ignored with `jvm: 'connect-distributed'`). */
  heapMb?: number;
  /**
   * `test` (default): a small heap and C1 only, quick to start for tests. `connect-distributed`:
   * the JVM settings of Kafka's bin/connect-distributed.sh, which every benchmark against Java uses.
   */
  jvm?: 'test' | 'connect-distributed';
  startTimeoutMs?: number;
  /** The Kafka release to run; the baseline when absent. */
  version?: KafkaVersion;
}

/** KAFKA_HEAP_OPTS and KAFKA_JVM_PERFORMANCE_OPTS as Kafka's connect-distributed.sh and kafka-run-class.sh set them. */
export const CONNECT_DISTRIBUTED_JVM_OPTIONS = [
  '-Xms256M', '-Xmx2G',
  '-server', '-XX:+UseG1GC', '-XX:MaxGCPauseMillis=20', '-XX:InitiatingHeapOccupancyPercent=35', '-XX:+ExplicitGCInvokesConcurrent',
];

/** Apache Kafka's own Connect worker (same version as our broker), our compatibility oracle. */
export class JavaConnectWorker {
  readonly #process: ManagedProcess;
  readonly #workDir: string;
  readonly #removeWorkDir: boolean;

  private constructor(
    readonly url: string,
    readonly port: number,
    readonly properties: Record<string, string>,
    process: ManagedProcess,
    workDir: string,
    removeWorkDir: boolean,
  ) {
    this.#process = process;
    this.#workDir = workDir;
    this.#removeWorkDir = removeWorkDir;
  }

  get pid(): number | undefined {
    return this.#process.pid;
  }

  get logFile(): string {
    return this.#process.logFile;
  }

  static async start(options: JavaConnectWorkerOptions): Promise<JavaConnectWorker> {
    const classpath = await classpathOf(...(await fetchJavaConnectLibs(options.version)));
    const workDir = options.workDir ?? (await mkdtemp(join(tmpdir(), 'tsconnect-java-connect-')));
    await mkdir(workDir, { recursive: true });
    const port = await freePort();
    const suffix = `${port}`;
    const mode = options.mode ?? 'distributed';
    // In distributed mode an offset.storage.* key would be taken for a topic setting.
    const standalone: Record<string, string> =
      mode === 'standalone' ? { 'offset.storage.file.filename': join(workDir, 'connect.offsets') } : {};
    const properties: Record<string, string> = {
      'bootstrap.servers': options.bootstrapServers,
      'group.id': `java-connect-${suffix}`,
      'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
      'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
      'offset.storage.topic': `java-connect-offsets-${suffix}`,
      'config.storage.topic': `java-connect-configs-${suffix}`,
      'status.storage.topic': `java-connect-status-${suffix}`,
      'offset.storage.replication.factor': '1',
      'config.storage.replication.factor': '1',
      'status.storage.replication.factor': '1',
      'offset.flush.interval.ms': '1000',
      listeners: `http://127.0.0.1:${port}`,
      ...standalone,
      ...options.properties,
    };
    const listener = /https?:\/\/[^,]*:(\d+)/.exec(properties.listeners ?? '');
    const listenPort = listener ? Number(listener[1]) : port;
    const url = `http://127.0.0.1:${listenPort}`;
    const workerFile = join(workDir, 'worker.properties');
    await writeFile(workerFile, Object.entries(properties).map(([k, v]) => `${k}=${v}`).join('\n') + '\n');
    const log4jFile = join(workDir, 'log4j2.properties');
    await writeFile(log4jFile, CONNECT_LOG4J2);
    const mainClass = mode === 'distributed'
      ? 'org.apache.kafka.connect.cli.ConnectDistributed'
      : 'org.apache.kafka.connect.cli.ConnectStandalone';
    const heap = options.heapMb ?? 512;
    const jvm = options.jvm === 'connect-distributed'
      ? CONNECT_DISTRIBUTED_JVM_OPTIONS
      : [`-Xms${Math.min(heap, 256)}m`, `-Xmx${heap}m`, '-XX:+UseG1GC', '-XX:TieredStopAtLevel=1'];
    const process = new ManagedProcess({
      name: `java connect worker :${listenPort}`,
      command: 'java',
      args: [
        ...jvm, '-Djava.awt.headless=true',
        `-Dlog4j2.configurationFile=file:${log4jFile}`,
        '-cp', classpath, mainClass, workerFile, ...(options.connectorFiles ?? []),
      ],
      cwd: workDir,
      logFile: join(workDir, 'connect.log'),
    });
    try {
      await process.waitUntil(`GET ${url}/ answers`, () => httpReady(`${url}/`), options.startTimeoutMs ?? 120_000);
    } catch (err) {
      await process.stop(5_000);
      if (options.workDir === undefined) await rm(workDir, { recursive: true, force: true });
      throw err;
    }
    return new JavaConnectWorker(url, listenPort, properties, process, workDir, options.workDir === undefined);
  }

  async stop(): Promise<void> {
    await this.#process.stop(30_000);
    if (this.#removeWorkDir) await rm(this.#workDir, { recursive: true, force: true });
  }

  async kill(): Promise<void> {
    await this.#process.kill();
  }
}

const CONNECT_LOG4J2 = `status = warn
appender.console.type = Console
appender.console.name = STDOUT
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d] %p %X{connector.context}%m (%c:%L)%n
rootLogger.level = INFO
rootLogger.appenderRef.stdout.ref = STDOUT
logger.kafka.name = org.apache.kafka
logger.kafka.level = WARN
logger.connect.name = org.apache.kafka.connect
logger.connect.level = INFO
`;
