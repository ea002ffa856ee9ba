// Callers for integration tests: the real appRouter with a context for a given user.
import { appRouter } from '../../server/routers';
import type { Clock } from '../../server/lib/clock';
import { systemClock } from '../../server/lib/clock';
import { createLogger } from '../../server/lib/log';
import { createCallerFactory, type Context, type SessionUser } from '../../server/trpc';
import type { TestDatabase } from './testDatabase';

const createCaller = createCallerFactory(appRouter);

export function ctxFor(t: TestDatabase, user: SessionUser | null, clock: Clock = systemClock): Context {
  return { db: t.db, auth: t.auth, env: t.env, clock, log: createLogger('silent'), user, requestId: 'test' };
}

export function callerFor(t: TestDatabase, user: SessionUser | null, clock?: Clock) {
  return createCaller(ctxFor(t, user, clock));
}
