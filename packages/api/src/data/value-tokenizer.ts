// Internal: the tokenizer behind Values.parseString. Delimiters are : , { } [ ] and the double
// quote; a backslash escapes the next character (and stays in the token text, as in Kafka).
import { javaTrim } from '../config/java-text.js';

const DELIMITERS = new Set([':', ',', '{', '}', '[', ']', '"']);

export function isBlank(text: string): boolean {
  return javaTrim(text).length === 0;
}

export class ValueTokenizer {
  #position = 0;
  #nextToken: string | null = null;
  #previousToken: string | null = null;

  constructor(readonly original: string) {}

  position(): number {
    return this.#position;
  }

  /** Where the next unread token starts, for `rewindTo`. */
  mark(): number {
    return this.#position - (this.#nextToken?.length ?? 0);
  }

  rewindTo(position: number): void {
    this.#position = position;
    this.#nextToken = null;
    this.#previousToken = null;
  }

  hasNext(): boolean {
    return this.#nextToken !== null || this.#position < this.original.length;
  }

  next(): string {
    if (this.#nextToken !== null) {
      this.#previousToken = this.#nextToken;
      this.#nextToken = null;
    } else {
      this.#previousToken = this.#consume();
    }
    return this.#previousToken;
  }

  /** The text of the next `count` tokens, or null (and nothing consumed) if there are fewer. */
  nextTokens(count: number): string | null {
    const start = this.mark();
    for (let i = 0; i < count; i++) {
      if (!this.hasNext()) {
        this.rewindTo(start);
        return null;
      }
      this.next();
    }
    return this.original.substring(start, this.#position);
  }

  previous(): string | null {
    return this.#previousToken;
  }

  /** Consumes the next token if, trimmed and after blank tokens, it equals `expected`. */
  canConsume(expected: string): boolean {
    if (this.#nextToken === null) {
      if (!this.hasNext()) return false;
      this.#nextToken = this.#consume();
    }
    while (isBlank(this.#nextToken) && this.#position < this.original.length) {
      this.#nextToken = this.#consume();
    }
    if (javaTrim(this.#nextToken) === expected) {
      this.#nextToken = null;
      return true;
    }
    return false;
  }

  #consume(): string {
    let escaped = false;
    const start = this.#position;
    const text = this.original;
    while (this.#position < text.length) {
      const c = text[this.#position]!;
      if (c === '\\') {
        escaped = !escaped;
      } else if (DELIMITERS.has(c)) {
        if (!escaped) {
          if (start < this.#position) return text.substring(start, this.#position);
          this.#position++;
          return c;
        }
        escaped = false;
      } else {
        escaped = false;
      }
      this.#position++;
    }
    return text.substring(start, this.#position);
  }
}
