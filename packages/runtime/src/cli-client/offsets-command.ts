/**
 * `offsets reset <connector>` and `offsets alter <connector> -f offsets.json` (the body of
 * PATCH /connectors/{c}/offsets). Kafka accepts both only while the connector is STOPPED.
 */
import { readFile } from 'node:fs/promises';
import { optionValue } from './arguments.js';
import { word, type CommandInput } from './command.js';
import { connectorPath } from './connect-entities.js';
import type { Output } from './output.js';
import { UsageError } from './usage-error.js';

export async function offsetsCommand(input: CommandInput): Promise<Output> {
  const action = word(input, 0, 'reset or alter');
  const name = word(input, 1, 'connector name');
  let answer: { message?: string } | null;
  if (action === 'reset') {
    answer = await input.api.expect('DELETE', `${connectorPath(name)}/offsets`);
  } else if (action === 'alter') {
    const file = optionValue(input.args, 'file');
    if (!file) throw new UsageError('offsets alter needs -f <offsets.json>');
    answer = await input.api.expect('PATCH', `${connectorPath(name)}/offsets`, JSON.parse(await readFile(file, 'utf8')));
  } else {
    throw new UsageError(`offsets ${action}? reset or alter`);
  }
  return { json: answer, text: answer?.message ?? `connector/${name} offsets ${action === 'reset' ? 'reset' : 'altered'}` };
}
