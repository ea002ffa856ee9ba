// The process as an operator meets it: configuration errors, an unreachable database, start-up and SIGTERM.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import mysql from 'mysql2/promise';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_SERVER_URL } from '../helpers/testDatabase';

const databases: string[] = [];

afterAll(async () => {
  const admin = await mysql.createConnection({ uri: TEST_SERVER_URL });
  for (const name of databases) await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await admin.end();
});

function startServer(env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

describe('server start-up', () => {
  it('stops with one line naming a malformed setting', async () => {
    const server = startServer({ PORT: 'eighty' });
    expect(await server.exited).toBe(1);
    expect(server.output().trim()).toMatch(/^Configuration error: PORT /);
  });

  it('says where it tried to reach MySQL and how to point it elsewhere', async () => {
    const port = await freePort(); // nothing listens there
    const server = startServer({ DATABASE_URL: `mysql://root@127.0.0.1:${port}/trucrm` });
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain(`Cannot reach MySQL at 127.0.0.1:${port}`);
    expect(server.output()).toContain('DATABASE_URL=');
  });

  it('creates and migrates the database, creates the first admin, serves, and drains on SIGTERM', async () => {
    const name = `trucrm_test_startup_${randomBytes(4).toString('hex')}`;
    databases.push(name);
    const port = await freePort();
    const server = startServer({
      DATABASE_URL: `${TEST_SERVER_URL}/${name}`,
      PORT: String(port),
      ADMIN_EMAIL: 'first.admin@example.test',
      ADMIN_PASSWORD: 'first-admin-password',
      ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    });
    let ready = false;
    for (let i = 0; i < 120 && !ready && server.child.exitCode === null; i += 1) {
      ready = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false);
      if (!ready) await new Promise((r) => setTimeout(r, 250));
    }
    expect(ready, server.output()).toBe(true);
    expect(server.output()).toContain('First admin created: first.admin@example.test');

    const admin = await mysql.createConnection({ uri: `${TEST_SERVER_URL}/${name}` });
    const [rows] = await admin.query('SELECT email, role FROM users');
    await admin.end();
    expect(rows).toEqual([{ email: 'first.admin@example.test', role: 'admin' }]);

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });
});
