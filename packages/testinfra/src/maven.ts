import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cacheDir } from './paths.js';
import { MAVEN_DEPENDENCY_PLUGIN } from './versions.js';

export interface MavenDependency {
  groupId: string;
  artifactId: string;
  version: string;
}

const STAMP = '.complete';

/**
 * Copies the runtime closure of `dependencies` from Maven Central into a cache folder named
 * `name`, once. Later calls find the stamp (the hash of the generated POM) and return at once.
 * `excludeGroupIds` leaves out what the host provides (a Connect plugin's Kafka jars).
 */
export async function fetchMavenLibs(name: string, dependencies: MavenDependency[], excludeGroupIds: string[] = []): Promise<string> {
  const pom = renderPom(name, dependencies);
  const excluded = excludeGroupIds.join(',');
  const hash = createHash('sha256').update(excluded === '' ? pom : `${pom}\nexclude ${excluded}`).digest('hex');
  const dir = join(cacheDir(), 'maven', name);
  const libDir = join(dir, 'lib');
  if (await stampMatches(dir, hash)) return libDir;
  return withLock(dir, async () => {
    if (await stampMatches(dir, hash)) return libDir;
    await rm(libDir, { recursive: true, force: true });
    await writeFile(join(dir, 'pom.xml'), pom);
    await runMaven(dir, [
      `${MAVEN_DEPENDENCY_PLUGIN}:copy-dependencies`,
      '-f', join(dir, 'pom.xml'),
      `-DoutputDirectory=${libDir}`,
      '-DincludeScope=runtime',
      ...(excluded === '' ? [] : [`-DexcludeGroupIds=${excluded}`]),
    ]);
    await writeFile(join(dir, STAMP), hash);
    return libDir;
  });
}

/** Unpacks one archive artifact (e.g. `io.apicurio:apicurio-registry-app:3.3.3:tar.gz:all`), once. */
export async function unpackMavenArtifact(name: string, coordinate: string): Promise<string> {
  const dir = join(cacheDir(), 'maven', name);
  const outDir = join(dir, 'unpacked');
  if (await stampMatches(dir, coordinate)) return outDir;
  return withLock(dir, async () => {
    if (await stampMatches(dir, coordinate)) return outDir;
    await rm(outDir, { recursive: true, force: true });
    await runMaven(dir, [`${MAVEN_DEPENDENCY_PLUGIN}:unpack`, `-Dartifact=${coordinate}`, `-DoutputDirectory=${outDir}`]);
    await writeFile(join(dir, STAMP), coordinate);
    return outDir;
  });
}

/** The classpath wildcard a `java -cp` understands for a folder of jars. */
export async function classpathOf(...libDirs: string[]): Promise<string> {
  for (const dir of libDirs) {
    const jars = (await readdir(dir)).filter((f) => f.endsWith('.jar'));
    if (jars.length === 0) throw new Error(`No jars in ${dir}; remove ${dir}/../${STAMP} and fetch again`);
  }
  return libDirs.map((dir) => join(dir, '*')).join(':');
}

function renderPom(name: string, dependencies: MavenDependency[]): string {
  const deps = dependencies
    .map((d) => `    <dependency><groupId>${d.groupId}</groupId><artifactId>${d.artifactId}</artifactId><version>${d.version}</version></dependency>`)
    .join('\n');
  return `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>tsconnect.testinfra</groupId><artifactId>${name}</artifactId><version>1</version>
  <packaging>pom</packaging>
  <dependencies>
${deps}
  </dependencies>
</project>
`;
}

async function stampMatches(dir: string, expected: string): Promise<boolean> {
  try {
    return (await readFile(join(dir, STAMP), 'utf8')) === expected;
  } catch {
    return false;
  }
}

async function runMaven(cwd: string, args: string[]): Promise<void> {
  const output: Buffer[] = [];
  const code = await new Promise<number | null>((resolveCode, reject) => {
    const child = spawn('mvn', ['-B', '-q', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
    child.on('error', (err) => reject(new Error(`Cannot run mvn (is Maven installed? apt-get install maven): ${err.message}`)));
    child.on('close', resolveCode);
  });
  if (code !== 0) {
    throw new Error(`mvn ${args[0]} failed with exit code ${code}:\n${Buffer.concat(output).toString().slice(-4000)}`);
  }
}

/** A lock folder keeps two test processes from filling the same cache folder at once. */
export async function withLock<T>(dir: string, work: () => Promise<T>): Promise<T> {
  await mkdir(dir, { recursive: true });
  const lock = join(dir, '.lock');
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    try {
      await mkdir(lock);
      await writeFile(join(lock, 'pid'), String(process.pid));
      break;
    } catch {
      if (await holderIsGone(lock)) {
        await rm(lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${lock}; remove it if no fetch is running`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    return await work();
  } finally {
    if (existsSync(lock)) await rm(lock, { recursive: true, force: true });
  }
}

/** A lock left by a killed process must not block the next run. */
async function holderIsGone(lock: string): Promise<boolean> {
  let pid: number;
  try {
    pid = Number(await readFile(join(lock, 'pid'), 'utf8'));
  } catch {
    return false; // just created, pid not written yet
  }
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
}
