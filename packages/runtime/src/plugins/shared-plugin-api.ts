/**
 * The one copy of @tsconnect/api every plugin shares: the worker's own. Plugins declare it as a
 * peer dependency; should a plugin's tree hold another copy anyway, resolution hooks send its
 * imports to the worker's copy (an `instanceof SourceConnector` or `instanceof ConnectException`
 * across two copies would be false).
 */
import { readFileSync, realpathSync } from 'node:fs';
import { register } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SHARED_SPECIFIER } from './shared-api-hooks.js';

export interface SharedPluginApi {
  /** The URL its entry module loads from. */
  readonly url: string;
  /** Its package directory, real path. */
  readonly dir: string;
  readonly version: string;
}

let shared: SharedPluginApi | null = null;
let hooksRegistered = false;

/** The worker's copy of @tsconnect/api: where it is and its version. */
export function sharedPluginApi(): SharedPluginApi {
  if (shared) return shared;
  const url = import.meta.resolve(SHARED_SPECIFIER);
  let dir = dirname(fileURLToPath(url));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === SHARED_SPECIFIER) {
        shared = { url, dir: realpathSync(dir), version: pkg.version ?? '0.0.0' };
        return shared;
      }
    } catch {
      // no package.json at this level: keep climbing
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`Cannot find the package.json of ${SHARED_SPECIFIER} above ${url}`);
    dir = parent;
  }
}

/** Sends later imports of @tsconnect/api to the worker's copy; done once, before the first plugin import. */
export function shareWorkerPluginApi(): void {
  if (hooksRegistered) return;
  register('./shared-api-hooks.js', import.meta.url, { data: { apiUrl: sharedPluginApi().url } });
  hooksRegistered = true;
}
