/**
 * Module resolution hooks (registered by shared-plugin-api.ts) that make every `import
 * '@tsconnect/api'` made after registration, plugins' included, load the worker's copy, so that
 * classes, errors and TopicPartition instances mean the same thing on both sides whatever copy a
 * plugin's own node_modules holds. They run on Node's loader thread, so this file stays alone.
 */
import type { InitializeHook, ResolveHook } from 'node:module';

export const SHARED_SPECIFIER = '@tsconnect/api';

let apiUrl: string | null = null;

export const initialize: InitializeHook<{ apiUrl: string }> = (data) => {
  apiUrl = data.apiUrl;
};

export const resolve: ResolveHook = (specifier, context, nextResolve) => {
  if (specifier === SHARED_SPECIFIER && apiUrl !== null) return { url: apiUrl, format: 'module', shortCircuit: true };
  return nextResolve(specifier, context);
};
