// Serves createApp on a free port for tests that need real HTTP (cookies, headers, webhooks).
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { type AppOptions, createApp } from '../../server/app';
import type { Auth } from '../../server/auth';
import type { Env } from '../../server/env';
import { systemClock } from '../../server/lib/clock';
import { createLogger, type Logger } from '../../server/lib/log';
import type { TestDatabase } from './testDatabase';

export interface TestServerOptions extends AppOptions {
  env?: Partial<Env>;
  /** An auth built by the test itself (e.g. on a clock it moves); defaults to the test database's. */
  auth?: Auth;
  log?: Logger;
}

export async function startTestServer(
  t: TestDatabase,
  options: TestServerOptions = {},
): Promise<{ baseUrl: string; origin: string; close: () => Promise<void> }> {
  const { env: envOverrides, auth, log, ...appOptions } = options;
  // One trusted proxy hop: the test client plays the proxy, so each test can sign in from its own address
  // (its own rate-limit bucket) by sending X-Forwarded-For.
  const env: Env = { ...t.env, trustProxy: 1, ...envOverrides };
  const app = createApp({ db: t.db, auth: auth ?? t.auth, env, clock: systemClock, log: log ?? createLogger('silent') }, appOptions);
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    // better-auth and our origin check compare Origin with PUBLIC_URL, as a browser on the real site sends it.
    origin: new URL(env.publicUrl).origin,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
