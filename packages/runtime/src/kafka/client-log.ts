/**
 * The few log calls the Kafka client layer makes. The worker passes its own logger; the default
 * prints warnings and errors to stderr and drops debug and info lines.
 */
export interface ClientLog {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const defaultClientLog: ClientLog = {
  debug: () => {},
  info: () => {},
  warn: (message) => console.warn(message),
  error: (message) => console.error(message),
};
