/**
 * `connection.url` as Confluent's connectors take it, parsed into what our Node drivers need.
 *
 * Accepted forms:
 * - `jdbc:postgresql://[user[:password]@]host[:port][,host2...]/database[?key=value&...]`, or
 *   `jdbc:postgresql:database` (localhost:5432); only the first host is used.
 * - `jdbc:mysql://...` and `jdbc:mariadb://...`, the same shape (default port 3306).
 * - `jdbc:sqlite:<path>`, `jdbc:sqlite:file:<path>`, `jdbc:sqlite::memory:` (or `jdbc:sqlite:`).
 * - ODBC: `jdbc:odbc:<connection string>`, `jdbc:odbc:<DSN name>`, or a bare connection string
 *   that names a `Driver=`, `DSN=` or `FileDSN=` (`Driver={PostgreSQL Unicode};Server=...`).
 *
 * `product` says which database is behind the URL, for picking a dialect: the subprotocol for
 * JDBC URLs, and for ODBC a guess from the Driver name (or null when nothing can be told).
 */
import { ConfigException } from '@tsconnect/api';
import { odbcAttribute, parseOdbcConnectionString, type OdbcAttributes } from './odbc-connection-string.js';

export type DriverKind = 'postgresql' | 'mysql' | 'sqlite' | 'odbc';

export type DatabaseProduct = 'postgresql' | 'mysql' | 'mariadb' | 'sqlite' | 'vertica' | 'vector';

export interface ConnectionUrl {
  /** The URL as given. */
  readonly url: string;
  /** The Node driver that serves it. */
  readonly driver: DriverKind;
  readonly product: DatabaseProduct | null;
  readonly host: string | null;
  readonly port: number | null;
  /** The database name; for SQLite the file path or `:memory:`. */
  readonly database: string | null;
  readonly user: string | null;
  readonly password: string | null;
  /** JDBC URL query parameters (`?ssl=true&currentSchema=x`), decoded. Empty for ODBC. */
  readonly properties: Readonly<Record<string, string>>;
  /** The ODBC connection string's attributes, in order; null for JDBC URLs. */
  readonly odbcAttributes: OdbcAttributes | null;
}

const DEFAULT_PORTS: Record<string, number> = { postgresql: 5432, mysql: 3306, mariadb: 3306 };

/** The URL with any password replaced by `****`, for messages and logs. */
export function redactConnectionUrl(url: string): string {
  return url
    .replace(/((?:^|;)\s*(?:pwd|password)\s*=\s*)(\{(?:[^}]|\}\})*\}|[^;]*)/gi, '$1****')
    .replace(/([?&]password=)[^&]*/gi, '$1****')
    .replace(/(\/\/[^/:@?]*:)[^@/?]*@/, '$1****@');
}

function invalid(url: string, why: string): ConfigException {
  return new ConfigException(`Invalid connection.url ${redactConnectionUrl(url)}: ${why}`);
}

function decode(url: string, text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw invalid(url, `bad percent-encoding in "${text}"`);
  }
}

function parseQuery(url: string, query: string): Record<string, string> {
  const properties: Record<string, string> = {};
  for (const pair of query.split(/[&;]/)) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = decode(url, eq < 0 ? pair : pair.slice(0, eq));
    properties[key] = eq < 0 ? '' : decode(url, pair.slice(eq + 1));
  }
  return properties;
}

function productFromOdbcDriver(name: string | undefined): DatabaseProduct | null {
  if (!name) return null;
  const n = name.toLowerCase();
  if (n.includes('postgres') || n.includes('psqlodbc')) return 'postgresql';
  if (n.includes('mariadb') || n.includes('maodbc')) return 'mariadb';
  if (n.includes('mysql') || n.includes('myodbc')) return 'mysql';
  if (n.includes('sqlite')) return 'sqlite';
  if (n.includes('vertica')) return 'vertica';
  if (n.includes('vector') || n.includes('ingres') || n.includes('actian')) return 'vector';
  return null;
}

