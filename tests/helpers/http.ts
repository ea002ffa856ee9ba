// Serves createApp on a free port for tests that need real HTTP (cookies, headers, webhooks).
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createApp } from '../../server/app';
import { systemClock } from '../../server/lib/clock';
import { createLogger } from '../../server/lib/log';
import type { TestDatabase } from './testDatabase';

export async function startTestServer(t: TestDatabase): Promise<{ baseUrl: string; origin: string; close: () => Promise<void> }> {
  // Trust X-Forwarded-For so each test can sign in from its own address (its own rate-limit bucket).
  const app = createApp({ db: t.db, auth: t.auth, env: { ...t.env, trustProxy: true }, clock: systemClock, log: createLogger('silent') });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    // better-auth checks Origin against PUBLIC_URL, as a browser on the real site would send it.
    origin: t.env.publicUrl,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
