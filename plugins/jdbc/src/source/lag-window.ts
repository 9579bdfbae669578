/**
 * Progress through a table read in (timestamp, id) order, with the late-commit window of
 * timestamp+incrementing mode.
 *
 * Polling misses rows whose transaction commits after rows with later keys were already read
 * (Confluent issues #27, #172, #1015). With a lag window of L ms, the stored position never passes
 * the horizon H = db_now - timestamp.delay.interval.ms - L: every pass re-reads the rows from the
 * position on, and rows already emitted there are recognised by their (timestamp, id) key, which
 * the offset carries in `lag_window`, and skipped. So a row is delivered exactly once as long as
 * it commits within delay + L of its timestamp (database clock), across restarts too; a later row
 * is missed, as it would be by Confluent's connector.
 *
 * A pass that returns a full page continues from the last key read (the cursor, in memory) so a
 * window larger than one page still progresses; a short page ends the pass and the next one
 * starts again at the stored position. Without a window (L = 0) the position is simply the last
 * key read, Confluent's behaviour.
 */
import { compareRowKeys, type DbTimestamp, type RowKey, type TableOffset } from './source-offset.js';

interface EmittedRow {
  /** Index of the row in the page. */
  readonly index: number;
  /** The offset to store with its record. */
  readonly offset: TableOffset;
}

function findKey(sorted: readonly RowKey[], key: RowKey): { found: boolean; at: number } {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = compareRowKeys(sorted[mid]!, key);
    if (c === 0) return { found: true, at: mid };
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return { found: false, at: lo };
}

export class LagWindow {
  #position: RowKey;
  #window: RowKey[];
  #cursor: RowKey | null = null;

  constructor(offset: TableOffset) {
    this.#position = offset.position;
    this.#window = [...offset.window].filter((k) => compareRowKeys(k, offset.position) > 0).sort(compareRowKeys);
  }

  /** Where the next page starts: the cursor in a pass, else the stored position. */
  get start(): RowKey {
    return this.#cursor ?? this.#position;
  }

  get offset(): TableOffset {
    return { position: this.#position, window: [...this.#window] };
  }

  /**
   * Takes one page of keys, in order. `horizon` is H (null without a window); `full` says the page
   * was cut by the row limit. Returns the rows to emit (those not emitted before) with their offsets.
   */
  acceptPage(keys: readonly RowKey[], full: boolean, horizon: DbTimestamp | null): EmittedRow[] {
    const horizonKey: RowKey | null = horizon ? { timestamp: horizon, incrementing: -1n } : null;
    const emitted: EmittedRow[] = [];
    keys.forEach((key, index) => {
      const { found, at } = findKey(this.#window, key);
      const reached = horizonKey && compareRowKeys(horizonKey, key) < 0 ? horizonKey : key;
      if (!found && compareRowKeys(key, reached) > 0) this.#window.splice(at, 0, key);
      this.#advance(reached);
      if (!found) emitted.push({ index, offset: this.offset });
    });
    if (full && keys.length > 0) {
      this.#cursor = keys[keys.length - 1]!;
    } else {
      this.#cursor = null;
      // the pass read everything below the upper bound, which is above the horizon
      if (horizonKey) this.#advance(horizonKey);
    }
    return emitted;
  }

  #advance(to: RowKey): void {
    if (compareRowKeys(to, this.#position) <= 0) return;
    this.#position = to;
    let drop = 0;
    while (drop < this.#window.length && compareRowKeys(this.#window[drop]!, to) <= 0) drop++;
    if (drop > 0) this.#window.splice(0, drop);
  }
}
