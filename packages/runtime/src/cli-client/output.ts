/** What a command prints: a table or text for people, the same data as JSON for scripts (-o json). */
import type { OutputFormat } from './arguments.js';

export interface Output {
  json: unknown;
  text: string;
}

export function render(output: Output, format: OutputFormat): string {
  return format === 'json' ? JSON.stringify(output.json, null, 2) : output.text;
}

/** Left-aligned columns, two spaces apart, as kubectl prints them. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}

/** `key: value` lines with the values aligned. */
export function fields(pairs: readonly (readonly [string, string])[]): string {
  const width = Math.max(...pairs.map(([k]) => k.length)) + 1;
  return pairs.map(([k, v]) => `${`${k}:`.padEnd(width)} ${v}`.trimEnd()).join('\n');
}

export function indent(text: string, by = '  '): string {
  return text.split('\n').map((l) => (l ? by + l : l)).join('\n');
}
