// Failed webhook deliveries for admins (listed with their error, re-run, purged), and the read paths beyond the
// timelines (global search, CSV exports) never showing another rep's captured email beyond its sharing level.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activities, webhookEvents } from '../../../drizzle/schema';
import { exportDefinitions, exportRecords } from '../../../server/reports/exports';
import { appRouter } from '../../../server/routers';
import { userActor } from '../../../server/lib/actor';
import type { Env } from '../../../server/env';
import { startFakeGoogle, type FakeGoogle, gmailPushBody } from '../../fakes/google';
import { ctxFor } from '../../helpers/context';
import { makeAccount } from '../../helpers/factories/accounts';
import { makeContact } from '../../helpers/factories/contacts';
import { makeUser } from '../../helpers/factories/users';
import { startTestServer } from '../../helpers/http';
import { useTestDatabase } from '../../helpers/testDatabase';
import { captureEnv, connectionRow, connectMailbox, PUSH_TOKEN, runDueJobs, syncJobs } from './support';

const t = useTestDatabase();
let google: FakeGoogle;
let env: Env;
let server: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  google = await startFakeGoogle();
  env = captureEnv(t, google);
  server = await startTestServer(t, { env });
});
afterAll(async () => {
  await server?.close();
  await google?.close();
});

const push = (email: string, historyId: number, id: string) =>
  fetch(`${server.baseUrl}/webhooks/gmail?token=${PUSH_TOKEN}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(gmailPushBody(email, historyId, id)) });

describe('failed webhook deliveries (admins)', () => {
  it('shows a delivery whose sync failed with its error; re-run syncs it; purge removes it; others may not look', async () => {
    const admin = await makeUser(t.db, { email: 'failures-admin@corp.example', role: 'admin' });
    const rep = await makeUser(t.db, { email: 'failures-rep@corp.example' });
    const account = await makeAccount(t.db, { ownerId: rep.id, domain: 'failing-customer.example' });
    await makeContact(t.db, { ownerId: rep.id, accountId: account.id, email: 'buyer@failing-customer.example' });
    const connection = await connectMailbox(t, env, google, rep.id, rep.email);
    await runDueJobs(t, env);

    const msg = google.deliver(rep.email, { from: 'buyer@failing-customer.example', to: rep.email, subject: 'Purchase order' });
    expect((await push(rep.email, msg.historyId, 'fail-1')).status).toBe(204);
    // Google fails the sync (a 500 without Retry-After): the job backs off and the delivery is marked failed.
    google.failNext('/history', { status: 500 });
    await runDueJobs(t, env);

    const adminCaller = appRouter.createCaller(ctxFor(t, admin));
    const list = await adminCaller.captureFailures.list();
    const failed = list.items.find((i) => i.connectionId === connection.id)!;
    expect(failed).toMatchObject({ provider: 'google', emailAddress: rep.email.toLowerCase() });
    expect(failed.error).toMatch(/HTTP 500/);
    expect((await connectionRow(t, connection.id)).status).toBe('error');
    expect(await t.db.select().from(activities).where(eq(activities.captureConnectionId, connection.id))).toHaveLength(0);
    await expect(appRouter.createCaller(ctxFor(t, rep)).captureFailures.list()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(appRouter.createCaller(ctxFor(t, rep)).captureFailures.rerun({ id: failed.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });

    // Google works again: re-run queues a sync due now, which captures the email and marks the delivery processed.
    const queued = () => syncJobs(t).then((rows) => rows.filter((j) => j.status === 'queued' && j.runAt <= new Date() && (j.payload as { connectionId: number }).connectionId === connection.id));
    expect(await queued()).toHaveLength(0);
    await adminCaller.captureFailures.rerun({ id: failed.id });
    expect(await queued()).toHaveLength(1);
    await runDueJobs(t, env);
    const [event] = await t.db.select().from(webhookEvents).where(eq(webhookEvents.id, failed.id));
    expect(event!.status).toBe('processed');
    expect(await t.db.select().from(activities).where(eq(activities.captureConnectionId, connection.id))).toHaveLength(1);
    expect((await connectionRow(t, connection.id)).status).toBe('active');
    await expect(adminCaller.captureFailures.rerun({ id: failed.id })).rejects.toMatchObject({ code: 'CONFLICT' });

    // A second failure, purged.
    const msg2 = google.deliver(rep.email, { from: 'buyer@failing-customer.example', to: rep.email, subject: 'Second order' });
    await push(rep.email, msg2.historyId, 'fail-2');
    google.failNext('/history', { status: 502 });
    await runDueJobs(t, env);
    const again = (await adminCaller.captureFailures.list()).items.find((i) => i.connectionId === connection.id)!;
    await adminCaller.captureFailures.purge({ id: again.id });
    expect(await t.db.select().from(webhookEvents).where(eq(webhookEvents.id, again.id))).toHaveLength(0);
    expect((await adminCaller.captureFailures.list()).items.filter((i) => i.connectionId === connection.id)).toHaveLength(0);
  });
});

describe('captured email on read paths beyond the timelines', () => {
  it('global search and CSV exports carry no captured subject or snippet, whatever the sharing level', async () => {
    const rep = await makeUser(t.db, { email: 'sharing-rep@corp.example' });
    const colleague = await makeUser(t.db, { email: 'sharing-colleague@corp.example' });
    const account = await makeAccount(t.db, { ownerId: rep.id, domain: 'private-customer.example', accountName: 'Private Customer' });
    await makeContact(t.db, { ownerId: rep.id, accountId: account.id, email: 'cfo@private-customer.example', firstName: 'Cara', lastName: 'Finance' });
    const connection = await connectMailbox(t, env, google, rep.id, rep.email);
    await runDueJobs(t, env);
    const msg = google.deliver(rep.email, { from: 'cfo@private-customer.example', to: rep.email, subject: 'Zanzibarquux acquisition', snippet: 'Confidential: Zanzibarquux terms' });
    await push(rep.email, msg.historyId, 'sharing-1');
    await runDueJobs(t, env);
    expect(await t.db.select().from(activities).where(eq(activities.captureConnectionId, connection.id))).toHaveLength(1);
    await appRouter.createCaller(ctxFor(t, rep)).emailConnections.setSharingLevel({ id: connection.id, sharingLevel: 'metadata' });

    const hits = await appRouter.createCaller(ctxFor(t, colleague)).search.global({ q: 'Zanzibarquux' });
    expect(hits.items).toHaveLength(0);
    for (const [entity, definition] of Object.entries(exportDefinitions)) {
      const rows: string[][] = [];
      for await (const row of exportRecords(t.db, userActor(colleague), definition, definition.schema.parse({}) as Record<string, unknown>)) rows.push(row);
      expect(JSON.stringify(rows), entity).not.toContain('Zanzibarquux');
    }
    // The timeline is the read path that shows captured email: at the owner's level for the colleague.
    const timeline = await appRouter.createCaller(ctxFor(t, colleague)).activities.listByRelated({ relatedToType: 'account', relatedToId: account.id, limit: 10 } as never);
    expect(JSON.stringify(timeline)).not.toContain('Zanzibarquux');
  });
});
