/**
 * The command line, split into positionals and options. Options are declared here once, so a
 * value option never swallows the next word by accident and an unknown one is a usage error.
 */
import { UsageError } from './usage-error.js';

/** Options that take a value (repeatable ones keep every value, in order). */
const VALUE_OPTIONS: Record<string, string> = {
  '-o': 'output', '--output': 'output',
  '-f': 'file', '--file': 'file',
  '-s': 'set', '--set': 'set',
  '-r': 'unset', '--unset': 'unset',
  '--context': 'context',
  '--url': 'url',
  '--name': 'name',
  '--scope': 'scope',
  '--username': 'username',
  '--password': 'password',
  '--ca-file': 'ca-file',
};

const FLAG_OPTIONS: Record<string, string> = {
  '--include-tasks': 'include-tasks',
  '--only-failed': 'only-failed',
  '--insecure': 'insecure',
  '-h': 'help', '--help': 'help',
};

export interface ParsedArguments {
  positionals: string[];
  values: Map<string, string[]>;
  flags: Set<string>;
}

export function parseArguments(argv: readonly string[]): ParsedArguments {
  const parsed: ParsedArguments = { positionals: [], values: new Map(), flags: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === '--') {
      parsed.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!word.startsWith('-') || word === '-') {
      parsed.positionals.push(word);
      continue;
    }
    const eq = word.indexOf('=');
    const name = word.startsWith('--') && eq > 0 ? word.slice(0, eq) : word;
    const valueOption = VALUE_OPTIONS[name];
    if (valueOption) {
      const value = name !== word ? word.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new UsageError(`${name} needs a value`);
      parsed.values.set(valueOption, [...(parsed.values.get(valueOption) ?? []), value]);
      continue;
    }
    const flag = FLAG_OPTIONS[word];
    if (!flag) throw new UsageError(`unknown option ${word}`);
    parsed.flags.add(flag);
  }
  return parsed;
}

/** The last value of an option (a later one overrides an earlier one, as in kubectl). */
export function optionValue(args: ParsedArguments, name: string): string | undefined {
  const values = args.values.get(name);
  return values ? values[values.length - 1] : undefined;
}

export type OutputFormat = 'table' | 'json';

export function outputFormat(args: ParsedArguments): OutputFormat {
  const value = optionValue(args, 'output') ?? 'table';
  if (value !== 'table' && value !== 'json') throw new UsageError(`-o must be table or json, not ${value}`);
  return value;
}
