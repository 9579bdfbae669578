/** What every command gets: the cluster's REST API and its own words of the command line. */
import type { ParsedArguments } from './arguments.js';
import type { ConnectApi } from './connect-api.js';
import type { Output } from './output.js';
import { UsageError } from './usage-error.js';

export interface CommandInput {
  api: ConnectApi;
  args: ParsedArguments;
  /** The positionals after the command's own name (`get connectors` -> ['connectors']). */
  words: string[];
}

export type Command = (input: CommandInput) => Promise<Output>;

/** The n-th word, or a usage error naming what is missing. */
export function word(input: CommandInput, index: number, what: string): string {
  const value = input.words[index];
  if (value === undefined) throw new UsageError(`missing ${what}`);
  return value;
}

/** `connector` and `connectors` are the same resource, as in kubectl. */
export function resource(input: CommandInput, index = 0): string {
  return word(input, index, 'resource').replace(/s$/, '');
}
