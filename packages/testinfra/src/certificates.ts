/** A throw-away CA and certificates signed by it, made with openssl into a temporary folder, as PEM. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Certificate {
  /** PEM certificate file. */
  certFile: string;
  /** PEM private key file (PKCS#8, unencrypted). */
  keyFile: string;
  /** One file with the private key followed by the certificate: a PEM key store. */
  keyStoreFile: string;
  cert: string;
  key: string;
}

export interface TestCertificates {
  dir: string;
  /** The CA's certificate file: a PEM trust store. */
  caFile: string;
  ca: string;
  /** A certificate for 127.0.0.1 and localhost. */
  server: Certificate;
  /** A client certificate (CN=client). */
  client: Certificate;
  remove(): void;
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

function issue(dir: string, name: string, subject: string, extensions: string): Certificate {
  writeFileSync(join(dir, `${name}.ext`), extensions);
  openssl(dir, ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject]);
  openssl(dir, ['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`, '-days', '2', '-extfile', `${name}.ext`]);
  const cert = readFileSync(join(dir, `${name}.pem`), 'utf8');
  const key = readFileSync(join(dir, `${name}.key`), 'utf8');
  const keyStoreFile = join(dir, `${name}-keystore.pem`);
  writeFileSync(keyStoreFile, key + cert);
  return { certFile: join(dir, `${name}.pem`), keyFile: join(dir, `${name}.key`), keyStoreFile, cert, key };
}

export function makeTestCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'tsconnect-tls-'));
  openssl(dir, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=tsconnect test CA']);
  const server = issue(dir, 'server', '/CN=localhost', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n');
  const client = issue(dir, 'client', '/CN=client', 'extendedKeyUsage=clientAuth\n');
  return {
    dir,
    caFile: join(dir, 'ca.pem'),
    ca: readFileSync(join(dir, 'ca.pem'), 'utf8'),
    server,
    client,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
