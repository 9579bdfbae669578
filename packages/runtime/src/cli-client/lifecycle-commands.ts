/**
 * `pause|resume|stop|delete connector <name>` and `restart connector <name> [--include-tasks]
 * [--only-failed]`, `restart task <name> <id>`: one REST call each.
 */
import { resource, word, type Command, type CommandInput } from './command.js';
import { connectorPath } from './connect-entities.js';
import type { Output } from './output.js';
import { UsageError } from './usage-error.js';

function connectorName(input: CommandInput, verb: string): string {
  if (resource(input) !== 'connector') throw new UsageError(`${verb} what? connector, not ${input.words[0]}`);
  return word(input, 1, 'connector name');
}

function simple(verb: string, method: string, suffix: string, done: string): Command {
  return async (input) => {
    const name = connectorName(input, verb);
    await input.api.expect(method, `${connectorPath(name)}${suffix}`);
    return { json: { name, action: done }, text: `connector/${name} ${done}` };
  };
}

export const pauseCommand = simple('pause', 'PUT', '/pause', 'paused');
export const resumeCommand = simple('resume', 'PUT', '/resume', 'resumed');
export const stopCommand = simple('stop', 'PUT', '/stop', 'stopped');
export const deleteCommand = simple('delete', 'DELETE', '', 'deleted');

export async function restartCommand(input: CommandInput): Promise<Output> {
  if (resource(input) === 'task') {
    const name = word(input, 1, 'connector name');
    const task = word(input, 2, 'task id');
    await input.api.expect('POST', `${connectorPath(name)}/tasks/${encodeURIComponent(task)}/restart`);
    return { json: { name, task: Number(task), action: 'restarted' }, text: `task/${name}-${task} restarted` };
  }
  const name = connectorName(input, 'restart');
  const includeTasks = input.args.flags.has('include-tasks');
  const onlyFailed = input.args.flags.has('only-failed');
  // 202 carries the status with the instances being restarted; 204 means the connector alone was.
  const body = await input.api.expect('POST', `${connectorPath(name)}/restart?includeTasks=${includeTasks}&onlyFailed=${onlyFailed}`);
  return { json: { name, action: 'restarted', status: body }, text: `connector/${name} restarted` };
}
