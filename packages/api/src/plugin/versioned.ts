/** A plugin that reports its version, shown by the worker's plugin listing (`GET /connector-plugins`). */
export interface Versioned {
  version(): string;
}
