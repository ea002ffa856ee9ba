import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, jobs, leads, users, webhookEvents, webToLeadSources } from '../../../drizzle/schema';
import { signatureHeader } from '../../../server/domain/webhookSignature';
import { type SessionUser } from '../../../server/lib/actor';
import { fixedClock } from '../../../server/lib/clock';
import { secretsFor } from '../../../server/lib/secrets';
import { callerFor } from '../../helpers/context';
import { clientError } from '../../helpers/errorShape';
import { makeUser } from '../../helpers/factories/users';
import { startTestServer } from '../../helpers/http';
import { useTestDatabase } from '../../helpers/testDatabase';
import { runDueJobs } from './support';

const t = useTestDatabase();
let server: Awaited<ReturnType<typeof startTestServer>>;
let admin: SessionUser;
let rep: SessionUser;
let n = 0;

beforeAll(async () => {
  server = await startTestServer(t);
  admin = await makeUser(t.db, { role: 'admin', name: 'Ada Admin' });
  rep = await makeUser(t.db, { role: 'rep', name: 'Rosa Rep' });
});
afterAll(async () => {
  await server?.close();
});

const unix = (date = new Date()) => Math.floor(date.getTime() / 1000);

async function newSource(ownerId?: string) {
  n += 1;
  return callerFor(t, admin).webToLead.createSource({ name: `Website form ${n}`, ownerId });
}

