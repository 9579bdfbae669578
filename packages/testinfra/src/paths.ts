import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Downloads and builds live outside the work tree, so a fresh clone reuses them. */
export function cacheDir(): string {
  const base = process.env.TSCONNECT_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'tsconnect');
  return resolve(base);
}

/** The repository root (this file is packages/testinfra/dist/src/paths.js once built). */
export function repoRoot(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
}

/** Run-time state of `npm start` (broker data, logs); ignored by git. */
export function varDir(): string {
  return join(repoRoot(), 'var');
}
