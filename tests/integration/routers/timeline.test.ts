import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../../drizzle/schema';
import type { SessionUser } from '../../../server/lib/actor';
import { callerFor } from '../../helpers/context';
import { clientError } from '../../helpers/errorShape';
import { makeAccount } from '../../helpers/factories/accounts';
import { makeActivity } from '../../helpers/factories/activities';
import { makeContact } from '../../helpers/factories/contacts';
import { makeOpportunity } from '../../helpers/factories/opportunities';
import { makeUser } from '../../helpers/factories/users';
import { walkPages } from '../../helpers/paging';
import { useTestDatabase } from '../../helpers/testDatabase';

const t = useTestDatabase();

let rep: SessionUser;
let otherRep: SessionUser;
let admin: SessionUser;

beforeAll(async () => {
  rep = await makeUser(t.db, { role: 'rep', name: 'Rita Rep' });
  otherRep = await makeUser(t.db, { role: 'rep', name: 'Otto Other' });
  admin = await makeUser(t.db, { role: 'admin', name: 'Ada Admin' });
});

const at = (iso: string) => new Date(iso);

async function audit(entityType: string, entityId: number, createdAt: Date, changes: Record<string, unknown>, actorId: string | null = rep.id, action: 'create' | 'update' | 'delete' = 'update') {
  await t.db.insert(auditLog).values({ actorId, action, entityType, entityId: String(entityId), changes, createdAt });
}

