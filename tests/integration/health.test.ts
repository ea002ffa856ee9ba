import { describe, expect, it } from 'vitest';
import { shippedMigrationCount } from '../../server/db';
import { startTestServer } from '../helpers/http';
import { useTestDatabase } from '../helpers/testDatabase';

const t = useTestDatabase();

describe('health endpoints', () => {
  it('reports the process up and the database migrated', async () => {
    const server = await startTestServer(t);
    try {
      const health = await fetch(`${server.baseUrl}/healthz`);
      expect(health.status).toBe(200);
      const ready = await fetch(`${server.baseUrl}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ready', migrations: shippedMigrationCount(), pending: 0 });
    } finally {
      await server.close();
    }
  });

  it('answers an unknown procedure with NOT_FOUND and a signed-out call with UNAUTHORIZED, never a 500', async () => {
    const server = await startTestServer(t);
    try {
      const unknown = await fetch(`${server.baseUrl}/trpc/nothing.here`);
      expect(unknown.status).toBe(404);
      const signedOut = await fetch(`${server.baseUrl}/trpc/accounts.list`);
      expect(signedOut.status).toBe(401);
    } finally {
      await server.close();
    }
  });
});
