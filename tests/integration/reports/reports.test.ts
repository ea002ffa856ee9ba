// The report builder against real MySQL: the whitelist refuses what is not in it (each problem on its own
// path), aggregates are exact on a known set of deals, grouped results page by keyset, a rep's report shows
// captured email as the rep may see it, saved reports are their owner's or shared, and runs are logged.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, emailConnections, opportunities, reportExecutions } from '../../../drizzle/schema';
import type { SessionUser } from '../../../server/lib/actor';
import { fixedClock } from '../../../server/lib/clock';
import { saveReport } from '../../../server/reports/savedReports';
import { userActor } from '../../../server/lib/actor';
import type { ReportDefinitionInput } from '../../../shared/schemas/reports';
import { callerFor } from '../../helpers/context';
import { clientError } from '../../helpers/errorShape';
import { makeAccount } from '../../helpers/factories/accounts';
import { makeActivity } from '../../helpers/factories/activities';
import { makeOpportunity } from '../../helpers/factories/opportunities';
import { makeUser } from '../../helpers/factories/users';
import { useTestDatabase } from '../../helpers/testDatabase';

const t = useTestDatabase();
const NOW = new Date('2026-11-24T15:00:00.000Z');
const clock = fixedClock(NOW);
let rep: SessionUser;
let otherRep: SessionUser;
let manager: SessionUser;
let region: string;

const as = (user: SessionUser) => callerFor(t, user, clock);
const cellsOf = (page: { rows: { cells: unknown[] }[] }) => page.rows.map((r) => r.cells);

beforeAll(async () => {
  rep = await makeUser(t.db, { role: 'rep', name: 'Rita Reporter' });
  otherRep = await makeUser(t.db, { role: 'rep', name: 'Omar Other' });
  manager = await makeUser(t.db, { role: 'manager', name: 'Mona Manager' });
  region = `R-${Date.now()}`;
  const acme = await makeAccount(t.db, { ownerId: rep.id, accountName: 'Acme Reports', region });
  const globex = await makeAccount(t.db, { ownerId: otherRep.id, accountName: 'Globex Reports', region });
  // A known book: amounts chosen so float arithmetic would show (0.1 + 0.2), three stages, two owners.
  const deals = [
    { owner: rep, account: acme, stage: 'Proposal', amount: '0.10', closeDate: '2026-10-15' },
    { owner: rep, account: acme, stage: 'Proposal', amount: '0.20', closeDate: '2026-11-15' },
    { owner: rep, account: acme, stage: 'Discovery', amount: '1000000.05', closeDate: '2027-01-10' },
    { owner: otherRep, account: globex, stage: 'Discovery', amount: '250.00', closeDate: '2027-02-01' },
    { owner: otherRep, account: globex, stage: 'Closed Won', amount: '999.99', closeDate: '2026-09-30' },
    { owner: otherRep, account: globex, stage: 'Closed Won', amount: null, closeDate: '2026-08-01' },
  ] as const;
  for (const [i, d] of deals.entries()) {
    await makeOpportunity(t.db, { ownerId: d.owner.id, accountId: d.account.id, opportunityName: `RPT deal ${i}`, stage: d.stage, amount: d.amount, closeDate: d.closeDate });
  }
  // Deleted deals are in no report.
  const gone = await makeOpportunity(t.db, { ownerId: rep.id, accountId: acme.id, opportunityName: 'RPT deleted', stage: 'Proposal', amount: '5000.00' });
  await t.db.update(opportunities).set({ deletedAt: NOW }).where(eq(opportunities.id, gone.id));

  // Captured email: otherRep's mailbox shares metadata only, so the rep sees "Email (subject private)".
  const [conn] = await t.db.insert(emailConnections).values({ userId: otherRep.id, provider: 'google', emailAddress: `omar-${Date.now()}@acme.test`, sharingLevel: 'metadata' }).$returningId();
  await makeActivity(t.db, { ownerId: otherRep.id, type: 'email', subject: 'Secret pricing for Acme', relatedToType: 'account', relatedToId: acme.id, accountId: acme.id, occurredAt: NOW, captureConnectionId: conn!.id });
  await makeActivity(t.db, { ownerId: rep.id, type: 'call', subject: 'Discovery call with Acme', relatedToType: 'account', relatedToId: acme.id, accountId: acme.id, occurredAt: NOW });
});

const byStage: ReportDefinitionInput = {
  entity: 'opportunities',
  filters: [{ field: 'accountName', op: 'contains', value: 'Reports' }],
  groupBy: [{ field: 'stage' }],
  aggregates: [{ fn: 'count' }, { fn: 'sum', field: 'amount' }, { fn: 'avg', field: 'amount' }, { fn: 'min', field: 'amount' }, { fn: 'max', field: 'closeDate' }],
};

