// Builds each request's tRPC context: the session from the cookie, a request id, the shared services.
import { fromNodeHeaders } from 'better-auth/node';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import type { Auth } from './auth';
import type { Db } from './db';
import type { Env } from './env';
import type { Clock } from './lib/clock';
import type { Logger } from './lib/log';
import type { Context, SessionUser } from './trpc';

export interface AppDeps {
  db: Db;
  auth: Auth;
  env: Env;
  clock: Clock;
  log: Logger;
}

export async function sessionUser(auth: Auth, req: Request): Promise<SessionUser | null> {
  const session = await auth.api.getSession({ headers: fromNodeHeaders(req.headers) });
  if (!session) return null;
  const u = session.user as typeof session.user & Partial<SessionUser>;
  if (!u.active) return null;
  return { id: u.id, email: u.email, name: u.name, role: u.role ?? 'rep', active: true, timeZone: u.timeZone ?? 'UTC' };
}

export function contextFactory(deps: AppDeps) {
  return async ({ req, res }: { req: Request; res: Response }): Promise<Context> => {
    const requestId = (res.locals.requestId as string | undefined) ?? randomUUID();
    return {
      ...deps,
      log: deps.log.child({ requestId }),
      user: await sessionUser(deps.auth, req),
      requestId,
      req,
      res,
    };
  };
}
