import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { httpReady } from './http.js';
import { unpackMavenArtifact } from './maven.js';
import { freePort } from './ports.js';
import { ManagedProcess } from './process.js';
import { findJava } from './java.js';
import { APICURIO_MIN_JAVA, APICURIO_VERSION } from './versions.js';

export async function fetchApicurio(): Promise<string> {
  const dir = await unpackMavenArtifact(`apicurio-registry-${APICURIO_VERSION}`, `io.apicurio:apicurio-registry-app:${APICURIO_VERSION}:tar.gz:all`);
  const jar = await findFile(dir, 'quarkus-run.jar', 3);
  if (!jar) throw new Error(`quarkus-run.jar not found under ${dir}`);
  return jar;
}

export interface ApicurioOptions {
  port?: number;
  heapMb?: number;
  startTimeoutMs?: number;
}

/** Apicurio Registry (in-memory storage) serving the Confluent Schema Registry API at /apis/ccompat/v7. */
export class ApicurioRegistry {
  readonly #process: ManagedProcess;
  readonly #workDir: string;

  private constructor(
    readonly port: number,
    process: ManagedProcess,
    workDir: string,
  ) {
    this.#process = process;
    this.#workDir = workDir;
  }

  /** The base URL a Confluent client (schema.registry.url) is given. */
  get url(): string {
    return `http://127.0.0.1:${this.port}/apis/ccompat/v7`;
  }

  /** The base URL of Apicurio's own v2 API, which Apicurio's 2.x serdes and converters call. */
  get v2Url(): string {
    return `http://127.0.0.1:${this.port}/apis/registry/v2`;
  }

  static async start(options: ApicurioOptions = {}): Promise<ApicurioRegistry> {
    const jar = await fetchApicurio();
    const java = await findJava(APICURIO_MIN_JAVA);
    const port = options.port ?? (await freePort());
    const workDir = await mkdtemp(join(tmpdir(), 'tsconnect-apicurio-'));
    const heap = options.heapMb ?? 512;
    const process = new ManagedProcess({
      name: `apicurio registry :${port}`,
      command: java,
      args: [
        `-Xmx${heap}m`, '-XX:TieredStopAtLevel=1',
        `-Dquarkus.http.port=${port}`, '-Dquarkus.http.host=127.0.0.1',
        // Its management interface would take 0.0.0.0:9000, which two registries (or anything else
        // there) cannot share. quarkus.management.enabled is fixed when Apicurio is built, so the
        // interface stays on; it gets a free loopback port of its own.
        `-Dquarkus.management.port=${await freePort()}`, '-Dquarkus.management.host=127.0.0.1',
        '-Dapicurio.rest.deletion.artifact.enabled=true',
        '-Dapicurio.rest.deletion.artifact-version.enabled=true',
        '-Dapicurio.rest.deletion.group.enabled=true',
        '-jar', jar,
      ],
      cwd: workDir,
      logFile: join(workDir, 'apicurio.log'),
    });
    const registry = new ApicurioRegistry(port, process, workDir);
    try {
      await process.waitUntil('ccompat API answers', () => httpReady(`${registry.url}/subjects`), options.startTimeoutMs ?? 180_000);
    } catch (err) {
      await process.stop(5_000);
      await rm(workDir, { recursive: true, force: true });
      throw err;
    }
    return registry;
  }

  async stop(): Promise<void> {
    await this.#process.stop(20_000);
    await rm(this.#workDir, { recursive: true, force: true });
  }
}

async function findFile(dir: string, name: string, depth: number): Promise<string | undefined> {
  const entries = await readdir(dir, { withFileTypes: true });
  const hit = entries.find((e) => e.isFile() && e.name === name);
  if (hit) return join(dir, name);
  if (depth === 0) return undefined;
  for (const e of entries) {
    if (!e.isDirectory()) continue;
    const found = await findFile(join(dir, e.name), name, depth - 1);
    if (found) return found;
  }
  return undefined;
}
