/**
 * Java-style client properties translated to @platformatic/kafka options, which our admin client
 * uses (librdkafka's admin API lacks describe-configs, altering and deleting group offsets and the
 * cluster id) and the worker-group connection too. Security comes from client-security.ts, as for
 * the librdkafka clients, so every client of a worker reads the same settings the same way.
 */
import type { ConnectionOptions as TlsOptions } from 'node:tls';
import type { AdminOptions, ConnectionOptions } from '@platformatic/kafka';
import type { ClientProperties } from './client-config.js';
import { clientSecurity, type TlsMaterial } from './client-security.js';

export function toAdminOptions(props: ClientProperties, defaultClientId: string): AdminOptions {
  const options: AdminOptions = {
    clientId: props['client.id'] || defaultClientId,
    bootstrapBrokers: (props['bootstrap.servers'] ?? 'localhost:9092')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
    retries: 3,
    ...platformaticSecurity(props),
  };
  if (props['request.timeout.ms'] !== undefined) options.requestTimeout = Number(props['request.timeout.ms']);
  return options;
}

/**
 * The TLS and SASL connection options of a @platformatic/kafka client (admin or group member)
 * from Java-style security settings.
 * @throws ConfigException naming a setting that cannot be honoured.
 */
export function platformaticSecurity(props: ClientProperties): Pick<ConnectionOptions, 'tls' | 'sasl'> {
  const security = clientSecurity(props);
  const options: Pick<ConnectionOptions, 'tls' | 'sasl'> = {};
  if (security.tls) options.tls = nodeTlsOptions(security.tls);
  if (security.sasl) options.sasl = { ...security.sasl };
  return options;
}

/** Node's TLS socket options for the material. */
export function nodeTlsOptions(material: TlsMaterial): TlsOptions {
  const tls: TlsOptions = {};
  if (material.ca !== undefined) tls.ca = material.ca;
  if (material.certificateChain !== undefined) tls.cert = material.certificateChain;
  if (material.privateKey !== undefined) tls.key = material.privateKey;
  if (material.keyPassword !== undefined) tls.passphrase = material.keyPassword;
  if (!material.verifyHostname) tls.checkServerIdentity = () => undefined;
  return tls;
}
