import type { ConfigValue } from './config-value.js';

/** What `Connector.validate` returns: the validation result of each key. */
export class Config {
  constructor(readonly configValues: ConfigValue[]) {}
}
