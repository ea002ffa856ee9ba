// search.global: what a person types finds the records they mean, best first, served by indexes; an empty
// query answers their recently viewed records.
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { accounts, contacts, leads } from '../../../drizzle/schema';
import type { SessionUser } from '../../../server/lib/actor';
import { fixedClock } from '../../../server/lib/clock';
import { searchBranches } from '../../../server/services/search';
import { callerFor } from '../../helpers/context';
import { makeAccount } from '../../helpers/factories/accounts';
import { makeCase } from '../../helpers/factories/cases';
import { makeContact } from '../../helpers/factories/contacts';
import { makeLead } from '../../helpers/factories/leads';
import { makeOpportunity } from '../../helpers/factories/opportunities';
import { makeProject } from '../../helpers/factories/projects';
import { makeUser } from '../../helpers/factories/users';
import { useTestDatabase } from '../../helpers/testDatabase';

const t = useTestDatabase();
let rep: SessionUser;
let other: SessionUser;
const ids = {} as Record<'globexCorp' | 'globex' | 'globexMine' | 'liam' | 'lead' | 'deal' | 'project' | 'case', number>;

const titles = (items: { type: string; title: string }[]) => items.map((i) => `${i.type}:${i.title}`);

beforeAll(async () => {
  rep = await makeUser(t.db, { role: 'rep', name: 'Priya Rep' });
  other = await makeUser(t.db, { role: 'rep', name: 'Omar Other' });
  // Enough unrelated rows that the optimiser's choice between an index and a scan is a real one.
  await t.db.insert(accounts).values(Array.from({ length: 400 }, (_, i) => ({ accountName: `Filler ${i}`, domain: `filler${i}.example`, ownerId: other.id })));
  await t.db.insert(contacts).values(
    Array.from({ length: 400 }, (_, i) => ({ firstName: `First${i}`, lastName: `Last${i}`, email: `f${i}@filler.example`, phone: `+44 20 7946 ${String(i).padStart(4, '0')}`, ownerId: other.id })),
  );
  await t.db.insert(leads).values(
    Array.from({ length: 400 }, (_, i) => ({ firstName: `Lf${i}`, lastName: `Ll${i}`, company: `Co ${i}`, email: `l${i}@co.example`, ownerId: other.id })),
  );
  await t.db.execute(sql`ANALYZE TABLE accounts, contacts, leads, opportunities, projects, cases`);

  const globexCorp = await makeAccount(t.db, { accountName: 'Globex Corporation', domain: 'globex.example', ownerId: other.id });
  const globex = await makeAccount(t.db, { accountName: 'Globex', ownerId: other.id });
  const globexMine = await makeAccount(t.db, { accountName: 'Globex Holdings', ownerId: rep.id });
  await makeAccount(t.db, { accountName: 'Globex Deleted', ownerId: rep.id, deletedAt: new Date() });
  ids.globexCorp = globexCorp.id;
  ids.globex = globex.id;
  ids.globexMine = globexMine.id;
  const liam = await makeContact(t.db, { firstName: 'Liam', lastName: 'Abbott', email: 'liam.abbott@globex.example', phone: '+1 415 555 0100', accountId: globexCorp.id, ownerId: other.id });
  ids.liam = liam.id;
  await makeContact(t.db, { firstName: 'Liam', lastName: 'Zimmer', ownerId: other.id });
  const lead = await makeLead(t.db, { firstName: 'Liam', lastName: 'Abbott', company: 'Abbott Freight', email: 'liam@abbottfreight.example', ownerId: rep.id });
  ids.lead = lead.id;
  const deal = await makeOpportunity(t.db, { opportunityName: 'Globex – platform rollout', accountId: globexCorp.id, ownerId: rep.id });
  ids.deal = deal.id;
  await makeOpportunity(t.db, { opportunityName: 'Globex – gone', accountId: globexCorp.id, ownerId: rep.id, deletedAt: new Date() });
  const project = await makeProject(t.db, { projectName: 'Globex onboarding', accountId: globexCorp.id, ownerId: other.id });
  ids.project = project.id;
  const supportCase = await makeCase(t.db, { caseNumber: 'CS-7731', subject: 'SSO login loops', accountId: globexCorp.id, ownerId: other.id });
  ids.case = supportCase.id;
});