describe('reports.execute', () => {
  it('refuses fields outside the whitelist, each on its own path, before any SQL', async () => {
    const error = await clientError(
      as(rep).reports.execute({
        entity: 'opportunities',
        columns: ['opportunityName', 'password', 'amount; drop table users'],
        filters: [{ field: 'metrics', op: 'contains', value: 'x' }, { field: 'amount', op: 'contains', value: 'x' }],
        sort: [{ by: 'ownerId', direction: 'asc' }],
      }),
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.fieldErrors).toEqual({
      'columns.1': ['"password" is not a field of opportunities a report can use'],
      'columns.2': ['"amount; drop table users" is not a field of opportunities a report can use'],
      'filters.0.field': ['"metrics" is not a field of opportunities a report can use'],
      'filters.1.op': ['"contains" does not apply to Amount'],
      'sort.0.by': ['"ownerId" is not a field of opportunities a report can use'],
    });
    const aggregate = await clientError(as(rep).reports.execute({ entity: 'accounts', aggregates: [{ fn: 'sum', field: 'accountName' }] }));
    expect(aggregate.fieldErrors).toEqual({ 'aggregates.0.field': ['Sum needs a number or amount; Account name is not one'] });
    const enumValue = await clientError(as(rep).reports.execute({ entity: 'opportunities', columns: ['stage'], filters: [{ field: 'stage', op: 'in', value: ['Won'] }] }));
    expect(enumValue.fieldErrors?.['filters.0.value']?.[0]).toMatch(/^"Won" is not a stage; choose from Prospecting, Discovery/);
  });

  it('computes count, sum, average, minimum and maximum exactly, by stage in pipeline order', async () => {
    const page = await as(rep).reports.execute(byStage);
    expect(page.mode).toBe('groups');
    expect(page.columns.map((c) => c.label)).toEqual(['Stage', 'Count', 'Sum of Amount', 'Average of Amount', 'Minimum of Amount', 'Maximum of Close date']);
    expect(cellsOf(page)).toEqual([
      ['Discovery', 2, '1000250.05', '500125.03', '250.00', '2027-02-01'],
      ['Proposal', 2, '0.30', '0.15', '0.10', '2026-11-15'],
      // A deal without an amount counts, and sums as nothing.
      ['Closed Won', 2, '999.99', '999.99', '999.99', '2026-09-30'],
    ]);
    expect(page.total).toBe(3);
  });

  it('groups by owner and close quarter, and a summary without groups is one row', async () => {
    const page = await as(rep).reports.execute({ ...byStage, groupBy: [{ field: 'owner' }, { field: 'closeDate', bucket: 'quarter' }], aggregates: [{ fn: 'sum', field: 'amount' }] });
    expect(cellsOf(page)).toEqual([
      ['Omar Other', '2026-Q3', '999.99'],
      ['Omar Other', '2027-Q1', '250.00'],
      ['Rita Reporter', '2026-Q4', '0.30'],
      ['Rita Reporter', '2027-Q1', '1000000.05'],
    ]);
    const total = await as(rep).reports.execute({ ...byStage, groupBy: [], aggregates: [{ fn: 'count' }, { fn: 'sum', field: 'amount' }] });
    expect(cellsOf(total)).toEqual([[6, '1001250.34']]);
  });

  it('pages groups and rows by keyset, sorted by an aggregate or a column, with nothing lost or repeated', async () => {
    const sorted = { ...byStage, aggregates: [{ fn: 'sum' as const, field: 'amount' }], sort: [{ by: 'sum:amount', direction: 'desc' as const }] };
    const first = await as(rep).reports.execute({ ...sorted, limit: 2 });
    expect(cellsOf(first)).toEqual([['Discovery', '1000250.05'], ['Closed Won', '999.99']]);
    const second = await as(rep).reports.execute({ ...sorted, limit: 2, cursor: first.nextCursor });
    expect(cellsOf(second)).toEqual([['Proposal', '0.30']]);
    expect(second.nextCursor).toBeNull();

    const list = { entity: 'opportunities' as const, columns: ['opportunityName', 'amount'], filters: byStage.filters, sort: [{ by: 'amount', direction: 'desc' as const }] };
    const names: unknown[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<ReturnType<typeof as>['reports']['execute']>> = await as(rep).reports.execute({ ...list, limit: 4, cursor });
      names.push(...page.rows.map((r) => r.cells[0]));
      cursor = page.nextCursor;
    } while (cursor);
    // Descending amounts, the deal without one last (as MySQL orders NULL), the deleted deal nowhere.
    expect(names).toEqual(['RPT deal 2', 'RPT deal 4', 'RPT deal 3', 'RPT deal 1', 'RPT deal 0', 'RPT deal 5']);
  });

  it('filters by owner "me", dates, amounts and emptiness, with values bound as given', async () => {
    const mine = await as(rep).reports.execute({ entity: 'opportunities', columns: ['opportunityName'], filters: [...byStage.filters!, { field: 'owner', op: 'eq', value: 'me' }, { field: 'closeDate', op: 'between', value: ['2026-10-01', '2026-12-31'] }] });
    expect(cellsOf(mine)).toEqual([['RPT deal 0'], ['RPT deal 1']]);
    const noAmount = await as(rep).reports.execute({ entity: 'opportunities', columns: ['opportunityName', 'open'], filters: [...byStage.filters!, { field: 'amount', op: 'isEmpty' }] });
    expect(cellsOf(noAmount)).toEqual([['RPT deal 5', false]]);
    const hostile = await as(rep).reports.execute({ entity: 'opportunities', columns: ['opportunityName'], filters: [{ field: 'opportunityName', op: 'contains', value: "%' or 1=1 --" }] });
    expect(hostile.rows).toEqual([]);
    const big = await as(rep).reports.execute({ entity: 'opportunities', columns: ['opportunityName'], filters: [...byStage.filters!, { field: 'amount', op: 'gte', value: '999.99' }, { field: 'stage', op: 'neq', value: 'Closed Lost' }] });
    expect(cellsOf(big)).toEqual([['RPT deal 2'], ['RPT deal 4']]);
  });

  it('shows a rep captured email at its mailbox’s sharing level, and its owner the subject', async () => {
    const definition = { entity: 'activities' as const, columns: ['subject', 'owner'], filters: [{ field: 'accountName', op: 'eq' as const, value: 'Acme Reports' }], sort: [{ by: 'subject', direction: 'asc' as const }] };
    expect(cellsOf(await as(rep).reports.execute(definition))).toEqual([['Discovery call with Acme', 'Rita Reporter'], ['Email (subject private)', 'Omar Other']]);
    expect(cellsOf(await as(otherRep).reports.execute(definition))).toEqual([['Discovery call with Acme', 'Rita Reporter'], ['Secret pricing for Acme', 'Omar Other']]);
    // Filtering or grouping on the hidden subject finds nothing of it either.
    const probe = await as(rep).reports.execute({ ...definition, filters: [...definition.filters, { field: 'subject', op: 'contains', value: 'Secret' }] });
    expect(probe.rows).toEqual([]);
    const grouped = await as(rep).reports.execute({ entity: 'activities', filters: definition.filters, groupBy: [{ field: 'subject' }] });
    expect(cellsOf(grouped).map((c) => c[0])).toEqual(['Discovery call with Acme', 'Email (subject private)']);
  });
});

