import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LagWindow } from '../../src/source/lag-window.js';
import { EMPTY_OFFSET, parseOffset, serializeOffset, type RowKey } from '../../src/source/source-offset.js';

const at = (seconds: number) => ({ millis: seconds * 1000, nanos: ((seconds * 1000) % 1000) * 1_000_000 });
const key = (seconds: number, id: number): RowKey => ({ timestamp: at(seconds), incrementing: BigInt(id) });
const ids = (w: LagWindow, keys: RowKey[], full: boolean, horizon: number | null) =>
  w.acceptPage(keys, full, horizon === null ? null : at(horizon)).map((e) => Number(keys[e.index]!.incrementing));

describe('LagWindow', () => {
  it('without a window follows the last key read, as Confluent', () => {
    const w = new LagWindow(EMPTY_OFFSET);
    assert.deepEqual(ids(w, [key(10, 1), key(11, 2)], false, null), [1, 2]);
    assert.deepEqual(w.start, key(11, 2));
    assert.deepEqual(w.offset.window, []);
  });

  it('keeps the position at the horizon and remembers the rows emitted above it', () => {
    const w = new LagWindow(EMPTY_OFFSET);
    const emitted = w.acceptPage([key(10, 1), key(100, 2), key(101, 3)], false, at(50));
    assert.equal(emitted.length, 3);
    // row 1 is below the horizon: the position passes it; rows 2 and 3 stay in the window
    assert.deepEqual(emitted[0]!.offset.position, key(10, 1));
    assert.deepEqual(emitted[2]!.offset.window, [key(100, 2), key(101, 3)]);
    assert.deepEqual(w.offset.position, { timestamp: at(50), incrementing: -1n });
    assert.deepEqual(w.start, { timestamp: at(50), incrementing: -1n });
  });

  it('emits a late-committed row found when the window is re-read, and skips the rows already emitted', () => {
    const w = new LagWindow(EMPTY_OFFSET);
    w.acceptPage([key(100, 2), key(101, 4)], false, at(50));
    // id 3 (timestamp 100.5) committed late: the next pass from the horizon sees it between 2 and 4
    assert.deepEqual(ids(w, [key(100, 2), { timestamp: { millis: 100_500, nanos: 500_000_000 }, incrementing: 3n }, key(101, 4), key(102, 5)], false, 60), [3, 5]);
    assert.deepEqual(w.offset.window.map((k) => Number(k.incrementing)), [2, 3, 4, 5]);
  });

  it('forgets window entries once the horizon passes them', () => {
    const w = new LagWindow(EMPTY_OFFSET);
    w.acceptPage([key(100, 2), key(101, 4)], false, at(50));
    const emitted = w.acceptPage([key(100, 2), key(101, 4), key(200, 9)], false, at(100.5));
    assert.equal(emitted.length, 1);
    assert.deepEqual(emitted[0]!.offset.window, [key(101, 4), key(200, 9)]);
    assert.deepEqual(w.offset.position, { timestamp: at(100.5), incrementing: -1n });
  });

  it('continues a pass from the last key while pages are full, then starts again at the position', () => {
    const w = new LagWindow(EMPTY_OFFSET);
    w.acceptPage([key(100, 1), key(100, 2)], true, at(50));
    assert.deepEqual(w.start, key(100, 2));
    w.acceptPage([key(101, 3)], false, at(50));
    assert.deepEqual(w.start, { timestamp: at(50), incrementing: -1n });
  });

  it('after a restart from a stored offset, emits late rows only', () => {
    const first = new LagWindow(EMPTY_OFFSET);
    const emitted = first.acceptPage([key(100, 2), key(101, 4)], false, at(50));
    const stored = serializeOffset(emitted[emitted.length - 1]!.offset);
    const restarted = new LagWindow(parseOffset(JSON.parse(JSON.stringify(stored))));
    assert.deepEqual(ids(restarted, [key(100, 2), key(100, 3), key(101, 4)], false, 55), [3]);
  });

  it('re-emits the rows after a mid-page crash that were not yet stored', () => {
    const first = new LagWindow(EMPTY_OFFSET);
    const emitted = first.acceptPage([key(100, 2), key(101, 4)], false, at(50));
    // only the first record's offset was committed
    const restarted = new LagWindow(parseOffset(serializeOffset(emitted[0]!.offset)));
    assert.deepEqual(ids(restarted, [key(100, 2), key(101, 4)], false, 50), [4]);
  });
});
