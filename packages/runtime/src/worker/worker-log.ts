/**
 * The log calls task execution makes. The worker passes its own logger; the default prints
 * warnings and errors (with the error's Java-style trace) to stderr and drops debug and info.
 */
import { javaStackTrace } from './java-stack-trace.js';

export interface WorkerLog {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string, error?: unknown): void;
  error(message: string, error?: unknown): void;
}

export const defaultWorkerLog: WorkerLog = {
  debug: () => {},
  info: () => {},
  warn: (message, error) => console.warn(error === undefined ? message : `${message}\n${javaStackTrace(error)}`),
  error: (message, error) => console.error(error === undefined ? message : `${message}\n${javaStackTrace(error)}`),
};