describe('saved reports', () => {
  it('saves, lists, runs (logging the run), updates and deletes, audited; others see it only when shared', async () => {
    const saved = await as(rep).reports.save({ name: 'RPT pipeline by stage', definition: byStage });
    expect(saved.canEdit).toBe(true);
    expect((await as(rep).reports.list()).map((r) => r.name)).toContain('RPT pipeline by stage');
    expect((await as(otherRep).reports.list()).map((r) => r.name)).not.toContain('RPT pipeline by stage');
    expect((await clientError(as(otherRep).reports.get({ id: saved.id }))).code).toBe('NOT_FOUND');

    const run = await as(rep).reports.run({ id: saved.id });
    expect(run.total).toBe(3);
    const [execution] = await t.db.select().from(reportExecutions).where(eq(reportExecutions.id, run.executionId!));
    expect(execution).toMatchObject({ status: 'succeeded', trigger: 'manual', rowCount: 3, runById: rep.id });
    expect((await as(rep).reports.get({ id: saved.id })).runs[0]).toMatchObject({ status: 'succeeded', rowCount: 3, runByName: 'Rita Reporter' });

    await as(rep).reports.update({ id: saved.id, shared: true });
    const theirs = await as(otherRep).reports.get({ id: saved.id });
    expect(theirs.canEdit).toBe(false);
    expect((await clientError(as(otherRep).reports.update({ id: saved.id, name: 'Mine now' }))).code).toBe('FORBIDDEN');
    expect((await clientError(as(manager).reports.delete({ id: saved.id }))).code).toBe('FORBIDDEN');
    // A shared report runs as whoever runs it.
    expect((await as(otherRep).reports.run({ id: saved.id })).executionId).not.toBeNull();

    const bad = await clientError(as(rep).reports.update({ id: saved.id, definition: { entity: 'opportunities', columns: ['secret'] } }));
    expect(bad.fieldErrors).toEqual({ 'definition.columns.0': ['"secret" is not a field of opportunities a report can use'] });

    await as(rep).reports.delete({ id: saved.id });
    const audits = await t.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.entityId, String(saved.id)));
    expect(audits.map((a) => a.action).sort()).toEqual(['create', 'delete', 'update']);
    expect((await clientError(as(rep).reports.get({ id: saved.id }))).code).toBe('NOT_FOUND');
  });

  it('saveReport is a plain service another module can call (the assistant’s "save as report")', async () => {
    const view = await saveReport(t.db, userActor(manager), { name: 'RPT from an answer', definition: { entity: 'leads', groupBy: [{ field: 'leadSource' }] } }, NOW);
    expect(view).toMatchObject({ name: 'RPT from an answer', ownerName: 'Mona Manager', shared: false });
    await expect(saveReport(t.db, userActor(manager), { name: '', definition: { entity: 'leads', columns: ['nope'] } }, NOW)).rejects.toMatchObject({
      fieldErrors: { name: ['Name is required'] },
    });
  });
});
