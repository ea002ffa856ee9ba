// createApp(deps): the Express app without listen(), so tests can serve it on any port.
import { createExpressMiddleware } from '@trpc/server/adapters/express';
import { toNodeHandler } from 'better-auth/node';
import { sql } from 'drizzle-orm';
import express from 'express';
import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { CLIENT_IP_HEADER } from './auth';
import { EXPOSED_AUTH_PATHS } from './auth/exposedPaths';
import { type AppDeps, contextFactory } from './context';
import { shippedMigrationCount } from './db';
import { finalErrorHandler, notFound } from './http/errorHandler';
import { refuseAsJson, refuseAsTrpc, sameOriginWrites } from './http/originGuard';
import { securityHeaders } from './http/securityHeaders';
import { analysisFindingsCsvHandler } from './hygiene/analysisCsv';
import { rejectedRowsHandler } from './imports/rejectedCsv';
import { exportHandler } from './reports/exports';
import { reportExportHandler } from './reports/reportExport';
import { uploadHandler } from './imports/uploads';
import { appRouter } from './routers';
import { oauthHandlers } from './capture/oauth';
import { captureRoutes } from './capture/webhooks';
import { automationRoutes } from './automation/webhooks';
import { sessionReader } from './session';

export interface AppOptions {
  /** Folder of the built client (vite build); served with an SPA fallback when it exists. */
  clientDir?: string;
  /** Flips /readyz to 503 while the process drains on SIGTERM. */
  isDraining?: () => boolean;
}

/** Every input of the API fits well within this: the longest text field is an activity body of 16,000 characters. */
const TRPC_MAX_BODY_BYTES = 1024 * 1024;
/** A sign-in or sign-out body is an email and a password at most. */
const AUTH_MAX_BODY_BYTES = 16 * 1024;

export function createApp(deps: AppDeps, options: AppOptions = {}) {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.env.trustProxy);
  app.use(securityHeaders(deps.env.publicUrl));

  app.use((req, res, next) => {
    res.locals.requestId = randomUUID();
    res.setHeader('x-request-id', res.locals.requestId);
    // better-auth rate-limits by this header: always ours, never the client's.
    req.headers[CLIENT_IP_HEADER] = req.ip ?? 'unknown';
    next();
  });

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  const shippedMigrations = shippedMigrationCount();
  app.get('/readyz', async (_req, res) => {
    if (options.isDraining?.()) {
      res.status(503).json({ status: 'draining' });
      return;
    }
    try {
      const [rows] = (await deps.db.execute(sql`SELECT COUNT(*) AS applied FROM __drizzle_migrations`)) as unknown as [
        { applied: number }[],
      ];
      const applied = Number(rows[0]?.applied ?? 0);
      const pending = Math.max(0, shippedMigrations - applied);
      res.status(pending > 0 ? 503 : 200).json({ status: pending > 0 ? 'migrating' : 'ready', migrations: applied, pending });
    } catch (error) {
      deps.log.warn('readiness check failed', { error });
      res.status(503).json({ status: 'unavailable', reason: 'database unreachable or not migrated' });
    }
  });

  // Only the better-auth endpoints the product uses are served (server/auth/exposedPaths.ts); the rest of
  // /api/auth does not exist. No app-wide body parser runs before them.
  app.post(
    EXPOSED_AUTH_PATHS.map((p) => `/api/auth${p}`),
    sameOriginWrites(deps.env.publicUrl, deps.log, refuseAsJson),
    // Read here, within the limit, as text: better-auth reads no limit of its own and takes a body already
    // read as a string as it is. Over the limit, the final error handler answers 413.
    express.text({ type: () => true, limit: AUTH_MAX_BODY_BYTES }),
    toNodeHandler(deps.auth),
  );
  app.all('/api/auth/{*any}', notFound);

  const readSession = sessionReader(deps.auth, deps.db, deps.clock, deps.env.sessionMaxAgeDays);
  // Spreadsheets for imports and file analysis, streamed into MySQL (server/imports/uploads.ts).
  app.post('/api/uploads', sameOriginWrites(deps.env.publicUrl, deps.log, refuseAsJson), uploadHandler({ ...deps, readSession }));
  app.get('/api/imports/:id/rejected.csv', rejectedRowsHandler({ ...deps, readSession }));
  app.get('/api/hygiene/analyses/:id/findings.csv', analysisFindingsCsvHandler({ ...deps, readSession }));
  app.get('/api/exports/:entity.csv', exportHandler({ ...deps, readSession }));
  app.get('/api/reports/:id/export.csv', reportExportHandler({ ...deps, readSession }));

  // Email capture: OAuth round trips (GET, session cookie) and provider webhooks (verified per provider).
  app.use(captureRoutes(deps, oauthHandlers(deps, readSession)));
  // Web-to-lead: signed posts from websites and other systems (verified per source, no session, no Origin).
  app.use(automationRoutes(deps));

  app.use(
    '/trpc',
    sameOriginWrites(deps.env.publicUrl, deps.log, refuseAsTrpc),
    createExpressMiddleware({
      router: appRouter,
      createContext: contextFactory(deps),
      maxBatchSize: 50,
      maxBodySize: TRPC_MAX_BODY_BYTES,
      onError({ error, path: procedure, ctx }) {
        if (error.code === 'INTERNAL_SERVER_ERROR') {
          (ctx?.log ?? deps.log).error('procedure failed', { procedure, error: error.cause ?? error });
        }
      },
    }),
  );

  if (options.clientDir && existsSync(path.join(options.clientDir, 'index.html'))) {
    const clientDir = options.clientDir;
    app.use(express.static(clientDir, { index: false, maxAge: '1h' }));
    app.get('/{*any}', (_req, res) => {
      res.sendFile(path.join(clientDir, 'index.html'));
    });
  }
  app.use(notFound);
  app.use(finalErrorHandler(deps.log));
  return app;
}
