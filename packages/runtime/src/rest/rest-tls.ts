/**
 * TLS for the REST API, as Kafka's RestServer sets it up: an https listener takes its key store,
 * trust store and `ssl.client.auth` from the `listeners.https.ssl.*` settings when any setting
 * has that prefix, else from the worker's own `ssl.*` settings (all or nothing, as Kafka's
 * valuesWithPrefixAllOrNothing). The same settings make the client side that forwards requests to
 * another worker's https listener. Stores are PEM, as for the Kafka clients (client-security.ts).
 */
import type { ServerOptions } from 'node:https';
import type { ConnectionOptions } from 'node:tls';
import { ConfigException } from '@tsconnect/api';
import { tlsMaterial } from '../kafka/client-security.js';
import { nodeTlsOptions } from '../kafka/admin-client-options.js';

const REST_TLS_PREFIX = 'listeners.https.';

export interface RestTls {
  /** Options of an https listener's server. */
  server: ServerOptions;
  /** Options of the client that forwards requests to https listeners. */
  client: ConnectionOptions;
}

/** The `ssl.*` settings the REST server uses, without the `listeners.https.` prefix. */
export function restSslProperties(props: Readonly<Record<string, string>>): Record<string, string> {
  const prefixed = Object.keys(props).some((key) => key.startsWith(REST_TLS_PREFIX));
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(props)) {
    if (prefixed && key.startsWith(REST_TLS_PREFIX)) out[key.slice(REST_TLS_PREFIX.length)] = value;
    else if (!prefixed && key.startsWith('ssl.')) out[key] = value;
  }
  return out;
}

/**
 * The TLS options of https listeners and of request forwarding; null when the worker configures
 * no key store (an https listener then fails to start, saying so).
 * @throws ConfigException for stores that cannot be read or are not PEM.
 */
export function restTls(props: Readonly<Record<string, string>>): RestTls | null {
  const ssl = restSslProperties(props);
  const material = tlsMaterial(ssl);
  const client = nodeTlsOptions(material);
  if (material.privateKey === undefined || material.certificateChain === undefined) {
    return Object.keys(ssl).length === 0 ? null : { server: {}, client };
  }
  const server: ServerOptions = { key: material.privateKey, cert: material.certificateChain };
  if (material.keyPassword !== undefined) server.passphrase = material.keyPassword;
  if (material.ca !== undefined) server.ca = material.ca;
  const clientAuth = (ssl['ssl.client.auth'] ?? 'none').toLowerCase();
  if (!['none', 'requested', 'required'].includes(clientAuth)) {
    throw new ConfigException(`${REST_TLS_PREFIX}ssl.client.auth`, clientAuth, 'must be one of required, requested, none');
  }
  if (clientAuth !== 'none') {
    server.requestCert = true;
    server.rejectUnauthorized = clientAuth === 'required';
  }
  return { server, client };
}

/** The server options of an https listener; refuses to serve https without a key store. */
export function httpsServerOptions(tls: RestTls | null | undefined): ServerOptions {
  if (!tls || tls.server.key === undefined) {
    throw new ConfigException(
      `${REST_TLS_PREFIX}ssl.keystore.location`,
      null,
      'an https listener needs a PEM key store: set listeners.https.ssl.keystore.type=PEM and listeners.https.ssl.keystore.location ' +
        '(or listeners.https.ssl.keystore.key and listeners.https.ssl.keystore.certificate.chain)',
    );
  }
  return tls.server;
}
