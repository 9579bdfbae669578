/** Parsing shared by the config and status topic keys. */

/**
 * A task id from a key of dash-separated parts whose connector name starts at part
 * `connectorStart` and whose last part is the task number: `task-<c>-<n>` (1) and
 * `status-task-<c>-<n>` (2). Splits like Java's String.split("-"), which drops trailing empty
 * parts, and parses the number like Integer.parseInt. Null when the key does not fit.
 */
export function taskIdFromKey(key: string, connectorStart: number): { connector: string; task: number } | null {
  const parts = key.split('-');
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  if (parts.length < connectorStart + 2) return null;
  const last = parts[parts.length - 1]!;
  if (!/^[+-]?\d+$/.test(last)) return null;
  const task = Number(last);
  if (task < -(2 ** 31) || task >= 2 ** 31) return null;
  return { connector: parts.slice(connectorStart, -1).join('-'), task };
}
