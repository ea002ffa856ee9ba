import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activities, auditLog, emailConnections } from '../../../drizzle/schema';
import type { Env } from '../../../server/env';
import { startFakeGoogle, type FakeGoogle } from '../../fakes/google';
import { callerFor, ctxFor } from '../../helpers/context';
import { clientError } from '../../helpers/errorShape';
import { makeAccount } from '../../helpers/factories/accounts';
import { makeContact } from '../../helpers/factories/contacts';
import { makeUser } from '../../helpers/factories/users';
import { useTestDatabase } from '../../helpers/testDatabase';
import { appRouter } from '../../../server/routers';
import { createCallerFactory } from '../../../server/trpc';
import { captureEnv, connectMailbox, connectionRow, runDueJobs } from './support';

const t = useTestDatabase();
let google: FakeGoogle;
let env: Env;
let n = 0;
const createCaller = createCallerFactory(appRouter);
async function expectTrpcError(call: Promise<unknown>, code: string, message?: RegExp) {
  const error = await clientError(call);
  expect(error.code).toBe(code);
  if (message) expect(error.message).toMatch(message);
}
const as = (user: Parameters<typeof callerFor>[1]) => createCaller({ ...ctxFor(t, user), env });

beforeAll(async () => {
  google = await startFakeGoogle();
  env = captureEnv(t, google);
});
afterAll(async () => {
  await google?.close();
});

/** A rep whose mailbox captured one email from a customer contact. */
async function captured() {
  n += 1;
  const rep = await makeUser(t.db, { email: `mrep${n}@corp.example` });
  const domain = `client${n}.example`;
  const account = await makeAccount(t.db, { ownerId: rep.id, domain });
  const contact = await makeContact(t.db, { ownerId: rep.id, accountId: account.id, email: `ann@${domain}` });
  const connection = await connectMailbox(t, env, google, rep.id, rep.email);
  await runDueJobs(t, env);
  google.deliver(rep.email, { from: `ann@${domain}`, to: rep.email, subject: `Contract terms ${n}`, snippet: 'Redlines attached' });
  google.deliver(rep.email, { from: `bob@${domain}`, to: rep.email, cc: `ann@${domain}`, subject: `Kick-off ${n}`, snippet: 'Agenda' });
  await as(rep).emailConnections.syncNow({ id: connection.id });
  await runDueJobs(t, env);
  return { rep, account, contact, connection, domain };
}

describe('emailConnections', () => {
  it('lists the caller\'s mailboxes with their health; an admin sees everyone\'s', async () => {
    const s = await captured();
    const other = await makeUser(t.db);
    const admin = await makeUser(t.db, { role: 'admin' });
    const [mine] = await as(s.rep).emailConnections.list();
    expect(mine).toMatchObject({
      id: s.connection.id,
      emailAddress: s.rep.email.toLowerCase(),
      mine: true,
      state: 'active',
      sharingLevel: 'full',
      counters: { seen: 2, stored: 2, failed: 0 },
      coverage: 1,
    });
    expect(await as(other).emailConnections.list()).toEqual([]);
    const all = await as(admin).emailConnections.list();
    expect(all.find((c) => c.id === s.connection.id)).toMatchObject({ mine: false, ownerName: s.rep.name });
  });

  it('says what to configure for a provider that is not set up', async () => {
    const rep = await makeUser(t.db);
    const bare = createCaller({ ...ctxFor(t, rep) });
    const setup = await bare.emailConnections.providers();
    expect(setup.google).toMatchObject({ configured: false, missing: ['GOOGLE_CLIENT_ID', 'GOOGLE_CLIENT_SECRET'] });
    expect((await as(rep).emailConnections.providers()).google).toMatchObject({ configured: true, missing: [] });
  });

  it('syncs now for the owner or an admin only, and not a mailbox that needs reconnecting', async () => {
    const s = await captured();
    const other = await makeUser(t.db);
    await expectTrpcError(as(other).emailConnections.syncNow({ id: s.connection.id }), 'FORBIDDEN', /owner and admins/);
    await expectTrpcError(as(s.rep).emailConnections.syncNow({ id: 999_999 }), 'NOT_FOUND');
    await t.db.update(emailConnections).set({ status: 'needs_reconnect' }).where(eq(emailConnections.id, s.connection.id));
    await expectTrpcError(as(s.rep).emailConnections.syncNow({ id: s.connection.id }), 'BAD_REQUEST', /Reconnect/);
  });

  it('shares captured email with colleagues at the owner\'s level, on every timeline', async () => {
    const s = await captured();
    const colleague = await makeUser(t.db);
    await expectTrpcError(as(colleague).emailConnections.setSharingLevel({ id: s.connection.id, sharingLevel: 'metadata' }), 'FORBIDDEN');
    await expectTrpcError(as(s.rep).emailConnections.setSharingLevel({ id: s.connection.id, sharingLevel: 'secret' as never }), 'BAD_REQUEST');

    const read = async (user: typeof s.rep) => {
      const contactPage = await as(user).activities.listByRelated({ relatedToType: 'contact', relatedToId: s.contact.id, limit: 10 });
      const timeline = await as(user).activities.timeline({ accountId: s.account.id, limit: 10 });
      return [...contactPage.items, ...timeline.items].map((a) => [a.subject, a.body]);
    };
    expect(await read(colleague)).toContainEqual([`Contract terms ${n}`, 'Redlines attached']);

    await as(s.rep).emailConnections.setSharingLevel({ id: s.connection.id, sharingLevel: 'subject' });
    const subjectOnly = await read(colleague);
    expect(subjectOnly).toContainEqual([`Contract terms ${n}`, null]);
    expect(JSON.stringify(subjectOnly)).not.toContain('Redlines');

    await as(s.rep).emailConnections.setSharingLevel({ id: s.connection.id, sharingLevel: 'metadata' });
    const metadata = await read(colleague);
    expect(JSON.stringify(metadata)).not.toMatch(/Contract terms|Redlines|Kick-off|Agenda/);
    expect(metadata).toContainEqual(['Email (subject private)', null]);
    // Its owner still sees everything.
    expect(await read(s.rep)).toContainEqual([`Contract terms ${n}`, 'Redlines attached']);
  });

  it('disconnects: stops the watch, revokes the grant, deletes the tokens, keeps the captured email', async () => {
    const s = await captured();
    google.requests.length = 0;
    await as(s.rep).emailConnections.disconnect({ id: s.connection.id });
    const row = await connectionRow(t, s.connection.id);
    expect(row).toMatchObject({ status: 'disconnected', accessTokenEncrypted: null, refreshTokenEncrypted: null, cursor: null });
    expect(google.requests.map((r) => r.path)).toContain('/revoke');
    expect(await t.db.select().from(activities).where(eq(activities.captureConnectionId, s.connection.id))).toHaveLength(2);
    await expectTrpcError(as(s.rep).emailConnections.syncNow({ id: s.connection.id }), 'BAD_REQUEST', /disconnected/);
  });
});

