/**
 * The worker's REST server (Kafka's ConnectRestServer): one express app per listener group, on
 * the `listeners` (default `http://:8083`) and, when `admin.listeners` is set, the admin
 * endpoints on those instead (an empty list disables them).
 *
 * The advertised URL (the worker id's source and the URL other workers forward to) is built as
 * Kafka builds it: `rest.advertised.listener` or the listener's protocol, `rest.advertised.host.name`
 * or the listener's host or else this machine's address, `rest.advertised.port` or the bound port,
 * with a trailing slash.
 *
 * Security (docs/security.md): https listeners with the `listeners.https.ssl.*` stores, and HTTP
 * basic authentication in front of every endpoint when the worker names credentials.
 */
import { promises as dns } from 'node:dns';
import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import express, { type Express } from 'express';
import { ConfigException } from '@tsconnect/api';
import type { Herder } from '../herder/herder.js';
import { connectorPluginsResource } from './connector-plugins-resource.js';
import { connectorsResource } from './connectors-resource.js';
import { consoleResource } from './console-resource.js';
import type { RestContext } from './herder-request.js';
import { loggersResource } from './loggers-resource.js';
import { connectMetrics, type ConnectMetrics } from '../metrics/connect-metrics.js';
import { metricsResource } from './metrics-resource.js';
import { basicAuthCredentials, basicAuthentication, type BasicAuthCredentials } from './basic-auth.js';
import { RestClient } from './rest-client.js';
import { errorHandler, notFound } from './rest-errors.js';
import { httpsServerOptions, restTls, type RestTls } from './rest-tls.js';
import { rootResource } from './root-resource.js';

const DEFAULT_REST_REQUEST_TIMEOUT_MS = 90_000;
const DEFAULT_HEALTH_CHECK_TIMEOUT_MS = 10_000;
const GRACEFUL_SHUTDOWN_TIMEOUT_MS = 60_000;
/**
 * Jetty's idle timeout: clients that reuse connections (Kafka's own RestClient, HTTP pools) expect
 * an idle socket to stay open this long; Node's default of 5 s closed it under them.
 */
const IDLE_KEEP_ALIVE_TIMEOUT_MS = 30_000;
const MAX_BODY_BYTES = 64 * 1024 * 1024;

export interface RestServerOptions {
  herder: Herder;
  /** `listeners`: `http://host:port`, host empty for every interface, port 0 for any free port. */
  listeners?: readonly string[];
  /** `admin.listeners`: undefined/null serves /admin on `listeners`; [] disables it. */
  adminListeners?: readonly string[] | null;
  /** `rest.advertised.listener` (protocol). */
  advertisedListener?: string | null;
  /** `rest.advertised.host.name` */
  advertisedHostName?: string | null;
  /** `rest.advertised.port` */
  advertisedPort?: number | null;
  /** `topic.tracking.enable`, default true. */
  topicTrackingEnabled?: boolean;
  /** `topic.tracking.allow.reset`, default true. */
  topicTrackingResetAllowed?: boolean;
  /** Default 90 s (Kafka's DEFAULT_REST_REQUEST_TIMEOUT_MS). */
  requestTimeoutMs?: number;
  /** Default 10 s (Kafka's DEFAULT_HEALTH_CHECK_TIMEOUT_MS). */
  healthCheckTimeoutMs?: number;
  /** TLS of https listeners and of forwarding to https URLs (restTls); needed for an https listener. */
  tls?: RestTls | null;
  /** The users of HTTP basic authentication on every endpoint; null or absent: no authentication. */
  basicAuth?: BasicAuthCredentials | null;
  /** What GET /metrics serves; the process-wide registry by default. */
  metrics?: ConnectMetrics;
  /** `rest.console.enable`: the operator console at /ui; default true. */
  consoleEnabled?: boolean;
}

/**
 * The security part of the REST server's options, from the worker's properties (as strings):
 * `listeners.https.ssl.*` (or `ssl.*`) and the basic authentication credentials.
 * @throws ConfigException when a store or the credentials cannot be read.
 */
export function restServerSecurity(
  props: Readonly<Record<string, string>>,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Pick<RestServerOptions, 'tls' | 'basicAuth'> {
  // Kafka builds the TLS context only for https; the worker's ssl.* may be JKS settings meant for nothing else.
  const https = [props['listeners'], props['admin.listeners'], props['rest.advertised.listener']].some((v) => /https/i.test(v ?? ''));
  return { tls: https ? restTls(props) : null, basicAuth: basicAuthCredentials(props, env) };
}

export interface RestServer {
  start(): Promise<void>;
  /** Stops accepting requests; running ones get up to 60 s to finish. */
  stop(): Promise<void>;
  /** `<scheme>://<host>:<port>/`; available after start(). */
  advertisedUrl(): string;
  /** The bound `<protocol>://host:port` of each listener, in order (admin listeners last). */
  listenerUrls(): string[];
}

interface Listener {
  protocol: string;
  /** '' for every interface. */
  host: string;
  port: number;
}

export function parseListener(listener: string): Listener {
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(\[[^\]]*\]|[^:/]*):(\d+)\/?$/.exec(listener.trim());
  if (!match) throw new ConfigException("Listener doesn't have the right format (protocol://hostname:port).");
  const protocol = match[1]!.toLowerCase();
  if (protocol !== 'http' && protocol !== 'https') {
    throw new ConfigException(`Unsupported protocol (${protocol}) in listener (${listener}): use http or https.`);
  }
  const host = match[2]!.replace(/^\[(.*)\]$/, '$1');
  return { protocol, host, port: Number(match[3]) };
}

