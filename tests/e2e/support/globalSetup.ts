// Builds the app as `npm start` does, and runs it on a free port against a fresh database for the browser tests.
import { type ChildProcess, execSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import mysql from 'mysql2/promise';
import type { TestProject } from 'vitest/node';
import { startFakeGoogle } from '../../fakes/google';
import { startFakeMicrosoft } from '../../fakes/microsoft';
import makeTestTls from '../../helpers/testTls';
import { startFakeAnthropic } from '../../fakes/anthropic';
import { scriptedClaude } from '../../fakes/anthropicScripts';

const SERVER_URL = 'mysql://root@127.0.0.1:3306';
export const E2E_ADMIN = { email: 'admin@e2e.test', password: 'e2e-password-123' };
/** The Outlook mailbox the fake Microsoft's consent grants (the admin's work mailbox there). */
export const E2E_OUTLOOK_MAILBOX = 'outlook.admin@e2e.test';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    adminEmail: string;
    adminPassword: string;
    outlookMailbox: string;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

async function waitForReady(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output()}`);
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server did not become ready:\n${output()}`);
}

export default async function setup(project: TestProject) {
  execSync('npm run build', { stdio: 'inherit' });
  const database = `trucrm_e2e_${randomBytes(4).toString('hex')}`;
  const port = await freePort();
  // The assistant talks to our fake Anthropic, scripted by what each request carries.
  const claude = await startFakeAnthropic();
  claude.respondWith(scriptedClaude);
  const baseUrl = `http://127.0.0.1:${port}`;
  let output = '';
  // Google for "Connect Google": the fake consents at once as the e2e admin.
  const google = await startFakeGoogle();
  google.consentAs(E2E_ADMIN.email);
  // Microsoft for "Connect Microsoft": on https (the Graph client sends tokens only there) with a certificate the
  // server trusts through NODE_EXTRA_CA_CERTS, which makeTestTls puts in this process's env and so the server's.
  const removeTls = makeTestTls();
  const microsoft = await startFakeMicrosoft();
  microsoft.consentAs(E2E_OUTLOOK_MAILBOX);
  const child = spawn(process.execPath, ['--enable-source-maps', 'dist/server/main.js'], {
    env: {
      ...process.env,
      // As npm start runs it.
      NODE_ENV: 'production',
      DATABASE_URL: `${SERVER_URL}/${database}`,
      PORT: String(port),
      PUBLIC_URL: baseUrl,
      ADMIN_EMAIL: E2E_ADMIN.email,
      ADMIN_PASSWORD: E2E_ADMIN.password,
      ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      LOG_LEVEL: 'warn',
      ...google.env,
      ...microsoft.env,
      GOOGLE_PUSH_TOKEN: randomBytes(24).toString('hex'),
      ...claude.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  await waitForReady(baseUrl, child, () => output);

  project.provide('baseUrl', baseUrl);
  project.provide('adminEmail', E2E_ADMIN.email);
  project.provide('adminPassword', E2E_ADMIN.password);
  project.provide('outlookMailbox', E2E_OUTLOOK_MAILBOX);

  return async () => {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await google.close();
    await microsoft.close();
    removeTls();
    await claude.close();
    const admin = await mysql.createConnection({ uri: SERVER_URL });
    await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await admin.end();
  };
}
