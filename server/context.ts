// Builds each request's tRPC context: the session from the cookie, a request id, the shared services.
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import type { Auth } from './auth';
import type { Db } from './db';
import type { Env } from './env';
import type { Clock } from './lib/clock';
import type { Logger } from './lib/log';
import { sessionReader } from './session';
import type { Context } from './trpc';

export interface AppDeps {
  db: Db;
  auth: Auth;
  env: Env;
  clock: Clock;
  log: Logger;
}

export function contextFactory(deps: AppDeps) {
  const sessionUser = sessionReader(deps.auth, deps.db, deps.clock, deps.env.sessionMaxAgeDays);
  return async ({ req, res }: { req: Request; res: Response }): Promise<Context> => {
    const requestId = (res.locals.requestId as string | undefined) ?? randomUUID();
    return {
      ...deps,
      log: deps.log.child({ requestId }),
      user: await sessionUser(req.headers),
      requestId,
      req,
      res,
    };
  };
}