describe('timeline.record', () => {
  it('shows what a user logs and changes on a deal at once: the note, the stage move and the fields, with who and from -> to', async () => {
    const { id: accountId } = await makeAccount(t.db, { ownerId: rep.id, accountName: 'Northwind' });
    const champion = await makeContact(t.db, { ownerId: rep.id, accountId, firstName: 'Cara', lastName: 'Champion' });
    const deal = await makeOpportunity(t.db, { ownerId: rep.id, accountId, stage: 'Prospecting', amount: '1000.00' });
    // Audit rows are stamped by the database's clock, so the steps use the real one.
    const caller = callerFor(t, rep);
    const moved = await caller.opportunities.update({ id: deal.id, version: deal.version, amount: '2500.00', championContactId: champion.id, nextStep: 'Send pricing' });
    await caller.opportunities.update({ id: deal.id, version: moved.version, stage: 'Discovery' });
    await callerFor(t, otherRep).activities.create({
      type: 'call',
      subject: 'Pricing call',
      relatedToType: 'opportunity',
      relatedToId: deal.id,
    });

    const page = await callerFor(t, otherRep).timeline.record({ type: 'opportunity', id: deal.id });
    expect(page.items.map((i) => i.kind)).toEqual(['activity', 'change', 'change']);
    const [call, stageMove, fields] = page.items;
    expect(call?.kind === 'activity' && call.activity.subject).toBe('Pricing call');
    expect(call?.kind === 'activity' && call.activity.ownerName).toBe('Otto Other');
    expect(stageMove).toMatchObject({ kind: 'change', actorName: 'Rita Rep', stage: { from: 'Prospecting', to: 'Discovery' } });
    expect(fields).toMatchObject({ kind: 'change', action: 'update', actorName: 'Rita Rep', stage: null });
    expect(fields?.kind === 'change' && fields.changes).toEqual([
      { field: 'amount', label: 'Amount', from: '1000.00', to: '2500.00' },
      { field: 'nextStep', label: 'Next step', from: null, to: 'Send pricing' },
      { field: 'championContactId', label: 'Champion', from: null, to: 'Cara Champion' },
    ]);
  });

  it('never shows a field no timeline shows: updates of only such fields are left out, mixed ones keep the rest', async () => {
    const { id: accountId } = await makeAccount(t.db, { ownerId: rep.id });
    await audit('account', accountId, at('2026-10-01T09:00:00.000Z'), { lastActivityAt: [null, '2026-10-01'], version: [1, 2] });
    await audit('account', accountId, at('2026-10-02T09:00:00.000Z'), { industry: ['Retail', 'Software'], sealedToken: ['a', 'b'], searchKey: ['x', 'y'] });
    await audit('account', accountId, at('2026-10-03T09:00:00.000Z'), { accountName: 'Acme', apiSecret: 's3cret' }, rep.id, 'create');

    const page = await callerFor(t, otherRep).timeline.record({ type: 'account', id: accountId });
    expect(page.items).toHaveLength(2);
    const text = JSON.stringify(page);
    expect(text).not.toContain('sealedToken');
    expect(text).not.toContain('searchKey');
    expect(text).not.toContain('s3cret');
    expect(text).not.toContain('lastActivityAt');
    expect(page.items[0]).toMatchObject({ kind: 'change', action: 'create', changes: [] });
    expect(page.items[1]).toMatchObject({ kind: 'change', changes: [{ field: 'industry', label: 'Industry', from: 'Retail', to: 'Software' }] });
  });

  it('pages newest first through activities and changes with ties, hidden runs longer than a page, no gaps or duplicates', async () => {
    const { id: accountId } = await makeAccount(t.db, { ownerId: rep.id });
    const contact = await makeContact(t.db, { ownerId: rep.id, accountId });
    const stamps: { key: string; at: number }[] = [];
    for (let i = 0; i < 9; i += 1) {
      // Three per minute: activities and changes share instants.
      const when = at(`2026-09-01T10:0${Math.floor(i / 3)}:00.000Z`);
      const activity = await makeActivity(t.db, { ownerId: rep.id, relatedToType: 'contact', relatedToId: contact.id, accountId, occurredAt: when });
      stamps.push({ key: `activity:${activity.id}`, at: when.getTime() });
    }
    for (let i = 0; i < 7; i += 1) {
      const when = at(`2026-09-01T10:0${Math.floor(i / 3)}:00.000Z`);
      await audit('contact', contact.id, when, { title: [`T${i}`, `T${i + 1}`] });
    }
    // A run of bookkeeping-only rows, longer than a page, between the visible ones.
    for (let i = 0; i < 12; i += 1) await audit('contact', contact.id, at('2026-09-01T09:30:00.000Z'), { lastActivityAt: [null, 'x'] });
    await audit('contact', contact.id, at('2026-09-01T09:00:00.000Z'), { phone: [null, '+1 555 0100'] });

    const all = await callerFor(t, rep).timeline.record({ type: 'contact', id: contact.id, limit: 200 });
    const walked = await walkPages((cursor) => callerFor(t, rep).timeline.record({ type: 'contact', id: contact.id, limit: 4, cursor }));
    expect(walked.items.map((i) => i.key)).toEqual(all.items.map((i) => i.key));
    expect(new Set(walked.items.map((i) => i.key)).size).toBe(walked.items.length);
    expect(walked.items).toHaveLength(9 + 7 + 1);
    expect(walked.largestPage).toBeLessThanOrEqual(4);
    const times = walked.items.map((i) => new Date(i.at).getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(walked.items.at(-1)).toMatchObject({ kind: 'change', changes: [{ field: 'phone', to: '+1 555 0100' }] });
    expect(stamps.every((s) => walked.items.some((i) => i.key === s.key))).toBe(true);
  });

  it("filters to activities or changes, and an account's timeline takes in its contacts' activities", async () => {
    const { id: accountId } = await makeAccount(t.db, { ownerId: rep.id });
    const contact = await makeContact(t.db, { ownerId: rep.id, accountId });
    await makeActivity(t.db, { ownerId: rep.id, relatedToType: 'contact', relatedToId: contact.id, accountId, occurredAt: at('2026-08-02T10:00:00.000Z'), subject: 'Met the contact' });
    await audit('account', accountId, at('2026-08-01T10:00:00.000Z'), { region: ['EMEA', 'AMER'] });
    const caller = callerFor(t, rep);
    const activitiesOnly = await caller.timeline.record({ type: 'account', id: accountId, kinds: ['activity'] });
    expect(activitiesOnly.items.map((i) => i.kind === 'activity' && i.activity.subject)).toEqual(['Met the contact']);
    const changesOnly = await caller.timeline.record({ type: 'account', id: accountId, kinds: ['change'] });
    expect(changesOnly.items).toMatchObject([{ kind: 'change', changes: [{ field: 'region', from: 'EMEA', to: 'AMER' }] }]);
  });

  it('answers an unknown or deleted record and a bad cursor plainly', async () => {
    const caller = callerFor(t, rep);
    expect(await clientError(caller.timeline.record({ type: 'lead', id: 999999 }))).toMatchObject({ code: 'NOT_FOUND', message: 'Lead not found' });
    const { id: gone } = await makeAccount(t.db, { ownerId: rep.id, deletedAt: new Date() });
    expect((await clientError(caller.timeline.record({ type: 'account', id: gone }))).code).toBe('NOT_FOUND');
    const { id: accountId } = await makeAccount(t.db, { ownerId: rep.id });
    expect(await clientError(caller.timeline.record({ type: 'account', id: accountId, cursor: 'bm90LWEtY3Vyc29y' }))).toMatchObject({
      code: 'BAD_REQUEST',
      message: 'The page cursor is invalid; start again from the first page',
    });
  });
});

describe('audit.list', () => {
  it('is for admins only', async () => {
    expect(await clientError(callerFor(t, rep).audit.list({}))).toMatchObject({ code: 'FORBIDDEN', message: 'Only admins can read the audit log' });
  });

  it('filters by user, record type and dates, pages newest first, names the record and hides secrets', async () => {
    const actor = await makeUser(t.db, { role: 'rep', name: 'Audited Person' });
    const { id: accountId } = await makeAccount(t.db, { ownerId: actor.id, accountName: 'Audited Co' });
    for (let day = 1; day <= 5; day += 1) await audit('account', accountId, at(`2026-07-0${day}T12:00:00.000Z`), { region: [`R${day - 1}`, `R${day}`] }, actor.id);
    await audit('web_to_lead_source', 7, at('2026-07-03T12:00:00.000Z'), { secret: ['rotated', 'rotated'] }, actor.id);
    await audit('account', accountId, at('2026-07-03T13:00:00.000Z'), { region: ['x', 'y'] }, null);

    const caller = callerFor(t, admin);
    const byUser = await walkPages((cursor) => caller.audit.list({ actorId: actor.id, limit: 2, cursor }));
    expect(byUser.items).toHaveLength(6);
    expect(byUser.items.map((i) => new Date(i.at).toISOString())).toEqual([...byUser.items.map((i) => new Date(i.at).toISOString())].sort().reverse());
    expect(byUser.items.every((i) => i.actorName === 'Audited Person')).toBe(true);

    const accountsOnly = await caller.audit.list({ actorId: actor.id, entityType: 'account' });
    expect(accountsOnly.items).toHaveLength(5);
    expect(accountsOnly.items[0]).toMatchObject({ recordName: 'Audited Co', changes: [{ field: 'region', label: 'Region', from: 'R4', to: 'R5' }] });

    const window = await caller.audit.list({ entityType: 'account', from: at('2026-07-02T00:00:00.000Z'), to: at('2026-07-03T23:59:59.999Z') });
    expect(window.items.filter((i) => i.entityId === String(accountId)).map((i) => i.actorName)).toEqual([null, 'Audited Person', 'Audited Person']);

    const secret = await caller.audit.list({ entityType: 'web_to_lead_source', actorId: actor.id });
    expect(secret.items[0]?.changes).toEqual([{ field: 'secret', label: 'secret', from: null, to: '(hidden)' }]);

    expect((await clientError(caller.audit.list({ from: at('2026-07-05T00:00:00.000Z'), to: at('2026-07-01T00:00:00.000Z') }))).fieldErrors).toEqual({
      to: ['The end is before the start'],
    });
  });
});
