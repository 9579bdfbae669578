import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { satisfiesApiRange } from '../../src/plugins/api-version-range.js';

describe('satisfiesApiRange', () => {
  const cases: [string, string, boolean][] = [
    ['0.1.0', '^0.1.0', true],
    ['0.1.5', '^0.1.0', true],
    ['0.2.0', '^0.1.0', false],
    ['1.4.0', '^1.2.0', true],
    ['2.0.0', '^1.2.0', false],
    ['0.0.4', '^0.0.3', false],
    ['1.2.9', '~1.2.3', true],
    ['1.3.0', '~1.2.3', false],
    ['1.9.0', '~1', true],
    ['0.1.0', '>=0.1.0 <0.2.0', true],
    ['0.2.0', '>=0.1.0 <0.2.0', false],
    ['0.1.0', '0.x', true],
    ['1.0.0', '0.x', false],
    ['1.2.7', '1.2.*', true],
    ['5.0.0', '*', true],
    ['1.0.0', '0.1.0 - 0.9.0', false],
    ['0.9.0', '0.1.0 - 0.9.0', true],
    ['3.0.0', '^1.0.0 || ^3.0.0', true],
    ['2.0.0', '^1.0.0 || ^3.0.0', false],
    ['2.0.0', '>1', true],
    ['1.9.9', '>1', false],
    ['1.2.9', '<=1.2', true],
    ['0.1.0', '0.1.0', true],
    ['0.1.1', '=0.1.0', false],
    ['0.1.0-rc.1', '^0.1.0', true],
  ];
  for (const [version, range, expected] of cases) {
    it(`${version} ${expected ? 'satisfies' : 'does not satisfy'} "${range}"`, () => {
      assert.equal(satisfiesApiRange(version, range), expected);
    });
  }

  it('refuses a range that does not parse', () => {
    assert.throws(() => satisfiesApiRange('0.1.0', 'latest please'), /is not a version range/);
  });
});
