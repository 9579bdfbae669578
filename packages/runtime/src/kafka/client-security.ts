/**
 * The security settings of a Java Kafka client (security.protocol, sasl.*, ssl.*), read once
 * into one shape that each of our clients translates: librdkafka for producers and consumers,
 * @platformatic/kafka for the admin client and the worker-group connection. Whatever a Java
 * client would accept but we cannot honour (GSSAPI, OAUTHBEARER, JKS or PKCS12 stores, a login
 * module that does not match the mechanism) stops start-up with a message saying what to do.
 *
 * TLS material is PEM only, from files (`ssl.truststore.type=PEM` / `ssl.keystore.type=PEM` with
 * the `*.location` keys) or inline (KIP-651: `ssl.truststore.certificates`,
 * `ssl.keystore.certificate.chain`, `ssl.keystore.key`).
 */
import { readFileSync } from 'node:fs';
import { ConfigException } from '@tsconnect/api';

type SecurityProtocol = 'PLAINTEXT' | 'SSL' | 'SASL_PLAINTEXT' | 'SASL_SSL';
type SaslMechanism = 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512';

interface SaslCredentials {
  mechanism: SaslMechanism;
  username: string;
  password: string;
}

export interface TlsMaterial {
  /** Trusted CA certificates (PEM); absent: the system's default CAs. */
  ca?: string;
  /** The client's certificate chain (PEM), for brokers that require client authentication. */
  certificateChain?: string;
  /** The client's private key (PEM), possibly encrypted with `keyPassword`. */
  privateKey?: string;
  keyPassword?: string;
  /** `ssl.endpoint.identification.algorithm`: https (default) checks the broker's host name, '' does not. */
  verifyHostname: boolean;
}

interface ClientSecurity {
  protocol: SecurityProtocol;
  /** Present for SASL_PLAINTEXT and SASL_SSL. */
  sasl: SaslCredentials | null;
  /** Present for SSL and SASL_SSL. */
  tls: TlsMaterial | null;
}

/** Every key this module reads; client translators leave them to it. */
export const CLIENT_SECURITY_KEYS: ReadonlySet<string> = new Set([
  'security.protocol',
  'sasl.mechanism',
  'sasl.jaas.config',
  'ssl.truststore.type',
  'ssl.truststore.location',
  'ssl.truststore.password',
  'ssl.truststore.certificates',
  'ssl.keystore.type',
  'ssl.keystore.location',
  'ssl.keystore.password',
  'ssl.keystore.key',
  'ssl.keystore.certificate.chain',
  'ssl.key.password',
  'ssl.endpoint.identification.algorithm',
]);

const PROTOCOLS: readonly SecurityProtocol[] = ['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'];
const LOGIN_MODULES: Readonly<Record<SaslMechanism, string>> = {
  PLAIN: 'org.apache.kafka.common.security.plain.PlainLoginModule',
  'SCRAM-SHA-256': 'org.apache.kafka.common.security.scram.ScramLoginModule',
  'SCRAM-SHA-512': 'org.apache.kafka.common.security.scram.ScramLoginModule',
};

type Props = Readonly<Record<string, string | undefined>>;

/** @throws ConfigException naming the setting that cannot be honoured. */
export function clientSecurity(props: Props): ClientSecurity {
  const protocol = (props['security.protocol'] ?? 'PLAINTEXT').trim().toUpperCase() as SecurityProtocol;
  if (!PROTOCOLS.includes(protocol)) {
    throw new ConfigException('security.protocol', props['security.protocol'], `must be one of ${PROTOCOLS.join(', ')}`);
  }
  const sasl = protocol.startsWith('SASL_') ? saslCredentials(props) : null;
  const tls = protocol.endsWith('SSL') ? tlsMaterial(props) : null;
  return { protocol, sasl, tls };
}

function saslCredentials(props: Props): SaslCredentials {
  const mechanism = (props['sasl.mechanism'] ?? 'GSSAPI').trim().toUpperCase();
  if (!(mechanism in LOGIN_MODULES)) {
    throw new ConfigException(
      'sasl.mechanism',
      mechanism,
      `tsconnect's Kafka clients support ${Object.keys(LOGIN_MODULES).join(', ')}; set sasl.mechanism to one of them`,
    );
  }
  const jaas = props['sasl.jaas.config'];
  if (jaas === undefined || jaas.trim() === '') {
    throw new ConfigException('sasl.jaas.config', null, `required for ${mechanism}: ${LOGIN_MODULES[mechanism as SaslMechanism]} required username="..." password="...";`);
  }
  const { loginModule, options } = parseJaasConfig(jaas);
  const expected = LOGIN_MODULES[mechanism as SaslMechanism];
  if (loginModule !== expected) {
    throw new ConfigException('sasl.jaas.config', '[hidden]', `the login module ${loginModule} does not serve ${mechanism}; use ${expected}`);
  }
  if (options.username === undefined || options.password === undefined) {
    throw new ConfigException('sasl.jaas.config', '[hidden]', `${loginModule} needs both username and password options`);
  }
  return { mechanism: mechanism as SaslMechanism, username: options.username, password: options.password };
}

