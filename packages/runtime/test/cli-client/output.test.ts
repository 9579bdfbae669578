import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalJson, fields, offsetsTable, render, table } from '../../src/cli-client/output.js';

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

test('offsets print with sorted keys and rows, whatever order the worker sent them in', () => {
  assert.equal(canonicalJson({ b: 1, a: { d: 2, c: [{ f: 1, e: 2 }] } }), '{"a":{"c":[{"e":2,"f":1}],"d":2},"b":1}');
  const offsets = [
    { partition: { kafka_topic: 't', kafka_partition: 1 }, offset: { kafka_offset: 9 } },
    { partition: { kafka_partition: 0, kafka_topic: 't' }, offset: { kafka_offset: 3 } },
  ];
  assert.equal(offsetsTable(offsets).split('\n')[1], '{"kafka_partition":0,"kafka_topic":"t"}  {"kafka_offset":3}');
});
