/**
 * `apply -f <file>`: create the connector or replace its config, after the plugin validated it.
 * `patch connector <name> -s key=value -r key`: change some keys and keep the others.
 * Validation errors are printed per key and the command fails, so scripts can stop there.
 */
import { optionValue } from './arguments.js';
import { resource, word, type CommandInput } from './command.js';
import type { ConfigInfos, ConnectorInfo } from './connect-entities.js';
import { connectorPath } from './connect-entities.js';
import { readConnectorConfig } from './connector-config-file.js';
import type { Output } from './output.js';
import { UsageError } from './usage-error.js';

/** The config did not validate; `errors` maps each key to its messages. */
export class InvalidConfigError extends Error {
  override readonly name = 'InvalidConfigError';
  constructor(
    readonly connector: string,
    readonly errors: Record<string, string[]>,
  ) {
    super(validationText(connector, errors));
  }
}

export async function applyCommand(input: CommandInput): Promise<Output> {
  const file = optionValue(input.args, 'file');
  if (!file) throw new UsageError('apply needs -f <config.json|config.properties>');
  const { name, config } = await readConnectorConfig(file, optionValue(input.args, 'name'));
  await validate(input, name, config);
  const answer = await input.api.call('PUT', `${connectorPath(name)}/config`, config);
  if (answer.status !== 200 && answer.status !== 201) {
    throw new Error(String((answer.body as { message?: unknown } | null)?.message ?? `HTTP ${answer.status}`));
  }
  const action = answer.status === 201 ? 'created' : 'configured';
  return { json: { name, action, connector: answer.body }, text: `connector/${name} ${action}` };
}

export async function patchCommand(input: CommandInput): Promise<Output> {
  if (resource(input) !== 'connector') throw new UsageError(`patch what? connector, not ${input.words[0]}`);
  const name = word(input, 1, 'connector name');
  const patch: Record<string, string | null> = {};
  for (const pair of input.args.values.get('set') ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`-s wants key=value, not ${pair}`);
    patch[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  // A null value removes the key (KIP-477).
  for (const key of input.args.values.get('unset') ?? []) patch[key] = null;
  if (Object.keys(patch).length === 0) throw new UsageError('patch needs -s key=value or -r key');
  const current = await input.api.expect<ConnectorInfo>('GET', connectorPath(name));
  const merged = { ...current.config };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete merged[k];
    else merged[k] = v;
  }
  await validate(input, name, merged);
  const info = await input.api.expect<ConnectorInfo>('PATCH', `${connectorPath(name)}/config`, patch);
  return { json: { name, action: 'patched', connector: info }, text: `connector/${name} patched` };
}

async function validate(input: CommandInput, name: string, config: Record<string, string>): Promise<void> {
  const plugin = encodeURIComponent(config['connector.class'] ?? '');
  const result = await input.api.expect<ConfigInfos>('PUT', `/connector-plugins/${plugin}/config/validate`, config);
  if (result.error_count === 0) return;
  const errors: Record<string, string[]> = {};
  for (const { value } of result.configs) if (value.errors.length > 0) errors[value.name] = value.errors;
  throw new InvalidConfigError(name, errors);
}

function validationText(connector: string, errors: Record<string, string[]>): string {
  const lines = Object.keys(errors)
    .sort()
    .flatMap((key) => errors[key]!.map((message) => `  ${key}: ${message}`));
  return `connector/${connector} is not valid:\n${lines.join('\n')}`;
}
