/**
 * `config get-contexts|current-context|use-context <name>|set-context <name> --url ...
 * [--username u --password p] [--ca-file ca.pem] [--insecure]|delete-context <name>`.
 */
import { optionValue } from './arguments.js';
import type { ParsedArguments } from './arguments.js';
import { readContexts, writeContexts, type Context } from './contexts.js';
import { table, type Output } from './output.js';
import { UsageError } from './usage-error.js';

export async function configCommand(words: string[], args: ParsedArguments, path: string): Promise<Output> {
  const [action, name] = words;
  const file = await readContexts(path);
  const named = () => {
    if (name === undefined) throw new UsageError(`config ${action} needs a context name`);
    return name;
  };
  switch (action) {
    case 'get-contexts': {
      const names = Object.keys(file.contexts).sort();
      // Passwords stay in the file.
      const json = names.map((n) => ({ name: n, current: n === file.currentContext, url: file.contexts[n]!.url, username: file.contexts[n]!.username ?? null }));
      const rows = json.map((c) => [c.current ? '*' : '', c.name, c.url, c.username ?? '']);
      return { json, text: table(['CURRENT', 'NAME', 'URL', 'USERNAME'], rows) };
    }
    case 'current-context':
      return { json: { currentContext: file.currentContext ?? null }, text: file.currentContext ?? '(none)' };
    case 'use-context': {
      const n = named();
      if (!file.contexts[n]) throw new UsageError(`no context named ${n}`);
      await writeContexts(path, { ...file, currentContext: n });
      return { json: { currentContext: n }, text: `switched to context ${n}` };
    }
    case 'set-context': {
      const n = named();
      const url = optionValue(args, 'url') ?? file.contexts[n]?.url;
      if (!url) throw new UsageError('set-context needs --url for a new context');
      const context: Context = { ...file.contexts[n], url };
      for (const [option, key] of [['username', 'username'], ['password', 'password'], ['ca-file', 'caFile']] as const) {
        const value = optionValue(args, option);
        if (value !== undefined) context[key] = value;
      }
      if (args.flags.has('insecure')) context.insecure = true;
      await writeContexts(path, { ...file, contexts: { ...file.contexts, [n]: context }, currentContext: file.currentContext ?? n });
      return { json: { name: n, url }, text: `context ${n} set` };
    }
    case 'delete-context': {
      const n = named();
      const { [n]: _removed, ...rest } = file.contexts;
      const current = file.currentContext === n ? undefined : file.currentContext;
      await writeContexts(path, { contexts: rest, ...(current === undefined ? {} : { currentContext: current }) });
      return { json: { deleted: n }, text: `context ${n} deleted` };
    }
    default:
      throw new UsageError('config get-contexts|current-context|use-context|set-context|delete-context');
  }
}
