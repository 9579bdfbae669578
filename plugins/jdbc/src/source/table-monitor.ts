/**
 * Watches the database catalog for the connector: lists the tables to copy at start, then every
 * table.poll.interval.ms, and calls `onChange` when a table was created or dropped, so the
 * connector asks the runtime to reconfigure its tasks (Confluent's TableMonitorThread).
 */
import type { TableId } from '../dialect/table-id.js';
import { tableFullName } from './table-full-name.js';

interface TableMonitorOptions {
  listTables(): Promise<TableId[]>;
  intervalMs: number;
  onChange(): void;
  /** A listing failed; the monitor keeps its last list and tries again at the next interval. */
  onError(error: unknown): void;
}

const key = (tables: readonly TableId[]): string => tables.map(tableFullName).sort().join('\n');

export class TableMonitor {
  readonly #options: TableMonitorOptions;
  #tables: TableId[] = [];
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<void> | null = null;
  #stopped = false;

  constructor(options: TableMonitorOptions) {
    this.#options = options;
  }

  /** Lists the tables once (failing if that fails), then keeps watching. */
  async start(): Promise<void> {
    this.#tables = await this.#options.listTables();
    this.#schedule();
  }

  tables(): TableId[] {
    return [...this.#tables];
  }

  #schedule(): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#running = this.#check().finally(() => {
        this.#running = null;
        this.#schedule();
      });
    }, this.#options.intervalMs);
  }

  async #check(): Promise<void> {
    let tables: TableId[];
    try {
      tables = await this.#options.listTables();
    } catch (err) {
      if (!this.#stopped) this.#options.onError(err);
      return;
    }
    if (this.#stopped || key(tables) === key(this.#tables)) return;
    this.#tables = tables;
    this.#options.onChange();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#running;
  }
}
