import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The feature version a `java -version` reports (17 for "17.0.15", 8 for "1.8.0_x"). */
export function parseJavaVersion(output: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(output);
  if (!match) return undefined;
  const major = Number(match[1]);
  return major === 1 ? Number(match[2]) : major;
}

async function versionOf(java: string): Promise<number | undefined> {
  try {
    const { stderr, stdout } = await run(java, ['-version']);
    return parseJavaVersion(stderr + stdout);
  } catch {
    return undefined;
  }
}

/**
 * A `java` of at least `minVersion`: the one on PATH when new enough, else the newest JDK under
 * /usr/lib/jvm (this machine kind has Debian's 17 plus a newer Temurin).
 */
export async function findJava(minVersion: number, jvmRoot = '/usr/lib/jvm'): Promise<string> {
  const onPath = await versionOf('java');
  if (onPath !== undefined && onPath >= minVersion) return 'java';
  const candidates = existsSync(jvmRoot)
    ? readdirSync(jvmRoot).map((d) => join(jvmRoot, d, 'bin', 'java')).filter((p) => existsSync(p))
    : [];
  let best: { path: string; version: number } | undefined;
  for (const path of candidates) {
    const version = await versionOf(path);
    if (version !== undefined && version >= minVersion && (!best || version > best.version)) best = { path, version };
  }
  if (!best) {
    throw new Error(
      `Java ${minVersion} or newer is needed; found ${onPath ?? 'no java'} on PATH and none under ${jvmRoot}. ` +
        `Install a JDK ${minVersion}+ (e.g. Temurin) under ${jvmRoot}.`,
    );
  }
  return best.path;
}
