import assert from 'node:assert/strict';
import { test } from 'node:test';
import { optionValue, outputFormat, parseArguments } from '../../src/cli-client/arguments.js';
import { UsageError } from '../../src/cli-client/usage-error.js';

test('positionals and options in any order; value options take the next word or =value', () => {
  const args = parseArguments(['get', '-o', 'json', 'connectors', '--context=prod']);
  assert.deepEqual(args.positionals, ['get', 'connectors']);
  assert.equal(optionValue(args, 'output'), 'json');
  assert.equal(optionValue(args, 'context'), 'prod');
  assert.equal(outputFormat(args), 'json');
});

test('repeatable options keep every value; flags are recorded', () => {
  const args = parseArguments(['patch', 'connector', 'c', '-s', 'a=1', '--set', 'b=x=y', '-r', 'old', '--include-tasks']);
  assert.deepEqual(args.values.get('set'), ['a=1', 'b=x=y']);
  assert.deepEqual(args.values.get('unset'), ['old']);
  assert.ok(args.flags.has('include-tasks'));
});

test('the last of a repeated single option wins', () => {
  assert.equal(optionValue(parseArguments(['--url', 'http://a:1', '--url', 'http://b:2']), 'url'), 'http://b:2');
});

test('after -- every word is a positional, even one starting with a dash', () => {
  assert.deepEqual(parseArguments(['describe', 'connector', '--', '-odd-name']).positionals, ['describe', 'connector', '-odd-name']);
});

test('an unknown option, a value option without its value and a bad -o are usage errors', () => {
  assert.throws(() => parseArguments(['get', '--nope']), UsageError);
  assert.throws(() => parseArguments(['apply', '-f']), UsageError);
  assert.throws(() => outputFormat(parseArguments(['-o', 'yaml'])), UsageError);
});
