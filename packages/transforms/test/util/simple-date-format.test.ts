import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SimpleDateFormat } from '../../src/index.js';

const INSTANT = new Date(Date.UTC(2017, 1, 22, 16, 8, 35, 133)); // a Wednesday

describe('SimpleDateFormat', () => {
  it('formats the common pattern letters in UTC', () => {
    assert.equal(new SimpleDateFormat('yyyyMMdd').format(INSTANT), '20170222');
    assert.equal(new SimpleDateFormat("yyyy-MM-dd'T'HH:mm:ss.SSSZ").format(INSTANT), '2017-02-22T16:08:35.133+0000');
    assert.equal(new SimpleDateFormat("yyyy-MM-dd'T'HH:mm:ss.SSSX").format(INSTANT), '2017-02-22T16:08:35.133Z');
    assert.equal(new SimpleDateFormat("yy-M-d h:mm a, EEE MMM, EEEE MMMM '''quoted'''").format(INSTANT),
      "17-2-22 4:08 PM, Wed Feb, Wednesday February 'quoted'");
    assert.equal(new SimpleDateFormat("'It''s' k:K z").format(new Date(0)), "It's 24:0 UTC");
    assert.equal(new SimpleDateFormat('S').format(new Date(5)), '5');
  });

  it('parses what it formats, with zones and abutting fields', () => {
    for (const pattern of ["yyyy-MM-dd'T'HH:mm:ss.SSSZ", "yyyy-MM-dd'T'HH:mm:ss.SSSX", 'yyyyMMddHHmmssSSS',
      'dd MMM yyyy hh:mm:ss.SSS a']) {
      const format = new SimpleDateFormat(pattern);
      assert.deepEqual(format.parse(format.format(INSTANT)), INSTANT, pattern);
    }
    assert.deepEqual(new SimpleDateFormat('yyyy-MM-dd HH:mmXXX').parse('2017-02-22 18:08+02:00'),
      new Date(Date.UTC(2017, 1, 22, 16, 8)));
    assert.deepEqual(new SimpleDateFormat('yyyy-MM-dd').parse('2017-02-22 trailing text is ignored'),
      new Date(Date.UTC(2017, 1, 22)));
  });

  it('rejects text that does not match', () => {
    assert.throws(() => new SimpleDateFormat('yyyy-MM-dd').parse('2017/02/22'), /Unparseable date/);
    assert.throws(() => new SimpleDateFormat('yyyy').parse('abcd'), /Unparseable date/);
  });

  it('rejects invalid patterns as Java does', () => {
    assert.throws(() => new SimpleDateFormat('bad-format'), { message: "Illegal pattern character 'b'" });
    assert.throws(() => new SimpleDateFormat("yyyy'"), { message: 'Unterminated quote' });
  });
});