describe('search.global', () => {
  it('ranks the exact name first, then names that start with it (own records first), then other fields', async () => {
    const { items, recent } = await callerFor(t, rep).search.global({ q: 'globex' });
    expect(recent).toBe(false);
    const found = titles(items);
    expect(found[0]).toBe('account:Globex');
    // Own records before others' among names that start with what was typed.
    expect(found.indexOf('account:Globex Holdings')).toBeLessThan(found.indexOf('account:Globex Corporation'));
    expect(found.indexOf('opportunity:Globex – platform rollout')).toBeLessThan(found.indexOf('account:Globex Corporation'));
    expect(found).toContain('project:Globex onboarding');
    // Soft-deleted records are never found.
    expect(found).not.toContain('account:Globex Deleted');
    expect(found).not.toContain('opportunity:Globex – gone');
    const corp = items.find((i) => i.title === 'Globex Corporation');
    expect(corp).toMatchObject({ type: 'account', id: ids.globexCorp, subtitle: 'globex.example', ownerName: 'Omar Other' });
    const deal = items.find((i) => i.type === 'opportunity');
    expect(deal).toMatchObject({ id: ids.deal, accountName: 'Globex Corporation', subtitle: 'Prospecting', ownerName: 'Priya Rep' });
  });

  it('finds a person by first and last name, either way round, and by the start of each', async () => {
    const caller = callerFor(t, rep);
    for (const q of ['Liam Abbott', 'abbott liam', 'liam abb']) {
      const found = titles((await caller.search.global({ q })).items);
      expect(found, q).toEqual(expect.arrayContaining(['contact:Liam Abbott', 'lead:Liam Abbott']));
      expect(found, q).not.toContain('contact:Liam Zimmer');
    }
    const byFirst = titles((await caller.search.global({ q: 'liam' })).items);
    expect(byFirst).toEqual(expect.arrayContaining(['contact:Liam Abbott', 'contact:Liam Zimmer', 'lead:Liam Abbott']));
    const contact = (await caller.search.global({ q: 'Liam Abbott' })).items.find((i) => i.type === 'contact');
    expect(contact).toMatchObject({ id: ids.liam, accountName: 'Globex Corporation', subtitle: 'liam.abbott@globex.example' });
  });

  it('finds by email, domain (as a URL too), phone, company and case number', async () => {
    const caller = callerFor(t, rep);
    const first = async (q: string) => (await caller.search.global({ q })).items[0];
    expect(await first('liam.abbott@')).toMatchObject({ type: 'contact', id: ids.liam });
    expect(await first('https://www.globex.example/about')).toMatchObject({ type: 'account', id: ids.globexCorp });
    expect(await first('+1 415 555')).toMatchObject({ type: 'contact', id: ids.liam });
    expect(await first('Abbott Fr')).toMatchObject({ type: 'lead', id: ids.lead, accountName: 'Abbott Freight' });
    expect(await first('cs-7731')).toMatchObject({ type: 'case', id: ids.case, title: 'CS-7731: SSO login loops' });
  });

  it('treats % and _ as themselves, and answers at most `limit` items', async () => {
    const caller = callerFor(t, rep);
    expect((await caller.search.global({ q: 'G%x' })).items).toEqual([]);
    expect((await caller.search.global({ q: 'Filler_1' })).items).toEqual([]);
    expect((await caller.search.global({ q: 'filler', limit: 5 })).items).toHaveLength(5);
  });

  it('refuses a query too long, with a message', async () => {
    await expect(callerFor(t, rep).search.global({ q: 'x'.repeat(101) })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('at most 100 characters'),
    });
  });

  it('serves every look-up from an index: no table is scanned', async () => {
    for (const q of ['globex', 'Liam Abbott', '+1 415 555', 'liam.abbott@globex.example', 'cs-7731']) {
      const [rows] = await t.db.execute(sql`EXPLAIN ${sql.join(searchBranches(q, 20), sql` UNION ALL `)}`);
      const plan = rows as unknown as { table: string | null; type: string | null; key: string | null }[];
      const scans = plan.filter((r) => r.table && !r.table.startsWith('<union') && (r.type === 'ALL' || r.key === null));
      expect(scans, `${q}: ${JSON.stringify(plan)}`).toEqual([]);
    }
  });
});

describe('recently viewed', () => {
  it('answers an empty query with what the user opened, newest first, without deleted records', async () => {
    const me = await makeUser(t.db, { role: 'csm' });
    const caller = callerFor(t, me);
    expect(await caller.search.global({ q: '' })).toEqual({ items: [], recent: true });
    // A second apart each, as a person opens them (views in the same millisecond would tie).
    const openedAt = (second: number) => callerFor(t, me, fixedClock(new Date(Date.UTC(2026, 11, 1, 10, 0, second))));
    await openedAt(1).search.recordView({ type: 'account', id: ids.globexCorp });
    await openedAt(2).search.recordView({ type: 'contact', id: ids.liam });
    await openedAt(3).search.recordView({ type: 'case', id: ids.case });
    await openedAt(4).search.recordView({ type: 'account', id: ids.globexCorp });
    const { items, recent } = await caller.search.global({});
    expect(recent).toBe(true);
    expect(titles(items)).toEqual(['account:Globex Corporation', 'case:CS-7731: SSO login loops', 'contact:Liam Abbott']);
    // Someone else's views are theirs.
    expect((await callerFor(t, rep).search.global({})).items.map((i) => i.id)).not.toContain(ids.case);

    await t.db.execute(sql`UPDATE accounts SET deleted_at = NOW(3) WHERE id = ${ids.globexCorp}`);
    expect(titles((await caller.search.global({})).items)).toEqual(['case:CS-7731: SSO login loops', 'contact:Liam Abbott']);
    await t.db.execute(sql`UPDATE accounts SET deleted_at = NULL WHERE id = ${ids.globexCorp}`);
  });
});
