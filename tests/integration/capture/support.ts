// Shared by the capture tests: an env pointing at the fakes, running due jobs, making a connected mailbox.
import { eq } from 'drizzle-orm';
import { emailConnections, jobs, type EmailConnection } from '../../../drizzle/schema';
import { connectGoogleMailbox, connectMicrosoftMailbox } from '../../../server/capture/connect';
import { type Env, loadEnv } from '../../../server/env';
import { claimJobs } from '../../../server/jobs/queue';
import { jobRegistry } from '../../../server/jobs/registry';
import { runJob } from '../../../server/jobs/worker';
import { systemClock, type Clock } from '../../../server/lib/clock';
import { createLogger } from '../../../server/lib/log';
import type { FakeGoogle } from '../../fakes/google';
import type { FakeMicrosoft } from '../../fakes/microsoft';
import type { TestDatabase } from '../../helpers/testDatabase';

export const silent = createLogger('silent');
export const PUSH_AUDIENCE = 'https://crm.example.test/webhooks/gmail';
export const PUSH_ACCOUNT = 'gmail-push@trucrm-test.iam.gserviceaccount.com';
export const PUSH_TOKEN = 'a-long-shared-push-token-0123456789';

export function captureEnv(t: TestDatabase, google: FakeGoogle, extra: Record<string, string> = {}): Env {
  return loadEnv({
    DATABASE_URL: t.url,
    LOG_LEVEL: 'silent',
    DEMO_DATA: 'false',
    ORG_DOMAINS: 'corp.example',
    GOOGLE_PUSH_AUDIENCE: PUSH_AUDIENCE,
    GOOGLE_PUSH_SERVICE_ACCOUNT: PUSH_ACCOUNT,
    GOOGLE_PUSH_TOKEN: PUSH_TOKEN,
    ...google.env,
    ...extra,
  });
}

/** Runs every due job (and those they enqueue that are due) to its outcome, as a worker would. */
export async function runDueJobs(t: TestDatabase, env: Env, clock: Clock = systemClock): Promise<number> {
  let ran = 0;
  for (let round = 0; round < 50; round++) {
    const claimed = await claimJobs(t.db, 'test-worker', 10, clock.now(), 60_000);
    if (claimed.length === 0) return ran;
    for (const job of claimed) {
      await runJob({ db: t.db, env, log: silent, clock, registry: jobRegistry }, 'test-worker', job);
      ran += 1;
    }
  }
  throw new Error('jobs kept coming');
}

export async function connectMailbox(t: TestDatabase, env: Env, google: FakeGoogle, userId: string, email: string): Promise<EmailConnection> {
  const tokens = google.issueTokens(email);
  return connectGoogleMailbox(
    { db: t.db, env, log: silent, now: new Date() },
    userId,
    { access_token: tokens.accessToken, refresh_token: tokens.refreshToken, expiry_date: Date.now() + 3_600_000 },
  );
}

export async function connectionRow(t: TestDatabase, id: number): Promise<EmailConnection> {
  const [row] = await t.db.select().from(emailConnections).where(eq(emailConnections.id, id));
  return row!;
}

export async function syncJobs(t: TestDatabase) {
  return t.db.select().from(jobs).where(eq(jobs.type, 'capture.syncMailbox'));
}

/** Connects an Outlook mailbox directly (no consent dance), as the OAuth callback would. */
export async function connectOutlook(t: TestDatabase, env: Env, microsoft: FakeMicrosoft, userId: string, email: string): Promise<EmailConnection> {
  const tokens = microsoft.issueTokens(email);
  return connectMicrosoftMailbox(
    { db: t.db, env, log: silent, now: new Date() },
    userId,
    { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAt: new Date(Date.now() + 3_600_000) },
  );
}
