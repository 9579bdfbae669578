import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

// Compiled to dist/test/, so the package root is two levels up.
const PACKAGE_ROOT = new URL('../../', import.meta.url);
const SOURCE_ROOT = new URL('src/', PACKAGE_ROOT);

function sourceFiles(): string[] {
  return readdirSync(SOURCE_ROOT, { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.ts'))
    .sort();
}

/** The code of a file without its comments, which may name what the code must not use. */
function code(path: string): string {
  return readFileSync(new URL(path, SOURCE_ROOT), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|\s)\/\/.*$/gm, '$1');
}

/** Every module specifier: `import ... from`, `export ... from`, bare `import '...'`, `import(...)`, `require(...)`. */
function specifiers(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(/\b(?:from|import|require)\s*\(?\s*['"]([^'"]+)['"]/g)) found.push(match[1]!);
  return found;
}

describe('the plugin API package stands alone', () => {
  it('declares no runtime dependencies', () => {
    const manifest = JSON.parse(readFileSync(new URL('package.json', PACKAGE_ROOT), 'utf8')) as Record<string, unknown>;
    for (const key of ['dependencies', 'optionalDependencies', 'peerDependencies', 'bundleDependencies']) {
      const declared = Object.keys((manifest[key] as Record<string, string> | undefined) ?? {});
      assert.deepEqual(declared, [], `${key} of @tsconnect/api`);
    }
  });

  it('finds the sources it scans', () => {
    assert.ok(sourceFiles().includes('index.ts'));
  });

  it('imports only its own files: no node: modules, no other packages', () => {
    const offending = sourceFiles().flatMap((path) =>
      specifiers(code(path)).filter((spec) => !spec.startsWith('./') && !spec.startsWith('../'))
        .map((spec) => `${path}: ${spec}`));
    assert.deepEqual(offending, []);
  });

  it('uses no Node-only globals (Buffer, process, require)', () => {
    const offending = sourceFiles().flatMap((path) =>
      [...code(path).matchAll(/\b(Buffer|process|require)\b/g)].map((m) => `${path}: ${m[1]}`));
    assert.deepEqual(offending, []);
  });
});
