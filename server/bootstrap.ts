// First start on an empty database: create the first admin from ADMIN_EMAIL, or load the demo organisation.
import { count } from 'drizzle-orm';
import { users } from '../drizzle/schema';
import type { Db } from './db';
import type { Env } from './env';
import type { Logger } from './lib/log';
import { systemActor } from './lib/actor';
import { createUser } from './services/users';
import { installDefaultPlaybooks } from './automation/defaults';

export async function bootstrapUsers(db: Db, env: Env, log: Logger, loadDemo: (db: Db) => Promise<{ email: string; password: string; role: string }[]>) {
  const [row] = await db.select({ n: count() }).from(users);
  if ((row?.n ?? 0) > 0) return;
  if (env.admin) {
    await createUser(db, systemActor('first start'), { ...env.admin, role: 'admin', timeZone: 'UTC' });
    log.info('created the first admin', { email: env.admin.email });
    // Installed switched off: the Automation page shows them, an admin or manager switches them on.
    await installDefaultPlaybooks(db, new Date());
    console.log(`\n  First admin created: ${env.admin.email} (password from ADMIN_PASSWORD)\n`);
    return;
  }
  if (!env.demoData) {
    console.log('\n  The database has no users. Set ADMIN_EMAIL and ADMIN_PASSWORD to create the first admin.\n');
    return;
  }
  log.info('empty database: loading the demo organisation');
  const logins = await loadDemo(db);
  console.log('\n  Demo organisation loaded. Sign in at %s with any of:', env.publicUrl);
  for (const l of logins) console.log(`    ${l.role.padEnd(8)} ${l.email.padEnd(32)} password: ${l.password}`);
  console.log('');
}