/**
 * A JAAS configuration entry as `sasl.jaas.config` holds it:
 * `<LoginModule> <flag> key="value" key2=value2;` -> the module and {key: value, key2: value2}.
 * The value is a secret, so no message repeats it.
 */
export function parseJaasConfig(jaas: string): { loginModule: string; options: Record<string, string> } {
  const match = /^\s*([\w.$]+)\s+(required|requisite|sufficient|optional)\b([\s\S]*?);?\s*$/.exec(jaas);
  if (!match) throw new ConfigException('sasl.jaas.config', '[hidden]', 'not a JAAS login module configuration (<LoginModule> required key="value" ...;)');
  const options: Record<string, string> = {};
  const option = /([\w.-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s;"]+))/g;
  let rest = match[3]!;
  for (const m of match[3]!.matchAll(option)) {
    options[m[1]!] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]!;
    rest = rest.replace(m[0], '');
  }
  if (rest.trim() !== '') throw new ConfigException('sasl.jaas.config', '[hidden]', 'has text that is not a key=value option');
  return { loginModule: match[1]!, options };
}

/** The TLS material of `ssl.*` settings (whatever the security protocol). */
export function tlsMaterial(props: Props): TlsMaterial {
  const tls: TlsMaterial = { verifyHostname: (props['ssl.endpoint.identification.algorithm'] ?? 'https').trim() !== '' };
  const ca = props['ssl.truststore.certificates'] ?? storeFile(props, 'truststore');
  if (ca !== undefined) tls.ca = pemBlocks(ca, CERTIFICATE, 'ssl.truststore.certificates').join('\n');

  const keyStore = storeFile(props, 'keystore');
  const chain = props['ssl.keystore.certificate.chain'] ?? keyStore;
  const key = props['ssl.keystore.key'] ?? keyStore;
  if (chain !== undefined) tls.certificateChain = pemBlocks(chain, CERTIFICATE, 'ssl.keystore.certificate.chain').join('\n');
  if (key !== undefined) {
    const keys = pemBlocks(key, PRIVATE_KEY, 'ssl.keystore.key');
    if (keys.length !== 1) throw new ConfigException('ssl.keystore.key', '[hidden]', `holds ${keys.length} private keys; a key store has exactly one`);
    tls.privateKey = keys[0]!;
  }
  if (props['ssl.key.password']) tls.keyPassword = props['ssl.key.password'];
  if ((tls.privateKey === undefined) !== (tls.certificateChain === undefined)) {
    throw new ConfigException('ssl.keystore.key', '[hidden]', 'a client key store needs both a private key and its certificate chain');
  }
  return tls;
}

const CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;
const PRIVATE_KEY = /-----BEGIN (?:ENCRYPTED |RSA |EC )?PRIVATE KEY-----[\s\S]*?-----END (?:ENCRYPTED |RSA |EC )?PRIVATE KEY-----/g;

function pemBlocks(text: string, block: RegExp, key: string): string[] {
  const blocks = text.match(block) ?? [];
  if (blocks.length === 0) {
    const what = block === CERTIFICATE ? 'a PEM certificate (-----BEGIN CERTIFICATE-----)' : 'a PEM private key (-----BEGIN PRIVATE KEY-----)';
    throw new ConfigException(key, '[hidden]', `does not hold ${what}`);
  }
  return blocks;
}

/** The PEM text of `ssl.<store>.location`, undefined when unset; JKS and PKCS12 are refused. */
function storeFile(props: Props, store: 'truststore' | 'keystore'): string | undefined {
  const location = props[`ssl.${store}.location`];
  if (location === undefined || location.trim() === '') return undefined;
  const type = (props[`ssl.${store}.type`] ?? 'JKS').trim().toUpperCase();
  if (type !== 'PEM') throw new ConfigException(`ssl.${store}.type`, type, conversionAdvice(store, type, location));
  try {
    return readFileSync(location, 'utf8');
  } catch (e) {
    throw new ConfigException(`ssl.${store}.location`, location, `cannot be read: ${(e as Error).message}`);
  }
}

/** How to turn a Java key or trust store into the PEM file we read. */
function conversionAdvice(store: 'truststore' | 'keystore', type: string, location: string): string {
  const p12 = type === 'PKCS12' ? location : location.replace(/\.jks$/i, '') + '.p12';
  const toP12 =
    type === 'PKCS12'
      ? ''
      : `keytool -importkeystore -srckeystore ${location} -srcstoretype JKS -destkeystore ${p12} -deststoretype PKCS12; then `;
  const pem = location.replace(/\.(jks|p12|pfx)$/i, '') + '.pem';
  const openssl =
    store === 'truststore'
      ? `openssl pkcs12 -in ${p12} -nokeys -out ${pem}`
      : `openssl pkcs12 -in ${p12} -nodes -out ${pem}`;
  return (
    `${type} ${store}s are not supported: tsconnect reads PEM only. Convert it with: ${toP12}${openssl} ` +
    `and set ssl.${store}.type=PEM and ssl.${store}.location=${pem}` +
    (store === 'keystore' ? ' (or encrypt the key and set ssl.key.password)' : '')
  );
}
