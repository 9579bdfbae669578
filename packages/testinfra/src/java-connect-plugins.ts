import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { cacheDir } from './paths.js';
import { classpathOf, unpackMavenArtifact, withLock } from './maven.js';

const run = promisify(execFile);
const STAMP = '.complete';

/** Kafka 4.4 moved AppInfoParser, which every file and test connector calls for its version(). */
const MOVED_CLASSES: [from: string, to: string][] = [
  ['org.apache.kafka.common.utils.AppInfoParser', 'org.apache.kafka.common.utils.internals.AppInfoParser'],
];

/**
 * Kafka's file and test connectors for a Kafka release that publishes none: the sources jars of
 * an older release (`sourceArtifacts`, e.g. `org.apache.kafka:connect-file:4.3.1`) compiled with
 * javac against that release's jars (`libDir`), with the imports of moved classes rewritten.
 * The jar lands in its own folder, once (a stamp names what it was built from).
 */
export async function compileConnectorsFromSources(name: string, sourceArtifacts: string[], libDir: string): Promise<string> {
  const dir = join(cacheDir(), 'maven', name);
  const outDir = join(dir, 'lib');
  const stamp = JSON.stringify({ sourceArtifacts, libDir });
  const built = async () => (await readFile(join(dir, STAMP), 'utf8').catch(() => '')) === stamp;
  if (await built()) return outDir;
  return withLock(dir, async () => {
    if (await built()) return outDir;
    const srcDir = join(dir, 'src');
    const classesDir = join(dir, 'classes');
    for (const stale of [srcDir, classesDir, outDir]) await rm(stale, { recursive: true, force: true });
    await mkdir(classesDir, { recursive: true });
    for (const artifact of sourceArtifacts) {
      const unpacked = await unpackMavenArtifact(`${name}-sources-${artifact.split(':')[1]}`, `${artifact}:jar:sources`);
      await copySources(unpacked, srcDir, classesDir);
    }
    const sources = (await filesUnder(srcDir)).filter((f) => f.endsWith('.java'));
    await run('javac', ['-nowarn', '--release', '17', '-cp', await classpathOf(libDir), '-d', classesDir, ...sources], { maxBuffer: 16 << 20 });
    await mkdir(outDir, { recursive: true });
    await run('jar', ['--create', '--file', join(outDir, `${name}.jar`), '-C', classesDir, '.']);
    await writeFile(join(dir, STAMP), stamp);
    return outDir;
  });
}

/** Java sources go to `srcDir` with moved imports rewritten; resources (META-INF/services) next to the classes. */
async function copySources(from: string, srcDir: string, classesDir: string): Promise<void> {
  for (const file of await filesUnder(from)) {
    const path = relative(from, file);
    const isSource = path.endsWith('.java');
    if (!isSource && !path.startsWith('META-INF/services/')) continue;
    const target = join(isSource ? srcDir : classesDir, path);
    await mkdir(join(target, '..'), { recursive: true });
    let text = await readFile(file, 'utf8');
    if (isSource) for (const [old, moved] of MOVED_CLASSES) text = text.replaceAll(`import ${old};`, `import ${moved};`);
    await writeFile(target, text);
  }
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path)));
    else out.push(path);
  }
  return out;
}
