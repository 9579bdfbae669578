import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fields, render, table } from '../../src/cli-client/output.js';

test('table pads every column but the last to its widest cell', () => {
  assert.equal(
    table(['NAME', 'STATE', 'CLASS'], [['a-long-name', 'RUNNING', 'x.Y'], ['b', 'FAILED', 'z']]),
    ['NAME         STATE    CLASS', 'a-long-name  RUNNING  x.Y', 'b            FAILED   z'].join('\n'),
  );
});

test('a table without rows is its header line', () => {
  assert.equal(table(['PARTITION', 'OFFSET'], []), 'PARTITION  OFFSET');
});

test('fields aligns the values after the longest key', () => {
  assert.equal(fields([['Name', 'c'], ['Version', '1.0'], ['Topics', '']]), 'Name:    c\nVersion: 1.0\nTopics:');
});

test('-o json prints the data, not the text', () => {
  const output = { json: [{ name: 'c' }], text: 'NAME\nc' };
  assert.equal(render(output, 'table'), 'NAME\nc');
  assert.deepEqual(JSON.parse(render(output, 'json')), [{ name: 'c' }]);
});
