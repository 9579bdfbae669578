/**
 * Named, hierarchical loggers with log4j's levels, so /admin/loggers can change a namespace's
 * level at run time as Kafka's worker does. A logger's level is the level set on its nearest
 * named ancestor (dot-separated), else the root's.
 */
import { javaStackTrace } from '../worker/java-stack-trace.js';
import { currentConnectorContext } from './connector-context.js';
import { formatLogEvent, type LogFormat } from './log-format.js';

const LOG_LEVELS = ['OFF', 'FATAL', 'ERROR', 'WARN', 'INFO', 'DEBUG', 'TRACE', 'ALL'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const ROOT_LOGGER = 'root';

const SEVERITY: Record<LogLevel, number> = { OFF: 0, FATAL: 1, ERROR: 2, WARN: 3, INFO: 4, DEBUG: 5, TRACE: 6, ALL: 7 };

export function parseLogLevel(text: string): LogLevel | null {
  const upper = text.trim().toUpperCase();
  return (LOG_LEVELS as readonly string[]).includes(upper) ? (upper as LogLevel) : null;
}

export interface LogSink {
  write(line: string): void;
}

interface ExplicitLevel {
  level: LogLevel;
  /** Epoch ms of the last change through the REST API; null for levels set at start-up. */
  lastModified: number | null;
}

export class Loggers {
  readonly #levels = new Map<string, ExplicitLevel>();
  readonly #known = new Set<string>();
  readonly #levelListeners: ((namespace: string, level: LogLevel) => void)[] = [];
  #sink: LogSink;
  #format: LogFormat = 'plain';

  constructor(rootLevel: LogLevel = 'INFO', sink: LogSink = { write: (line) => process.stdout.write(line) }) {
    this.#levels.set(ROOT_LOGGER, { level: rootLevel, lastModified: null });
    this.#sink = sink;
  }

  /** Where lines go from now on (the CLI wraps stdout with the secret redactor). */
  setSink(sink: LogSink): void {
    this.#sink = sink;
  }

  get sink(): LogSink {
    return this.#sink;
  }

  get(name: string): Logger {
    this.#known.add(name);
    return new Logger(name, this);
  }

  /** The level in force for `name`: its own, else its nearest ancestor's, else root's. */
  effectiveLevel(name: string): LogLevel {
    for (let n = name; ; ) {
      const own = this.#levels.get(n);
      if (own) return own.level;
      const dot = n.lastIndexOf('.');
      if (dot < 0) return this.#levels.get(ROOT_LOGGER)!.level;
      n = n.slice(0, dot);
    }
  }

  isEnabled(name: string, level: LogLevel): boolean {
    return SEVERITY[level] <= SEVERITY[this.effectiveLevel(name)];
  }

  /** Loggers with an explicitly set level, plus root, as GET /admin/loggers lists them. */
  explicitLevels(): Map<string, ExplicitLevel> {
    return new Map([...this.#levels].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  levelOf(name: string): ExplicitLevel | null {
    const own = this.#levels.get(name);
    if (own) return own;
    if (!this.#known.has(name)) return null;
    return { level: this.effectiveLevel(name), lastModified: null };
  }

  /**
   * Sets `namespace` and every known logger below it to `level`; answers the sorted names of the
   * loggers changed, as Kafka's PUT /admin/loggers does.
   */
  setLevel(namespace: string, level: LogLevel, now = Date.now()): string[] {
    const affected = new Set<string>([namespace]);
    if (namespace !== ROOT_LOGGER) {
      for (const name of [...this.#known, ...this.#levels.keys()]) {
        if (name.startsWith(`${namespace}.`)) affected.add(name);
      }
    }
    if (namespace === ROOT_LOGGER) {
      // Kafka's root change applies to every logger that exists.
      for (const name of this.#levels.keys()) affected.add(name);
    }
    // As Kafka's Loggers: only loggers whose level changes are touched and reported.
    const changed = [...affected].filter((name) => this.effectiveLevel(name) !== level);
    for (const name of changed) this.#levels.set(name, { level, lastModified: now });
    for (const listener of this.#levelListeners) listener(namespace, level);
    return changed.sort();
  }

  /** Called after every setLevel, so that task hosts follow the worker's levels. */
  onLevelChange(listener: (namespace: string, level: LogLevel) => void): void {
    this.#levelListeners.push(listener);
  }

  /** `plain` (Kafka's pattern) or `json`, from the worker's `log.format`. */
  setFormat(format: LogFormat): void {
    this.#format = format;
  }

  get format(): LogFormat {
    return this.#format;
  }

  /** One line, with the connector context of the code that logs it (see connector-context.ts). */
  write(name: string, level: LogLevel, message: string, error?: unknown): void {
    this.#sink.write(
      formatLogEvent(this.#format, {
        time: new Date(),
        level,
        logger: name,
        message,
        context: currentConnectorContext(),
        stackTrace: error === undefined ? null : javaStackTrace(error).trimEnd(),
      }),
    );
  }
}

export class Logger {
  readonly #loggers: Loggers;

  constructor(
    readonly name: string,
    loggers: Loggers,
  ) {
    this.#loggers = loggers;
  }

  isDebugEnabled(): boolean {
    return this.#loggers.isEnabled(this.name, 'DEBUG');
  }

  trace(message: string): void {
    if (this.#loggers.isEnabled(this.name, 'TRACE')) this.#loggers.write(this.name, 'TRACE', message);
  }

  debug(message: string): void {
    if (this.#loggers.isEnabled(this.name, 'DEBUG')) this.#loggers.write(this.name, 'DEBUG', message);
  }

  info(message: string): void {
    if (this.#loggers.isEnabled(this.name, 'INFO')) this.#loggers.write(this.name, 'INFO', message);
  }

  warn(message: string, error?: unknown): void {
    if (this.#loggers.isEnabled(this.name, 'WARN')) this.#loggers.write(this.name, 'WARN', message, error);
  }

  error(message: string, error?: unknown): void {
    if (this.#loggers.isEnabled(this.name, 'ERROR')) this.#loggers.write(this.name, 'ERROR', message, error);
  }
}

/** The process-wide registry the CLI sets up; libraries ask it for their loggers. */
export const loggers = new Loggers();