describe('blocklist', () => {
  it('adding an entry removes the captured email it covers, with its audit rows', async () => {
    const s = await captured();
    const [kickoff] = await t.db.select().from(activities).where(eq(activities.subject, `Kick-off ${n}`));
    const { entry, removed } = await as(s.rep).blocklist.add({ value: ` BOB@${s.domain.toUpperCase()} `, scope: 'user' });
    expect(entry).toMatchObject({ scope: 'user', value: `bob@${s.domain}` });
    expect(removed).toBe(1);
    const left = await t.db.select().from(activities).where(eq(activities.captureConnectionId, s.connection.id));
    expect(left.map((a) => a.subject)).toEqual([`Contract terms ${n}`]);
    expect(await t.db.select().from(auditLog).where(and(eq(auditLog.entityType, 'activity'), eq(auditLog.entityId, String(kickoff!.id))))).toHaveLength(0);

    const { removed: byDomain } = await as(s.rep).blocklist.add({ value: `@${s.domain}`, scope: 'user' });
    expect(byDomain).toBe(1);
    expect((await as(s.rep).blocklist.list()).mine.map((e) => e.value)).toEqual([`@${s.domain}`, `bob@${s.domain}`]);
    // Later mail from there is not captured either.
    google.deliver(s.rep.email, { from: `ann@${s.domain}`, to: s.rep.email, subject: 'After blocking' });
    await as(s.rep).emailConnections.syncNow({ id: s.connection.id });
    await runDueJobs(t, env);
    expect(await t.db.select().from(activities).where(eq(activities.captureConnectionId, s.connection.id))).toHaveLength(0);
  });

  it('checks values and scopes: field errors, duplicates, the organisation\'s list for admins only', async () => {
    const rep = await makeUser(t.db);
    const admin = await makeUser(t.db, { role: 'admin' });
    const bad = await clientError(as(rep).blocklist.add({ value: 'not an address', scope: 'user' }));
    expect(bad.fieldErrors?.value?.[0]).toMatch(/address like/);
    await expectTrpcError(as(rep).blocklist.add({ value: '@partner.example', scope: 'org' }), 'FORBIDDEN', /admins/);
    const { entry } = await as(admin).blocklist.add({ value: '@partner.example', scope: 'org' });
    await expectTrpcError(as(admin).blocklist.add({ value: '@partner.example', scope: 'org' }), 'CONFLICT', /already/);
    expect((await as(rep).blocklist.list()).organisation.map((e) => e.value)).toContain('@partner.example');
    await expectTrpcError(as(rep).blocklist.remove({ id: entry.id }), 'FORBIDDEN');
    await as(admin).blocklist.remove({ id: entry.id });
    expect((await as(rep).blocklist.list()).organisation.map((e) => e.value)).not.toContain('@partner.example');
  });
});
