import type { Versioned } from '../plugin/versioned.js';

/**
 * A unit of work a connector hands out: the runtime creates tasks from `Connector.taskClass()`
 * with no arguments, then calls `start` with one of the maps from `taskConfigs`.
 */
export abstract class Task implements Versioned {
  /** The plugin version, usually the npm package version. */
  abstract version(): string;

  abstract start(props: Readonly<Record<string, string>>): Promise<void> | void;

  /**
   * Release resources. May be called while a `poll()` or `put()` is still pending; that call
   * should then settle soon (a source task's poll may resolve with null).
   */
  abstract stop(): Promise<void> | void;
}

/** A task constructor: the runtime instantiates tasks itself. */
export type TaskClass<T extends Task = Task> = new () => T;
