/** What a command prints: a table or text for people, the same data as JSON for scripts (-o json). */
import type { OutputFormat } from './arguments.js';

export interface Output {
  json: unknown;
  text: string;
}

export function render(output: Output, format: OutputFormat): string {
  return format === 'json' ? canonicalJson(output.json, 2) : output.text;
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

/** JSON with its object keys sorted, so the same data prints the same whichever worker answered. */
export function canonicalJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  indent);
}

/** One row per partition, sorted: PARTITION and OFFSET as canonical JSON. */
export function offsetsTable(offsets: readonly { partition: unknown; offset: unknown }[]): string {
  const rows = offsets.map((o) => [canonicalJson(o.partition), canonicalJson(o.offset)]).sort(([a], [b]) => a!.localeCompare(b!));
  return table(['PARTITION', 'OFFSET'], rows);
}
