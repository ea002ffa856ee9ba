// Vitest global setup: a self-signed certificate for 127.0.0.1, made at test start with openssl, trusted by
// every test process through NODE_EXTRA_CA_CERTS. Node reads that variable only when a process starts, so it
// is set here, before the worker processes (pool: forks) are spawned. The fake Microsoft speaks https with it
// because the Graph client sends its token only to https hosts.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  const dir = mkdtempSync(path.join(tmpdir(), 'trucrm-tls-'));
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'],
    { stdio: 'ignore' },
  );
  process.env.NODE_EXTRA_CA_CERTS = cert;
  process.env.TEST_TLS_KEY_FILE = key;
  process.env.TEST_TLS_CERT_FILE = cert;
  return () => rmSync(dir, { recursive: true, force: true });
}

/** Whether this process started with the test certificate made and trusted (setup ran in a parent). */
export function testTlsTrusted(): boolean {
  return Boolean(process.env.TEST_TLS_CERT_FILE && process.env.NODE_EXTRA_CA_CERTS);
}
