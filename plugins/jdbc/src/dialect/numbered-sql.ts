/**
 * Internal SQL written with `$1`-style markers, turned into the connection's placeholder style.
 * With `?` placeholders a parameter used twice must be passed twice, so the parameter list is
 * rebuilt in order of appearance. Only for our own SQL text (metadata queries), which has no `$`
 * inside literals.
 */
import type { ParamStyle } from '../connection/database-connection.js';

export function numberedSql(
  sql: string,
  params: readonly unknown[],
  style: ParamStyle,
): { sql: string; params: unknown[] } {
  if (style === 'dollar') return { sql, params: [...params] };
  const ordered: unknown[] = [];
  const text = sql.replace(/\$(\d+)/g, (_m, n: string) => {
    ordered.push(params[Number(n) - 1]);
    return '?';
  });
  return { sql: text, params: ordered };
}
