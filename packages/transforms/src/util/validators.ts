import { ConfigException, javaToString, type Validator } from '@tsconnect/api';
import { compileJavaRegex } from './java-regex.js';

/** Kafka's transforms `NonEmptyListValidator`. */
export class NonEmptyListValidator implements Validator {
  ensureValid(name: string, value: unknown): void {
    if (value === null || value === undefined || (value as unknown[]).length === 0) {
      throw new ConfigException(name, javaToString(value), 'Empty list');
    }
  }

  toString(): string {
    return 'non-empty list';
  }
}

/** Kafka's `RegexValidator`: the value must compile as a (Java) regular expression. */
export class RegexValidator implements Validator {
  ensureValid(name: string, value: unknown): void {
    if (value === null || value === undefined) return;
    try {
      compileJavaRegex(String(value));
    } catch (error) {
      throw new ConfigException(name, value, `Invalid regex: ${(error as Error).message}`);
    }
  }

  toString(): string {
    return 'valid regex';
  }
}
