/**
 * Error traces in the shape Java's `Throwable.printStackTrace` prints, which is what Kafka shows
 * in task status traces and DLQ headers: `<class>: <message>`, one `\tat <frame>` line per frame,
 * then `Caused by: ` for each cause with the frames it shares with its parent folded into
 * `\t... n more`. Our errors name their Java class (`ConnectError.javaClass`); other errors
 * their JS name (`TypeError`).
 */
import { ConnectError } from '@tsconnect/api';

/** The class name an error is reported under. */
export function javaClassName(error: unknown): string {
  if (error instanceof ConnectError) return error.javaClass;
  if (error instanceof Error) return error.name || error.constructor.name;
  return typeof error;
}

/** The error's message, null when it has none (Java's `getMessage()`). */
export function errorMessage(error: unknown): string | null {
  if (error instanceof Error) return error.message === '' ? null : error.message;
  return error == null ? null : String(error);
}

/** Java's `Throwable.toString()`: the class name, then `: message` when there is one. */
export function javaErrorHeadline(error: unknown): string {
  const message = errorMessage(error);
  return message === null ? javaClassName(error) : `${javaClassName(error)}: ${message}`;
}

function frames(error: unknown): string[] {
  if (!(error instanceof Error) || typeof error.stack !== 'string') return [];
  return error.stack
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('at '));
}

export function javaStackTrace(error: unknown): string {
  const lines: string[] = [];
  let parentFrames: string[] = [];
  const seen = new Set<unknown>();
  for (let e: unknown = error, first = true; e != null && !seen.has(e); first = false) {
    seen.add(e);
    const own = frames(e);
    let common = 0;
    while (common < own.length && common < parentFrames.length &&
      own[own.length - 1 - common] === parentFrames[parentFrames.length - 1 - common]) common++;
    lines.push(`${first ? '' : 'Caused by: '}${javaErrorHeadline(e)}`);
    for (const frame of own.slice(0, own.length - common)) lines.push(`\t${frame}`);
    if (common > 0) lines.push(`\t... ${common} more`);
    parentFrames = own;
    e = e instanceof Error ? e.cause : undefined;
  }
  return lines.join('\n') + '\n';
}
