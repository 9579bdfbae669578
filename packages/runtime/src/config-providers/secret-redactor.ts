/**
 * Keeps known secret values out of text that leaves the worker: log lines, status traces (which
 * go to the status topic and the REST API) and metric labels. Secrets are what config providers
 * resolved, the values of PASSWORD settings and the password inside `sasl.jaas.config`.
 * Values shorter than MIN_SECRET_LENGTH are not redacted: replacing every "a" would ruin the
 * text and still hide nothing.
 */
import { parseJaasConfig } from '../kafka/client-security.js';
import type { LogSink } from '../logging/loggers.js';

const REDACTED = '[hidden]';
const MIN_SECRET_LENGTH = 4;

/** Worker and client settings of type PASSWORD, as Kafka declares them, with or without a client prefix. */
const PASSWORD_KEYS = /(^|\.)(sasl\.jaas\.config|ssl\.keystore\.key|basic\.auth\.user\.info|password)$/;

export class SecretRedactor {
  readonly #secrets = new Set<string>();
  #pattern: RegExp | null = null;

  /** Remembers secret values; short ones are ignored (see MIN_SECRET_LENGTH). */
  add(values: Iterable<string>): void {
    let added = false;
    for (const value of values) {
      if (value.length < MIN_SECRET_LENGTH || this.#secrets.has(value)) continue;
      this.#secrets.add(value);
      added = true;
    }
    if (added) this.#pattern = null;
  }

  /** Remembers the password-like values of a worker or connector config (see isSecretKey). */
  addSecretsOf(configs: Readonly<Record<string, unknown>>): void {
    const values: string[] = [];
    for (const [key, value] of Object.entries(configs)) {
      if (typeof value !== 'string' || !isSecretKey(key)) continue;
      values.push(value);
      if (key.endsWith('sasl.jaas.config')) {
        try {
          const password = parseJaasConfig(value).options.password;
          if (password !== undefined) values.push(password);
        } catch {
          // Not a JAAS line: the whole value is the secret, already added.
        }
      }
    }
    this.add(values);
  }

  /** `text` with every known secret replaced by [hidden]. */
  redact(text: string): string {
    if (this.#secrets.size === 0) return text;
    this.#pattern ??= new RegExp(
      [...this.#secrets]
        .sort((a, b) => b.length - a.length)
        .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('|'),
      'g',
    );
    return text.replace(this.#pattern, REDACTED);
  }
}

/** Whether a setting holds a secret by its name: sasl.jaas.config, ssl.keystore.key, basic.auth.user.info, `*password`. */
export function isSecretKey(key: string): boolean {
  return PASSWORD_KEYS.test(key);
}

/** A log sink that writes each line with the known secrets hidden (for `new Loggers(level, sink)`). */
export function redactingLogSink(sink: LogSink, redactor: SecretRedactor): LogSink {
  return { write: (line) => sink.write(redactor.redact(line)) };
}
