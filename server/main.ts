// Process entry: env -> database -> http -> worker -> scheduler -> graceful shutdown.
import type { Server } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from './app';
import { createAuth } from './auth';
import { bootstrapUsers } from './bootstrap';
import { seedOrgDomains } from './capture/orgDomains';
import { createDb, ensureDatabase, migrateDatabase } from './db';
import { EnvError, loadEnv } from './env';
import { systemClock } from './lib/clock';
import { createLogger } from './lib/log';
import { partsOf, parseRole } from './roles';

function describeDatabase(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || 3306} as ${decodeURIComponent(u.username) || '(no user)'}`;
}

async function main() {
  const role = parseRole(process.argv.slice(2));
  const env = loadEnv();
  const parts = partsOf(role, env.schedulerEnabled);
  const log = createLogger(env.logLevel, { role });
  if (env.usingDemoKey) log.warn('ENCRYPTION_KEY is not set: using the built-in demo key. Set one before storing real data.');

  try {
    await ensureDatabase(env.databaseUrl);
  } catch (error) {
    const reason = (error as { code?: string; message?: string }).code ?? (error as Error).message;
    console.error(
      `Cannot reach MySQL at ${describeDatabase(env.databaseUrl)} (${reason}). ` +
        'Start MySQL/MariaDB there, or point DATABASE_URL at yours, e.g. DATABASE_URL=mysql://user:pass@host:3306/trucrm',
    );
    process.exit(1);
  }
  const { db, pool } = createDb(env.databaseUrl);
  await migrateDatabase(db);
  const auth = createAuth(db, env);
  const { loadDemoData } = await import('./services/demoData');
  const { secretsFor } = await import('./lib/secrets');
  await bootstrapUsers(db, env, log, (d) => loadDemoData(d, new Date(), { secrets: secretsFor(env) }));
  await seedOrgDomains(db, env);

  // Loaded before listening: from the first request /readyz can answer, SIGTERM must already drain.
  const { startJobRuntime } = await import('./jobs/runtime');

  let draining = false;
  let server: Server | undefined;
  if (parts.http) {
    // The Vite build lands in dist/client: beside dist/server when bundled, under the repo root under tsx.
    const here = path.dirname(fileURLToPath(import.meta.url));
    const clientDir = path.resolve(here, here.endsWith(path.join('dist', 'server')) ? '../client' : '../dist/client');
    const app = createApp({ db, auth, env, clock: systemClock, log }, { clientDir, isDraining: () => draining });
    server = app.listen(env.port, () => {
      log.info('listening', { url: env.publicUrl, port: env.port });
      console.log(`Tru-CRM is running at ${env.publicUrl}`);
    });
  }

  const jobs = startJobRuntime({ db, env, log, clock: systemClock, worker: parts.worker, scheduler: parts.scheduler });

  const shutdown = async (signal: string) => {
    if (draining) return;
    draining = true;
    log.info('draining', { signal });
    const closed = server ? new Promise<void>((resolve) => server!.close(() => resolve())) : Promise.resolve();
    server?.closeIdleConnections();
    await jobs.stop();
    await closed;
    await pool.end();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error) => {
  if (error instanceof EnvError) {
    console.error(error.message);
  } else {
    console.error('Tru-CRM failed to start:', error);
  }
  process.exit(1);
});