function parseOdbc(url: string, text: string): ConnectionUrl {
  let attributes: OdbcAttributes;
  try {
    attributes = text.includes('=') ? parseOdbcConnectionString(text) : [['DSN', text.trim()]];
  } catch (err) {
    throw invalid(url, (err as Error).message);
  }
  if (attributes.length === 0) throw invalid(url, 'the ODBC connection string is empty');
  const port = odbcAttribute(attributes, 'Port');
  return {
    url,
    driver: 'odbc',
    product: productFromOdbcDriver(odbcAttribute(attributes, 'Driver')),
    host: odbcAttribute(attributes, 'Server') ?? odbcAttribute(attributes, 'Servername') ?? null,
    port: port !== undefined && /^\d+$/.test(port) ? Number(port) : null,
    database: odbcAttribute(attributes, 'Database') ?? null,
    user: odbcAttribute(attributes, 'UID') ?? odbcAttribute(attributes, 'User') ?? null,
    password: odbcAttribute(attributes, 'PWD') ?? odbcAttribute(attributes, 'Password') ?? null,
    properties: {},
    odbcAttributes: attributes,
  };
}

function parseSqlite(url: string, rest: string): ConnectionUrl {
  const q = rest.indexOf('?');
  let path = q < 0 ? rest : rest.slice(0, q);
  const properties = q < 0 ? {} : parseQuery(url, rest.slice(q + 1));
  if (path.startsWith('file:')) path = path.slice('file:'.length).replace(/^\/\/(?=\/)/, '');
  if (path === '' || path === ':memory:' || path === 'memory:') path = ':memory:';
  return {
    url, driver: 'sqlite', product: 'sqlite', host: null, port: null, database: path,
    user: null, password: null, properties, odbcAttributes: null,
  };
}

function parseHierarchical(url: string, product: 'postgresql' | 'mysql' | 'mariadb', rest: string): ConnectionUrl {
  const q = rest.indexOf('?');
  const properties = q < 0 ? {} : parseQuery(url, rest.slice(q + 1));
  const beforeQuery = q < 0 ? rest : rest.slice(0, q);
  let host: string | null = 'localhost';
  let port = DEFAULT_PORTS[product]!;
  let user: string | null = null;
  let password: string | null = null;
  let database: string | null;
  if (beforeQuery.startsWith('//')) {
    const slash = beforeQuery.indexOf('/', 2);
    let authority = slash < 0 ? beforeQuery.slice(2) : beforeQuery.slice(2, slash);
    database = slash < 0 ? null : decode(url, beforeQuery.slice(slash + 1)) || null;
    const at = authority.lastIndexOf('@');
    if (at >= 0) {
      const userInfo = authority.slice(0, at);
      authority = authority.slice(at + 1);
      const colon = userInfo.indexOf(':');
      user = decode(url, colon < 0 ? userInfo : userInfo.slice(0, colon));
      password = colon < 0 ? null : decode(url, userInfo.slice(colon + 1));
    }
    const first = authority.split(',')[0]!;
    const m = /^(\[[^\]]+\]|[^:]*)(?::(\d*))?$/.exec(first);
    if (!m) throw invalid(url, `cannot read the host and port "${first}"`);
    host = m[1]!.replace(/^\[|\]$/g, '') || 'localhost';
    if (m[2]) port = Number(m[2]);
  } else {
    if (product !== 'postgresql') throw invalid(url, `expected jdbc:${product}://host[:port]/database`);
    database = decode(url, beforeQuery.replace(/^\//, '')) || null;
  }
  return {
    url,
    driver: product === 'postgresql' ? 'postgresql' : 'mysql',
    product,
    host,
    port,
    database,
    user: properties.user ?? user,
    password: properties.password ?? password,
    properties,
    odbcAttributes: null,
  };
}

export function parseConnectionUrl(url: string): ConnectionUrl {
  const text = url.trim();
  const m = /^jdbc:([a-zA-Z0-9]+):(.*)$/s.exec(text);
  if (!m) {
    if (/(^|;)\s*(driver|dsn|filedsn)\s*=/i.test(text)) return parseOdbc(url, text);
    throw invalid(url, 'expected a JDBC URL (jdbc:postgresql://, jdbc:mysql://, jdbc:mariadb://, jdbc:sqlite:, ' +
      'jdbc:odbc:) or an ODBC connection string naming a Driver or DSN');
  }
  const subprotocol = m[1]!.toLowerCase();
  const rest = m[2]!;
  switch (subprotocol) {
    case 'postgresql':
    case 'mysql':
    case 'mariadb':
      return parseHierarchical(url, subprotocol, rest);
    case 'sqlite':
      return parseSqlite(url, rest);
    case 'odbc':
      return parseOdbc(url, rest);
    default:
      throw invalid(url, `there is no Node driver for jdbc:${subprotocol}; reach the database through ODBC with ` +
        `a connection string such as "Driver={<ODBC driver name>};Server=...;Database=..." and, for ` +
        `Vertica or Actian Vector, dialect.name=VerticaDatabaseDialect or VectorDatabaseDialect`);
  }
}
