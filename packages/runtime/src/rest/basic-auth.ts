/**
 * HTTP basic authentication of the REST API, as Kafka's BasicAuthSecurityRestExtension with its
 * PropertyFileLoginModule: users and passwords come from a properties file (`user=password`), every
 * request must carry `Authorization: Basic ...` with one of them, or gets 401 with the extension's
 * text. POST /connectors/<name>/tasks is exempt: workers send it to each other, and Kafka leaves
 * it to the inter-worker signature. An empty credentials file lets every request in (as Kafka).
 *
 * Where the file is named: our worker key `rest.basic.auth.credentials.file`, or, for the Kafka
 * shape (`rest.extension.classes=...BasicAuthSecurityRestExtension`), the `file` option of the
 * `KafkaConnect` entry of the JAAS file that `-Djava.security.auth.login.config=<path>` names in
 * KAFKA_OPTS, or `rest.basic.auth.jaas.config.file` when set.
 */
import { timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { RequestHandler } from 'express';
import { ConfigException } from '@tsconnect/api';
import { parseProperties } from '../config/properties-file.js';

export const BASIC_AUTH_EXTENSION = 'org.apache.kafka.connect.rest.basic.auth.extension.BasicAuthSecurityRestExtension';
const CREDENTIALS_FILE_CONFIG = 'rest.basic.auth.credentials.file';
const JAAS_FILE_CONFIG = 'rest.basic.auth.jaas.config.file';
const UNAUTHORIZED_MESSAGE = 'User cannot access the resource.';
const PROPERTY_FILE_LOGIN_MODULE = 'org.apache.kafka.connect.rest.basic.auth.extension.PropertyFileLoginModule';
const TASK_CONFIGS_REQUEST = /^\/?connectors\/[^/]+\/tasks\/?$/;

/** user -> password. */
export type BasicAuthCredentials = ReadonlyMap<string, string>;

/**
 * The REST users, or null when the worker does not ask for basic authentication.
 * @throws ConfigException when it asks for it and the credentials cannot be found or read.
 */
export function basicAuthCredentials(
  props: Readonly<Record<string, string>>,
  env: Readonly<Record<string, string | undefined>> = process.env,
): BasicAuthCredentials | null {
  const file = props[CREDENTIALS_FILE_CONFIG];
  if (file) return readCredentials(file, CREDENTIALS_FILE_CONFIG);
  const extensions = (props['rest.extension.classes'] ?? '').split(',').map((s) => s.trim());
  if (!extensions.includes(BASIC_AUTH_EXTENSION)) return null;
  const jaasFile = props[JAAS_FILE_CONFIG] || jaasFileFromJavaOptions(env['KAFKA_OPTS'] ?? '');
  if (!jaasFile) {
    throw new ConfigException(
      'rest.extension.classes',
      BASIC_AUTH_EXTENSION,
      `needs its credentials: set ${CREDENTIALS_FILE_CONFIG}=<user=password properties file>, or ${JAAS_FILE_CONFIG} ` +
        '(or -Djava.security.auth.login.config in KAFKA_OPTS) to a JAAS file with a KafkaConnect entry for PropertyFileLoginModule',
    );
  }
  return readCredentials(credentialsFileOfJaas(jaasFile), JAAS_FILE_CONFIG);
}

function jaasFileFromJavaOptions(options: string): string | null {
  const match = /-Djava\.security\.auth\.login\.config=("([^"]*)"|(\S+))/.exec(options);
  return match ? (match[2] ?? match[3]!) : null;
}

/** The `file` option of the KafkaConnect entry's PropertyFileLoginModule in a JAAS file. */
function credentialsFileOfJaas(jaasFile: string): string {
  const text = readText(jaasFile, JAAS_FILE_CONFIG).replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
  const entry = /KafkaConnect\s*\{([\s\S]*?)\}\s*;/.exec(text);
  const module = entry && new RegExp(`${PROPERTY_FILE_LOGIN_MODULE.replace(/\./g, '\\.')}\\s+\\w+([^;]*);`).exec(entry[1]!);
  const file = module && /\bfile\s*=\s*(?:"([^"]*)"|([^\s;]+))/.exec(module[1]!);
  if (!file) {
    throw new ConfigException(
      JAAS_FILE_CONFIG,
      jaasFile,
      `has no KafkaConnect { ${PROPERTY_FILE_LOGIN_MODULE} required file="<credentials file>"; }; entry`,
    );
  }
  return file[1] ?? file[2]!;
}

function readText(file: string, key: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigException(key, file, `cannot be read: ${(e as Error).message}`);
  }
}

function readCredentials(file: string, key: string): BasicAuthCredentials {
  return new Map(Object.entries(parseProperties(readText(file, key))));
}

/** The user an `Authorization` header names when its password matches, else null. */
export function authenticatedUser(header: string | undefined, credentials: BasicAuthCredentials): string | null {
  if (header === undefined) return null;
  const space = header.indexOf(' ');
  if (space <= 0 || header.slice(0, space).toLowerCase() !== 'basic') return null;
  const decoded = Buffer.from(header.slice(space + 1).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return null;
  const user = decoded.slice(0, colon);
  const expected = credentials.get(user);
  if (expected === undefined) return null;
  const given = Buffer.from(decoded.slice(colon + 1));
  const wanted = Buffer.from(expected);
  return given.length === wanted.length && timingSafeEqual(given, wanted) ? user : null;
}

/** The express middleware that guards every endpoint. */
export function basicAuthentication(credentials: BasicAuthCredentials): RequestHandler {
  return (req, res, next) => {
    const internal = req.method === 'POST' && TASK_CONFIGS_REQUEST.test(req.path);
    if (internal || credentials.size === 0 || authenticatedUser(req.get('authorization'), credentials) !== null) {
      next();
      return;
    }
    res.status(401).type('text/plain').send(UNAUTHORIZED_MESSAGE);
  };
}
