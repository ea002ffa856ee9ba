// tRPC core: the context every procedure gets, error shaping, and the procedure bases by role.
import { initTRPC, TRPCError } from '@trpc/server';
import type { Request, Response } from 'express';
import { z, ZodError } from 'zod';
import type { Role } from '../shared/enums';
import type { Auth } from './auth';
import type { Db } from './db';
import type { Env } from './env';
import type { Clock } from './lib/clock';
import { type Actor, type SessionUser, userActor } from './lib/actor';
import { DomainError, type DomainErrorKind, domainErrorFromDatabase } from './lib/errors';
import type { Logger } from './lib/log';
import { transformer } from './lib/transformer';

export type { SessionUser } from './lib/actor';

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
      (error.cause instanceof DomainError ? error.cause.fieldErrors : null);
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

const codeOf: Record<DomainErrorKind, TRPCError['code']> = {
  not_found: 'NOT_FOUND',
  forbidden: 'FORBIDDEN',
  conflict: 'CONFLICT',
  invalid: 'BAD_REQUEST',
};

/**
 * The one place our own errors become tRPC's: a service's DomainError keeps its message and field errors
 * with the code that fits, and a constraint violation no service anticipated is still a user error, not a 500.
 */
const toClientErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.code === 'INTERNAL_SERVER_ERROR') {
    const cause = result.error.cause;
    const domainError = cause instanceof DomainError ? cause : domainErrorFromDatabase(cause);
    if (domainError) throw new TRPCError({ code: codeOf[domainError.kind], message: domainError.message, cause: domainError });
  }
  return result;
});

export const publicProcedure = t.procedure.use(toClientErrors);

export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user || !ctx.user.active) {
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Please sign in' });
  }
  return next({ ctx: { ...ctx, user: ctx.user, actor: userActor(ctx.user) } });
});

const requireRole = (allowed: Role[], message: string) =>
  authedProcedure.use(({ ctx, next }) => {
    if (!allowed.includes(ctx.user.role)) throw new TRPCError({ code: 'FORBIDDEN', message });
    return next();
  });

export const managerProcedure = requireRole(['manager', 'admin'], 'Only managers and admins can do that');
export const adminProcedure = requireRole(['admin'], 'Only admins can do that');

/** The context inside authedProcedure and its descendants: the user is known, and acts as `actor`. */
export type AuthedContext = Context & { user: SessionUser; actor: Actor };