function post(sourceId: string, body: string, headers: Record<string, string>) {
  return fetch(`${server.baseUrl}/webhooks/leads/${sourceId}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
}

function signedPost(sourceId: string, secret: string, lead: unknown, key: string, timestamp = unix()) {
  const body = JSON.stringify(lead);
  return post(sourceId, body, { 'x-trucrm-signature': signatureHeader(secret, timestamp, body), 'idempotency-key': key });
}

const eventsOf = (sourceId: string) =>
  t.db.select().from(webhookEvents).where(eq(webhookEvents.provider, 'web_to_lead')).then((rows) => rows.filter((r) => r.externalId.startsWith(`${sourceId}:`)));
const sourceRow = async (sourceId: string) => (await t.db.select().from(webToLeadSources).where(eq(webToLeadSources.publicId, sourceId)))[0]!;
const leadsFrom = (name: string) => t.db.select().from(leads).where(eq(leads.leadSource, name));

const lead = (extra: Record<string, unknown> = {}) => ({
  firstName: 'Maya',
  lastName: 'Okonkwo',
  email: 'Maya@Northwind.example',
  company: 'Northwind',
  title: 'Head of Ops',
  phone: '+44 20 7946 0000',
  campaign: 'Winter webinar',
  utm_source: 'linkedin',
  questions: { seats: 40 },
  ...extra,
});

describe('web-to-lead sources', () => {
  it('answers the secret once, stores it sealed and lists sources without it', async () => {
    const { sourceId, secret } = await newSource();
    expect(sourceId).toMatch(/^wls_[A-Za-z0-9_-]{16}$/);
    expect(secret).toMatch(/^whsec_/);
    const row = await sourceRow(sourceId);
    expect(row.secretSealed).not.toContain(secret.slice(6));
    expect(secretsFor(t.env).open(row.secretSealed, `web_to_lead_sources:${sourceId}:secret`)).toBe(secret);
    expect(row.ownerId).toBe(admin.id);
    const listed = await callerFor(t, admin).webToLead.listSources();
    const mine = listed.find((s) => s.sourceId === sourceId)!;
    expect(mine).toMatchObject({ ownerName: 'Ada Admin', receivedCount: 0, rejectedCount: 0, failedCount: 0, leadCount: 0 });
    expect(JSON.stringify(listed)).not.toContain(secret);
    const [audit] = await t.db.select().from(auditLog).where(and(eq(auditLog.entityType, 'web_to_lead_source'), eq(auditLog.entityId, String(row.id))));
    expect(JSON.stringify(audit!.changes)).not.toContain('whsec_');
  });

  it('is for admins only, refuses a name twice and an inactive owner', async () => {
    expect((await clientError(callerFor(t, rep).webToLead.createSource({ name: 'Mine' }))).code).toBe('FORBIDDEN');
    expect((await clientError(callerFor(t, rep).webToLead.listSources())).code).toBe('FORBIDDEN');
    await callerFor(t, admin).webToLead.createSource({ name: 'Partner portal' });
    const twice = await clientError(callerFor(t, admin).webToLead.createSource({ name: 'partner portal' }));
    expect(twice).toMatchObject({ code: 'CONFLICT', fieldErrors: { name: ['A source with this name already exists'] } });
    const blank = await clientError(callerFor(t, admin).webToLead.createSource({ name: '  ' }));
    expect(blank.fieldErrors).toEqual({ name: ['Name is required'] });
    const gone = await makeUser(t.db, { role: 'rep' });
    await t.db.update(users).set({ active: false }).where(eq(users.id, gone.id));
    expect((await clientError(callerFor(t, admin).webToLead.createSource({ name: 'Gone', ownerId: gone.id }))).fieldErrors).toEqual({ ownerId: ['Choose an active user'] });
  });
});

describe('POST /webhooks/leads/<sourceId>', () => {
  it('stores a signed lead once, answers 202 and creates the lead through the job queue with its extra fields', async () => {
    const { sourceId, secret } = await newSource(rep.id);
    const response = await signedPost(sourceId, secret, lead(), 'form-1');
    expect(response.status).toBe(202);
    const { eventId } = (await response.json()) as { eventId: number };
    expect(eventId).toBeGreaterThan(0);
    const [event] = await eventsOf(sourceId);
    expect(event).toMatchObject({ id: eventId, status: 'received', externalId: `${sourceId}:form-1` });
    const [job] = await t.db.select().from(jobs).where(eq(jobs.dedupeKey, `automation.webToLead:${eventId}`));
    expect(job?.status).toBe('queued');
    const source = await sourceRow(sourceId);
    expect(source.receivedCount).toBe(1);

    await runDueJobs(t);
    const created = await leadsFrom(source.name);
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({
      firstName: 'Maya',
      lastName: 'Okonkwo',
      email: 'maya@northwind.example',
      company: 'Northwind',
      title: 'Head of Ops',
      status: 'New',
      ownerId: rep.id,
      leadSource: source.name,
      extraFields: { campaign: 'Winter webinar', utm_source: 'linkedin', questions: { seats: 40 } },
    });
    const [processed] = await eventsOf(sourceId);
    expect(processed!.status).toBe('processed');
    // Created by the system, not by a user.
    const [audit] = await t.db.select().from(auditLog).where(and(eq(auditLog.entityType, 'lead'), eq(auditLog.entityId, String(created[0]!.id))));
    expect(audit).toMatchObject({ action: 'create', actorId: null });
    // Running the queue again does nothing more.
    await runDueJobs(t);
    expect(await leadsFrom(source.name)).toHaveLength(1);
  });

  it('answers the same idempotency key three times with the first event, and makes one lead', async () => {
    const { sourceId, secret } = await newSource(rep.id);
    const answers = [];
    for (let i = 0; i < 3; i++) {
      const response = await signedPost(sourceId, secret, lead(), 'retry-me');
      expect(response.status).toBe(202);
      answers.push(((await response.json()) as { eventId: number }).eventId);
      await runDueJobs(t);
    }
    expect(new Set(answers).size).toBe(1);
    expect(await eventsOf(sourceId)).toHaveLength(1);
    const source = await sourceRow(sourceId);
    expect(await leadsFrom(source.name)).toHaveLength(1);
    expect(source.receivedCount).toBe(1);
    // The key reused for another lead is refused rather than answered as if it were the first.
    const other = await signedPost(sourceId, secret, lead({ firstName: 'Someone', lastName: 'Else' }), 'retry-me');
    expect(other.status).toBe(409);
    expect(await eventsOf(sourceId)).toHaveLength(1);
  });

  it('refuses a bad signature with 401 and keeps nothing but a counter', async () => {
    const { sourceId, secret } = await newSource();
    const body = JSON.stringify(lead());
    const wrongSecret = await post(sourceId, body, { 'x-trucrm-signature': signatureHeader('whsec_not-the-secret', unix(), body), 'idempotency-key': 'k1' });
    expect(wrongSecret.status).toBe(401);
    expect(((await wrongSecret.json()) as { error: string }).error).toMatch(/Invalid signature/);
    // Signed, then altered on the way.
    const tampered = await post(sourceId, body.replace('Maya', 'Mallory'), { 'x-trucrm-signature': signatureHeader(secret, unix(), body), 'idempotency-key': 'k2' });
    expect(tampered.status).toBe(401);
    const unsigned = await post(sourceId, body, { 'idempotency-key': 'k3' });
    expect(unsigned.status).toBe(401);
    const garbled = await post(sourceId, body, { 'x-trucrm-signature': 'v1=abc,t=now', 'idempotency-key': 'k4' });
    expect(garbled.status).toBe(401);
    expect(await eventsOf(sourceId)).toHaveLength(0);
    const source = await sourceRow(sourceId);
    expect(source).toMatchObject({ rejectedCount: 4, receivedCount: 0 });
    expect(source.lastRejectedAt).toBeInstanceOf(Date);
    // An unknown source is answered the same way.
    const unknown = await signedPost('wls_doesnotexist000000', secret, lead(), 'k5');
    expect(unknown.status).toBe(401);
  });

  it('refuses a timestamp more than five minutes old (or ahead) as stale', async () => {
    const { sourceId, secret } = await newSource();
    const stale = await signedPost(sourceId, secret, lead(), 'old', unix() - 301);
    expect(stale.status).toBe(401);
    expect(((await stale.json()) as { error: string }).error).toMatch(/more than 5 minutes/);
    const ahead = await signedPost(sourceId, secret, lead(), 'ahead', unix() + 360);
    expect(ahead.status).toBe(401);
    const justInTime = await signedPost(sourceId, secret, lead(), 'recent', unix() - 240);
    expect(justInTime.status).toBe(202);
    expect(await eventsOf(sourceId)).toHaveLength(1);
    expect((await sourceRow(sourceId)).rejectedCount).toBe(2);
  });

  it('answers 422 with the field errors for a lead that fails validation, and stores nothing', async () => {
    const { sourceId, secret } = await newSource();
    const response = await signedPost(sourceId, secret, { lastName: 'Okonkwo', email: 'not-an-email', company: 'Northwind', employees: 'lots' }, 'bad-1');
    expect(response.status).toBe(422);
    const answer = (await response.json()) as { error: string; fieldErrors: Record<string, string[]> };
    expect(Object.keys(answer.fieldErrors).sort()).toEqual(['email', 'employees', 'firstName']);
    expect(answer.fieldErrors.email).toEqual(['Enter a valid email address']);
    const body = 'firstName=Maya';
    const notJson = await post(sourceId, body, { 'x-trucrm-signature': signatureHeader(secret, unix(), body), 'idempotency-key': 'bad-2' });
    expect(notJson.status).toBe(422);
    expect(await notJson.json()).toMatchObject({ error: 'The body is not JSON' });
    const missingKey = await post(sourceId, JSON.stringify(lead()), { 'x-trucrm-signature': signatureHeader(secret, unix(), JSON.stringify(lead())) });
    expect(missingKey.status).toBe(400);
    expect(await missingKey.json()).toMatchObject({ fieldErrors: { 'Idempotency-Key': [expect.stringMatching(/Idempotency-Key/)] } });
    expect(await eventsOf(sourceId)).toHaveLength(0);
    expect((await sourceRow(sourceId)).rejectedCount).toBe(0);
  });

  it('accepts the old secret for 24 hours after a rotation, and the new one at once', async () => {
    const { sourceId, secret: first } = await newSource();
    const rotated = await callerFor(t, admin).webToLead.rotateSecret({ sourceId });
    expect(rotated.secret).not.toBe(first);
    expect(rotated.previousSecretExpiresAt.getTime() - Date.now()).toBeGreaterThan(23.9 * 3600_000);
    expect((await signedPost(sourceId, first, lead(), 'old-secret')).status).toBe(202);
    expect((await signedPost(sourceId, rotated.secret, lead(), 'new-secret')).status).toBe(202);
    const listed = (await callerFor(t, admin).webToLead.listSources()).find((s) => s.sourceId === sourceId)!;
    expect(listed.previousSecretExpiresAt).toEqual(rotated.previousSecretExpiresAt);

    // A rotation 25 hours ago: its old secret no longer opens the door.
    const longAgo = fixedClock(new Date(Date.now() - 25 * 3600_000));
    const again = await callerFor(t, admin, longAgo).webToLead.rotateSecret({ sourceId });
    expect((await signedPost(sourceId, rotated.secret, lead(), 'expired-secret')).status).toBe(401);
    expect((await signedPost(sourceId, again.secret, lead(), 'newest-secret')).status).toBe(202);
    expect((await callerFor(t, admin).webToLead.listSources()).find((s) => s.sourceId === sourceId)!.previousSecretExpiresAt).toBeNull();
  });

  it('marks the event failed with the reason when the lead cannot be created', async () => {
    const owner = await makeUser(t.db, { role: 'rep' });
    const { sourceId, secret } = await newSource(owner.id);
    await t.db.update(users).set({ active: false }).where(eq(users.id, owner.id));
    expect((await signedPost(sourceId, secret, lead(), 'owner-gone')).status).toBe(202);
    await runDueJobs(t);
    const [event] = await eventsOf(sourceId);
    expect(event).toMatchObject({ status: 'failed', error: 'Choose an active user' });
    const listed = (await callerFor(t, admin).webToLead.listSources()).find((s) => s.sourceId === sourceId)!;
    expect(listed.failedCount).toBe(1);
    const events = await callerFor(t, admin).webToLead.recentEvents({ sourceId });
    expect(events[0]).toMatchObject({ status: 'failed', error: 'Choose an active user' });
  });
});
