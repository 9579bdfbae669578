import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parameterColumns, SQL_NULL_DATA } from '../../src/connection/odbc-parameter-arrays.js';

describe('ODBC parameter arrays', () => {
  it('binds each column by the class of its values, with a length or SQL_NULL_DATA per row', () => {
    const [ints, doubles, flags, bytes, nulls] = parameterColumns([
      [1, 1.5, true, Buffer.from([1, 2, 3]), null],
      [9007199254740993n, 2, null, Buffer.from([4]), null],
    ], []);
    assert.deepEqual([ints!.cType, ints!.sqlType, ints!.width], [-25, -5, 8]);
    assert.deepEqual([ints!.data.readBigInt64LE(0), ints!.data.readBigInt64LE(8)], [1n, 9007199254740993n]);
    assert.deepEqual([doubles!.cType, doubles!.data.readDoubleLE(0), doubles!.data.readDoubleLE(8)], [8, 1.5, 2]);
    assert.deepEqual([flags!.cType, flags!.data[0], [...flags!.lengths]], [-7, 1, [1n, SQL_NULL_DATA]]);
    assert.deepEqual([bytes!.cType, bytes!.width, [...bytes!.lengths]], [-2, 3, [3n, 1n]]);
    assert.deepEqual(bytes!.data.subarray(3, 4), Buffer.from([4]));
    assert.deepEqual([...nulls!.lengths], [SQL_NULL_DATA, SQL_NULL_DATA]);
  });

  it('sends ASCII text as SQL_C_CHAR and any other text as UTF-16 SQL_C_WCHAR, lengths in bytes', () => {
    const [ascii] = parameterColumns([['abc'], ['de']], []);
    assert.deepEqual([ascii!.cType, ascii!.sqlType, ascii!.width, [...ascii!.lengths]], [1, 12, 3, [3n, 2n]]);
    const [wide] = parameterColumns([['héllo ✓'], [null]], []);
    assert.deepEqual([wide!.cType, wide!.sqlType, [...wide!.lengths]], [-8, -9, [14n, SQL_NULL_DATA]]);
    assert.equal(wide!.data.toString('utf16le', 0, 14), 'héllo ✓');
  });

  it('gives text for decimal, date and timestamp columns their SQL type, and times stay VARCHAR', () => {
    const [dec, day, ts, tod] = parameterColumns([['12.345', '2024-02-29', '2024-03-01 12:34:56.789', '13:45:30.123']], [
      { jdbcType: 'DECIMAL', precision: 20, scale: 3 }, { jdbcType: 'DATE', precision: null, scale: null },
      { jdbcType: 'TIMESTAMP', precision: null, scale: null }, { jdbcType: 'TIME', precision: null, scale: null },
    ]);
    assert.deepEqual([dec!.sqlType, dec!.size, dec!.digits], [3, 20, 3]);
    assert.deepEqual([day!.sqlType, day!.size], [91, 10]);
    assert.deepEqual([ts!.sqlType, ts!.size, ts!.digits], [93, 23, 3]);
    assert.equal(tod!.sqlType, 12);
  });

  it('widens integers mixed with fractions to doubles and anything mixed with text to text', () => {
    const [numbers, mixed] = parameterColumns([[1, 'a'], [2.5, 3]], []);
    assert.equal(numbers!.cType, 8);
    assert.deepEqual([mixed!.cType, mixed!.data.toString('latin1', mixed!.width, mixed!.width + 1)], [1, '3']);
  });
});
