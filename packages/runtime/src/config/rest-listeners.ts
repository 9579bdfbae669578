/**
 * The REST listeners (`listeners`, `admin.listeners`) and the URL a worker advertises to the
 * others, as Kafka's RestServer derives them. The worker id is `host:port` of that URL.
 */
import { hostname } from 'node:os';
import { ConfigException } from '@tsconnect/api';

export interface RestListener {
  /** "http" or "https", lower-cased. */
  protocol: 'http' | 'https';
  /** Empty for "all interfaces" (`http://:8083`); IPv6 addresses without brackets. */
  host: string;
  port: number;
}

// Kafka's RestServer.LISTENER_PATTERN.
const LISTENER = /^(.*):\/\/\[?([0-9a-zA-Z\-%._:]*)\]?:(-?[0-9]+)$/;

/** @throws ConfigException naming `key` for a listener Kafka would refuse. */
export function parseRestListener(listener: string, key: string): RestListener {
  const match = LISTENER.exec(listener);
  if (!match) {
    throw new ConfigException(key, listener, "Listener doesn't have the right format (protocol://hostname:port).");
  }
  const protocol = match[1]!.toLowerCase();
  if (protocol !== 'http' && protocol !== 'https') {
    throw new ConfigException(key, listener, 'Listener protocol must be either "http" or "https".');
  }
  return { protocol, host: match[2]!, port: Number(match[3]) };
}

export function parseRestListeners(listeners: readonly string[], key: string): RestListener[] {
  return listeners.map((listener) => parseRestListener(listener, key));
}

interface AdvertisedUrlSettings {
  listeners: readonly RestListener[];
  /** `rest.advertised.listener` */
  advertisedListener: string | null;
  /** `rest.advertised.host.name` */
  advertisedHostName: string | null;
  /** `rest.advertised.port` */
  advertisedPort: number | null;
  /** The port the server actually bound, for a listener on port 0. */
  boundPort?: number;
  /** This machine's address, for a listener without host; defaults to os.hostname(). */
  localHost?: string;
}

function formatHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * The URL other workers reach this one at, `<scheme>://<host>:<port>/`: the scheme from
 * rest.advertised.listener, else http when an http listener exists (https otherwise); the host
 * from rest.advertised.host.name, else that listener's host, else this machine's name; the port
 * from rest.advertised.port, else the listener's (or the bound) port.
 */
export function advertisedUrl(settings: AdvertisedUrlSettings): string {
  const protocol = settings.advertisedListener
    ? settings.advertisedListener.toLowerCase()
    : settings.listeners.some((l) => l.protocol === 'http') || settings.listeners.length === 0
      ? 'http'
      : 'https';
  const listener = settings.listeners.find((l) => l.protocol === protocol) ?? null;
  const host = settings.advertisedHostName || listener?.host || settings.localHost || hostname();
  let port = settings.advertisedPort;
  if (port === null && listener && listener.port > 0) port = listener.port;
  if (port === null) port = settings.boundPort ?? null;
  if (port === null) throw new ConfigException(`No port known for the advertised ${protocol} listener`);
  return `${protocol}://${formatHost(host)}:${port}/`;
}

/** The worker id: `host:port` of the advertised URL. */
export function workerIdFromUrl(url: string): string {
  // Not new URL(): it drops a default port (http://h:80/), which Kafka's worker id keeps.
  const match = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/]*):(\d+)\/?/.exec(url);
  if (!match) throw new ConfigException(`Not a worker URL: ${url}`);
  return `${match[1]}:${match[2]}`;
}
