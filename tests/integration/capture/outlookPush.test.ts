// Honest push state for Outlook: Graph delivers change notifications only to https. With an https PUBLIC_URL the
// mailbox is subscribed (Graph validates the URL) and the Connections page says push is on; with an http one no
// subscription is asked for, the page says push is off and why, and the delta sync still captures the mail.
// The fake Graph refuses an http notificationUrl as Graph does, so a regression cannot pass silently.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activities, captureSubscriptions } from '../../../drizzle/schema';
import { OUTLOOK_PUSH_OFF, secretHash } from '../../../server/capture/push';
import type { Env } from '../../../server/env';
import { graphApi } from '../../../server/integrations/microsoft/graph';
import { ProviderError } from '../../../server/integrations/providerError';
import { appRouter } from '../../../server/routers';
import { createCallerFactory } from '../../../server/trpc';
import { startFakeGoogle, type FakeGoogle } from '../../fakes/google';
import { startFakeMicrosoft, type FakeMicrosoft } from '../../fakes/microsoft';
import { ctxFor } from '../../helpers/context';
import { makeAccount } from '../../helpers/factories/accounts';
import { makeContact } from '../../helpers/factories/contacts';
import { makeUser } from '../../helpers/factories/users';
import { startTestServer } from '../../helpers/http';
import { useTestDatabase } from '../../helpers/testDatabase';
import { captureEnv, connectOutlook, runDueJobs } from './support';

const t = useTestDatabase();
let google: FakeGoogle;
let microsoft: FakeMicrosoft;
let httpsEnv: Env;
let httpEnv: Env;
let server: Awaited<ReturnType<typeof startTestServer>>;
let n = 0;
const createCaller = createCallerFactory(appRouter);

beforeAll(async () => {
  google = await startFakeGoogle();
  microsoft = await startFakeMicrosoft();
  httpsEnv = captureEnv(t, google, { ...microsoft.env, PUBLIC_URL: 'https://crm.example.test' });
  httpEnv = captureEnv(t, google, { ...microsoft.env, PUBLIC_URL: 'http://crm.example.test' });
  // Graph's validation handshakes for the https case reach the test server.
  server = await startTestServer(t, { env: httpsEnv });
  microsoft.deliverNotificationsTo(server.baseUrl);
});
afterAll(async () => {
  await server?.close();
  await microsoft?.close();
  await google?.close();
});

async function rep() {
  n += 1;
  const user = await makeUser(t.db, { email: `push-rep${n}@corp.example` });
  const domain = `push-customer${n}.example`;
  const account = await makeAccount(t.db, { ownerId: user.id, domain });
  await makeContact(t.db, { ownerId: user.id, accountId: account.id, email: `jane@${domain}` });
  return { user, domain };
}

const listAs = (env: Env, user: Awaited<ReturnType<typeof makeUser>>) => createCaller({ ...ctxFor(t, user), env }).emailConnections.list();
const subscriptionPosts = () => microsoft.requests.filter((r) => r.method === 'POST' && r.path === '/v1.0/subscriptions').length;

describe('Outlook push state', () => {
  it('the fake Graph refuses an http notificationUrl with Graph\'s 400 InvalidRequest', async () => {
    const tokens = microsoft.issueTokens('direct@corp.example');
    const graph = graphApi(httpEnv, { accessToken: async () => tokens.accessToken });
    const refused = await graph
      .createSubscription({
        resource: "me/mailFolders('Inbox')/messages",
        changeType: 'created',
        notificationUrl: 'http://crm.example.test/webhooks/outlook',
        lifecycleNotificationUrl: 'http://crm.example.test/webhooks/outlook',
        expirationDateTime: new Date(Date.now() + 86_400_000),
        clientState: 'x'.repeat(32),
      })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ProviderError);
    expect((refused as ProviderError).status).toBe(400);
    expect((refused as ProviderError).message).toContain("NotificationUrl scheme='http' is not supported.");
    expect(microsoft.subscriptions('direct@corp.example')).toEqual([]);
  });

  it('on an http PUBLIC_URL asks Graph for no subscription, says push is off and why, and captures by delta', async () => {
    const { user, domain } = await rep();
    const before = subscriptionPosts();
    await connectOutlook(t, httpEnv, microsoft, user.id, user.email);
    expect(subscriptionPosts()).toBe(before);
    expect(microsoft.subscriptions(user.email)).toEqual([]);
    await runDueJobs(t, httpEnv);

    const [item] = await listAs(httpEnv, user);
    expect(item).toMatchObject({ provider: 'microsoft', pushOff: OUTLOOK_PUSH_OFF, pushExpiresAt: null, lastError: null, state: 'active' });
    const providers = await createCaller({ ...ctxFor(t, user), env: httpEnv }).emailConnections.providers();
    expect(providers.microsoft.push).toBe(false);

    // No notification will come: the catch-up (delta) sync is what captures the mail.
    const sent = microsoft.deliver(user.email, { from: `jane@${domain}`, to: user.email, subject: 'Polled, not pushed' });
    await createCaller({ ...ctxFor(t, user), env: httpEnv }).emailConnections.syncNow({ id: item!.id });
    await runDueJobs(t, httpEnv);
    const rows = await t.db.select().from(activities).where(eq(activities.emailMessageId, sent.internetMessageId));
    expect(rows).toHaveLength(1);
  });

  it('on an https PUBLIC_URL subscribes inbox, sent items and calendar, and says push is on', async () => {
    const { user } = await rep();
    await connectOutlook(t, httpsEnv, microsoft, user.id, user.email);
    const subs = microsoft.subscriptions(user.email);
    expect(subs.map((s) => s.resource).sort()).toEqual(['me/events', "me/mailFolders('Inbox')/messages", "me/mailFolders('SentItems')/messages"]);
    expect(subs.every((s) => s.notificationUrl === 'https://crm.example.test/webhooks/outlook')).toBe(true);
    const [item] = await listAs(httpsEnv, user);
    // The clientState is never stored, only its hash.
    const stored = await t.db.select().from(captureSubscriptions).where(eq(captureSubscriptions.connectionId, item!.id));
    expect(stored.map((s) => s.secretHash).sort()).toEqual(subs.map((s) => secretHash(s.clientState)).sort());
    expect(stored.map((s) => s.secretHash)).not.toContain(subs[0]!.clientState);
    expect(item!.pushOff).toBeNull();
    expect(item!.pushExpiresAt).toBeInstanceOf(Date);
    expect(item!.lastError).toBeNull();
  });
});
