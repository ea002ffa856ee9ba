// tRPC core: the context every procedure gets, error shaping, and the procedure bases by role.
import { initTRPC, TRPCError } from '@trpc/server';
import type { Request, Response } from 'express';
import { z, ZodError } from 'zod';
import type { Role } from '../shared/enums';
import type { Auth } from './auth';
import type { Db } from './db';
import type { Env } from './env';
import type { Clock } from './lib/clock';
import { FieldErrorsCause, mysqlErrorCode } from './lib/errors';
import type { Logger } from './lib/log';
import { transformer } from './lib/transformer';

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  timeZone: string;
}

export interface Context {
  db: Db;
  auth: Auth;
  env: Env;
  clock: Clock;
  log: Logger;
  user: SessionUser | null;
  requestId: string;
  /** Present over HTTP; absent for createCaller in tests and jobs. */
  req?: Request;
  res?: Response;
}

const INTERNAL_MESSAGE = 'Something went wrong on our side. It has been logged; please try again.';

const t = initTRPC.context<Context>().create({
  transformer,
  errorFormatter({ shape, error }) {
    const zodError = error.cause instanceof ZodError ? error.cause : null;
    const flat = zodError ? z.flattenError(zodError) : null;
    const fieldErrors =
      (flat?.fieldErrors as Record<string, string[]> | undefined) ??
      (error.cause instanceof FieldErrorsCause ? error.cause.fieldErrors : null);
    let message = shape.message;
    if (error.code === 'INTERNAL_SERVER_ERROR') message = INTERNAL_MESSAGE;
    else if (zodError) {
      const first = zodError.issues[0];
      message = first ? `${first.path.join('.') || 'input'}: ${first.message}` : 'Invalid input';
    }
    return {
      ...shape,
      message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        fieldErrors,
        formErrors: flat?.formErrors ?? null,
      },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;

/** Safety net: a constraint violation a service did not anticipate is still a user error, not a 500. */
const translateDatabaseErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.code === 'INTERNAL_SERVER_ERROR') {
    const code = mysqlErrorCode(result.error.cause);
    if (code === 'ER_DUP_ENTRY') {
      throw new TRPCError({ code: 'CONFLICT', message: 'A record with these details already exists', cause: result.error });
    }
    if (code === 'ER_NO_REFERENCED_ROW_2' || code === 'ER_NO_REFERENCED_ROW') {
      throw new TRPCError({ code: 'BAD_REQUEST', message: 'A linked record does not exist', cause: result.error });
    }
    if (code === 'ER_ROW_IS_REFERENCED_2' || code === 'ER_ROW_IS_REFERENCED') {
      throw new TRPCError({ code: 'CONFLICT', message: 'Other records still refer to this one', cause: result.error });
    }
    if (code === 'ER_DATA_TOO_LONG' || code === 'ER_WARN_DATA_OUT_OF_RANGE' || code === 'ER_TRUNCATED_WRONG_VALUE') {
      throw new TRPCError({ code: 'BAD_REQUEST', message: 'A value is too long or out of range', cause: result.error });
    }
  }
  return result;
});

export const publicProcedure = t.procedure.use(translateDatabaseErrors);

export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user || !ctx.user.active) {
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Please sign in' });
  }
  return next({ ctx: { ...ctx, user: ctx.user } });
});

const requireRole = (allowed: Role[], message: string) =>
  authedProcedure.use(({ ctx, next }) => {
    if (!allowed.includes(ctx.user.role)) throw new TRPCError({ code: 'FORBIDDEN', message });
    return next();
  });

export const managerProcedure = requireRole(['manager', 'admin'], 'Only managers and admins can do that');
export const adminProcedure = requireRole(['admin'], 'Only admins can do that');

/** The context inside authedProcedure and its descendants: the user is known. */
export type AuthedContext = Context & { user: SessionUser };
