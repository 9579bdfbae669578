/**
 * The CLI as a function of its arguments and environment, so tests run it without a process:
 * it writes to the given streams and returns the exit code (0 done, 1 refused by the worker or
 * an invalid config, 2 a command line it cannot act on).
 */
import { optionValue, outputFormat, parseArguments } from './arguments.js';
import type { Command } from './command.js';
import { applyCommand, InvalidConfigError, patchCommand } from './apply-command.js';
import { configCommand } from './config-command.js';
import { ConnectApi, RestCallError } from './connect-api.js';
import { contextsPath, readContexts, selectContext } from './contexts.js';
import { describeCommand } from './describe-command.js';
import { getCommand } from './get-command.js';
import { deleteCommand, pauseCommand, restartCommand, resumeCommand, stopCommand } from './lifecycle-commands.js';
import { logsCommand } from './logs-command.js';
import { offsetsCommand } from './offsets-command.js';
import { render } from './output.js';
import { USAGE } from './usage.js';
import { UsageError } from './usage-error.js';

const COMMANDS: Record<string, Command> = {
  get: getCommand,
  describe: describeCommand,
  apply: applyCommand,
  patch: patchCommand,
  pause: pauseCommand,
  resume: resumeCommand,
  stop: stopCommand,
  restart: restartCommand,
  delete: deleteCommand,
  offsets: offsetsCommand,
  logs: logsCommand,
};

export interface Streams {
  out: (text: string) => void;
  err: (text: string) => void;
}

export async function runTsconnect(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, streams: Streams): Promise<number> {
  try {
    const args = parseArguments(argv);
    const [name, ...words] = args.positionals;
    if (name === undefined || args.flags.has('help')) {
      streams.out(USAGE);
      return name === undefined && !args.flags.has('help') ? 2 : 0;
    }
    const format = outputFormat(args);
    const path = contextsPath(env);
    if (name === 'config') {
      streams.out(render(await configCommand(words, args, path), format));
      return 0;
    }
    const command = COMMANDS[name];
    if (!command) throw new UsageError(`unknown command ${name}`);
    const context = selectContext(await readContexts(path), optionValue(args, 'context'), optionValue(args, 'url'));
    streams.out(render(await command({ api: new ConnectApi(context), args, words }), format));
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      streams.err(`error: ${e.message}\n(tsconnect --help lists the commands)`);
      return 2;
    }
    if (e instanceof RestCallError) streams.err(`error: ${e.message} (HTTP ${e.status})`);
    else if (e instanceof InvalidConfigError) streams.err(e.message);
    else streams.err(`error: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}
