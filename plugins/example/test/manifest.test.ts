/**
 * Keeps the tsconnect manifest in package.json true to the code: every export it names exists and
 * is a class of the kind it declares, and the version the plugins report is the package's.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { SinkConnector, SourceConnector } from '@tsconnect/api';
import * as plugin from '../src/index.js';

// Compiled to dist/test/, so the package root is two levels up.
const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
  tsconnect: { plugins: { kind: string; export: string }[] };
};

const BASE_CLASS: Record<string, abstract new () => unknown> = { source: SourceConnector, sink: SinkConnector };

describe('the tsconnect manifest', () => {
  for (const entry of packageJson.tsconnect.plugins) {
    it(`names ${entry.export}, a ${entry.kind} the package exports`, () => {
      const exported = (plugin as Record<string, unknown>)[entry.export] as (new () => { version(): string }) | undefined;
      assert.equal(typeof exported, 'function');
      assert.ok(exported!.prototype instanceof BASE_CLASS[entry.kind]!);
      assert.equal(new exported!().version(), packageJson.version);
    });
  }
});