/**
 * The express app for one listener group; `api` = every resource but /admin (GET /metrics
 * included), `admin` = /admin/loggers.
 */
function createRestApp(
  ctx: RestContext,
  serve: { api: boolean; admin: boolean },
  basicAuth: BasicAuthCredentials | null = null,
  metrics: ConnectMetrics = connectMetrics,
  consoleEnabled = false,
): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('case sensitive routing', true);
  if (basicAuth) app.use(basicAuthentication(basicAuth));
  app.use(express.raw({ type: () => true, limit: MAX_BODY_BYTES }));
  if (serve.api) {
    app.use('/', rootResource(ctx));
    app.use('/connectors', connectorsResource(ctx));
    app.use('/connector-plugins', connectorPluginsResource(ctx));
    app.use('/metrics', metricsResource(metrics));
    if (consoleEnabled) app.use('/ui', consoleResource());
  }
  if (serve.admin) app.use('/admin/loggers', loggersResource(ctx));
  app.use(notFound);
  app.use(errorHandler);
  return app;
}

export function createRestServer(options: RestServerOptions): RestServer {
  const requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REST_REQUEST_TIMEOUT_MS;
  const ctx: RestContext = {
    herder: options.herder,
    restClient: new RestClient({ timeoutMs: requestTimeoutMs, tls: options.tls?.client ?? null }),
    requestTimeoutMs,
    healthCheckTimeoutMs: options.healthCheckTimeoutMs ?? DEFAULT_HEALTH_CHECK_TIMEOUT_MS,
    topicTrackingEnabled: options.topicTrackingEnabled ?? true,
    topicTrackingResetAllowed: options.topicTrackingResetAllowed ?? true,
  };
  const listeners = (options.listeners ?? ['http://:8083']).map(parseListener);
  if (listeners.length === 0) throw new ConfigException('listeners must contain at least one listener');
  const adminListeners = options.adminListeners == null ? null : options.adminListeners.map(parseListener);

  const servers: { server: Server; listener: Listener }[] = [];
  let advertised: string | null = null;

  async function listen(app: Express, listener: Listener): Promise<void> {
    const server = listener.protocol === 'https' ? createHttpsServer(httpsServerOptions(options.tls), app) : createServer(app);
    server.keepAliveTimeout = IDLE_KEEP_ALIVE_TIMEOUT_MS;
    // Node wants the header timeout above the keep-alive one, or a reused socket can time out mid-request.
    server.headersTimeout = Math.max(server.headersTimeout, IDLE_KEEP_ALIVE_TIMEOUT_MS + 1_000);
    servers.push({ server, listener });
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
      server.listen({ port: listener.port, host: listener.host === '' ? undefined : listener.host });
    });
  }

  function boundPort(server: Server): number {
    return (server.address() as AddressInfo).port;
  }

  return {
    async start() {
      try {
        const basicAuth = options.basicAuth ?? null;
        const mainApp = createRestApp(
          ctx, { api: true, admin: adminListeners === null }, basicAuth, options.metrics, options.consoleEnabled ?? true,
        );
        for (const listener of listeners) await listen(mainApp, listener);
        if (adminListeners !== null && adminListeners.length > 0) {
          const adminApp = createRestApp(ctx, { api: false, admin: true }, basicAuth);
          for (const listener of adminListeners) await listen(adminApp, listener);
        }
      } catch (e) {
        await this.stop();
        throw e;
      }
      const first = servers[0]!;
      const protocol = options.advertisedListener?.toLowerCase() || first.listener.protocol;
      const host = options.advertisedHostName || first.listener.host || (await localAddress());
      const port = options.advertisedPort ?? boundPort(first.server);
      advertised = `${protocol}://${host.includes(':') ? `[${host}]` : host}:${port}/`;
    },

    async stop() {
      const closing = servers.splice(0).map(
        ({ server }) =>
          new Promise<void>((resolve) => {
            const force = setTimeout(() => server.closeAllConnections(), GRACEFUL_SHUTDOWN_TIMEOUT_MS);
            force.unref();
            server.close(() => {
              clearTimeout(force);
              resolve();
            });
            server.closeIdleConnections();
          }),
      );
      await Promise.all(closing);
    },

    advertisedUrl() {
      if (advertised === null) throw new Error('The REST server has not been started');
      return advertised;
    },

    listenerUrls() {
      return servers.map(({ server, listener }) => `${listener.protocol}://${listener.host || 'localhost'}:${boundPort(server)}`);
    },
  };
}

/** This machine's address, as Java's InetAddress.getLocalHost().getHostAddress(). */
async function localAddress(): Promise<string> {
  try {
    return (await dns.lookup(hostname(), { family: 4 })).address;
  } catch {
    return '127.0.0.1';
  }
}
