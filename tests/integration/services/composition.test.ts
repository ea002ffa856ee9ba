// The foundations every capability builds on: services called with an actor from anywhere (a job here)
// meet the router's checks; writes compose in one transaction; every create is audited, in bulk too;
// the rule tables take upserts.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { accounts, auditLog, jobs, opportunityStageHistory, ruleOverrides, ruleResults } from '../../../drizzle/schema';
import { enqueue } from '../../../server/jobs/enqueue';
import { createJobRegistry, defineJob } from '../../../server/jobs/jobDefinition';
import { claimJobs, enqueueJob } from '../../../server/jobs/queue';
import { runJob } from '../../../server/jobs/worker';
import { type SessionUser, systemActor, userActor } from '../../../server/lib/actor';
import { insertManyAudited } from '../../../server/lib/audit';
import { fixedClock } from '../../../server/lib/clock';
import { createAccount } from '../../../server/services/accounts';
import { updateOpportunity } from '../../../server/services/opportunities';
import { auditTrail } from '../../helpers/audit';
import { callerFor } from '../../helpers/context';
import { clientError } from '../../helpers/errorShape';
import { makeAccount } from '../../helpers/factories/accounts';
import { makeLead } from '../../helpers/factories/leads';
import { makeOpportunity } from '../../helpers/factories/opportunities';
import { makeUser } from '../../helpers/factories/users';
import { silentLog } from '../jobs/support';
import { useTestDatabase } from '../../helpers/testDatabase';

const t = useTestDatabase();
const clock = fixedClock(new Date('2026-11-23T10:00:00.000Z'));

let rep: SessionUser;
let otherRep: SessionUser;
let manager: SessionUser;

beforeAll(async () => {
  rep = await makeUser(t.db, { role: 'rep' });
  otherRep = await makeUser(t.db, { role: 'rep' });
  manager = await makeUser(t.db, { role: 'manager' });
});

const as = (user: SessionUser) => callerFor(t, user, clock);

describe('a job calls a service with an actor', () => {
  // A job of the kind an automation would run: set a deal's next step on behalf of a user.
  const registry = createJobRegistry([
    defineJob({
      type: 'test.setNextStep',
      payload: z.object({ userId: z.string(), role: z.enum(['rep', 'manager']), opportunityId: z.number() }),
      async handle(ctx, p) {
        const actor = userActor({ id: p.userId, role: p.role, name: 'job' });
        await updateOpportunity(ctx.db, actor, { id: p.opportunityId, nextStep: 'Send the proposal' }, ctx.clock.now());
      },
    }),
  ]);

  async function runOne(payload: object) {
    const id = await enqueueJob(t.db, { type: 'test.setNextStep', payload, maxAttempts: 5 }, clock.now());
    const [claimed] = await claimJobs(t.db, 'test-worker', 1, clock.now(), 60_000);
    expect(claimed!.id).toBe(id);
    const outcome = await runJob({ db: t.db, env: t.env, log: silentLog, clock, registry }, 'test-worker', claimed!);
    const [job] = await t.db.select().from(jobs).where(eq(jobs.id, id));
    return { outcome, job: job! };
  }

  it("is refused another rep's deal exactly as the router refuses it, and is not retried", async () => {
    const account = await makeAccount(t.db, { ownerId: otherRep.id });
    const deal = await makeOpportunity(t.db, { ownerId: otherRep.id, accountId: account.id, nextStep: null });
    const viaRouter = await clientError(as(rep).opportunities.update({ id: deal.id, nextStep: 'Send the proposal' }));
    expect(viaRouter.code).toBe('FORBIDDEN');

    const { outcome, job } = await runOne({ userId: rep.id, role: 'rep', opportunityId: deal.id });
    expect(outcome).toBe('dead');
    expect(job).toMatchObject({ status: 'dead', attempts: 1, lastError: viaRouter.message });
    expect((await as(rep).opportunities.getById({ id: deal.id })).nextStep).toBeNull();
  });

  it('changes the deal for a manager, audited as that manager', async () => {
    const account = await makeAccount(t.db, { ownerId: otherRep.id });
    const deal = await makeOpportunity(t.db, { ownerId: otherRep.id, accountId: account.id, nextStep: null });
    const { outcome } = await runOne({ userId: manager.id, role: 'manager', opportunityId: deal.id });
    expect(outcome).toBe('done');
    expect((await as(rep).opportunities.getById({ id: deal.id })).nextStep).toBe('Send the proposal');
    expect((await auditTrail(t.db, 'opportunity', deal.id)).at(-1)).toMatchObject({
      action: 'update',
      actorId: manager.id,
      changes: { nextStep: [null, 'Send the proposal'] },
    });
  });
});

describe('lead conversion creates through the same services as the forms', () => {
  /** Audit changes with the ids that necessarily differ between two runs replaced. */
  const comparable = (changes: Record<string, unknown>) => ({ ...changes, accountId: changes.accountId === undefined ? undefined : 'ACCOUNT' });

  it('leaves the same stage history and audit rows as creating the records by hand', async () => {
    const lead = await makeLead(t.db, {
      ownerId: rep.id,
      firstName: 'Katherine',
      lastName: 'Johnson',
      email: 'katherine@orbital-mechanics.example',
      company: 'Orbital Mechanics',
      industry: 'Aerospace',
      region: 'NA',
      title: 'Head of Flight',
    });
    const converted = await as(rep).leads.convert({
      id: lead.id,
      createOpportunity: { opportunityName: 'Orbital pilot', amount: '42000', closeDate: '2027-02-28', stage: 'Solution/Demo' },
    });

    const byHandAccount = await as(rep).accounts.create({
      accountName: 'Orbital Mechanics',
      industry: 'Aerospace',
      region: 'NA',
      domain: 'orbital-mechanics.example',
    });
    // The same person by hand needs another email (emails are unique); everything else is the same.
    const byHandContact = await as(rep).contacts.create({
      firstName: 'Katherine',
      lastName: 'Johnson',
      email: 'katherine.j@orbital-mechanics.example',
      title: 'Head of Flight',
      accountId: byHandAccount.id,
    });
    const byHandDeal = await as(rep).opportunities.create({
      opportunityName: 'Orbital pilot',
      amount: '42000',
      closeDate: '2027-02-28',
      stage: 'Solution/Demo',
      accountId: byHandAccount.id,
    });

    const history = async (id: number) =>
      (
        await t.db
          .select()
          .from(opportunityStageHistory)
          .where(eq(opportunityStageHistory.opportunityId, id))
          .orderBy(asc(opportunityStageHistory.id))
      ).map(({ id: _id, opportunityId: _o, ...row }) => row);
    expect(await history(converted.convertedOpportunityId!)).toEqual(await history(byHandDeal.id));
    expect(await history(byHandDeal.id)).toEqual([
      expect.objectContaining({ fromStage: null, toStage: 'Solution/Demo', amount: '42000.00', changedById: rep.id }),
    ]);

    const auditOf = async (entityType: string, id: number) =>
      (await auditTrail(t.db, entityType, id)).map((a) => ({ action: a.action, actorId: a.actorId, changes: comparable(a.changes as Record<string, unknown>) }));
    expect(await auditOf('account', converted.convertedAccountId!)).toEqual(await auditOf('account', byHandAccount.id));
    expect(await auditOf('opportunity', converted.convertedOpportunityId!)).toEqual(await auditOf('opportunity', byHandDeal.id));
    const contactAudit = await auditOf('contact', converted.convertedContactId!);
    const byHandContactAudit = await auditOf('contact', byHandContact.id);
    expect(contactAudit).toHaveLength(1);
    expect(contactAudit[0]!.changes).toEqual({ ...byHandContactAudit[0]!.changes, email: 'katherine@orbital-mechanics.example', phone: null });
  });
});

describe('writes compose in the caller transaction', () => {
  it('rolls a service write back with the transaction that called it', async () => {
    const actor = userActor(rep);
    const failure = await t.db
      .transaction(async (tx) => {
        const account = await createAccount(tx, actor, { accountName: 'Never Committed', securityPosture: 'standard', industry: null, region: null, vertical: null, website: null, domain: null, parentAccountId: null }, clock.now());
        expect(account.accountName).toBe('Never Committed');
        throw new Error('a later step of the caller failed');
      })
      .catch((error: Error) => error.message);
    expect(failure).toBe('a later step of the caller failed');
    expect(await t.db.select().from(accounts).where(eq(accounts.accountName, 'Never Committed'))).toEqual([]);
    expect(await t.db.select().from(auditLog).where(sql`json_unquote(json_extract(${auditLog.changes}, '$.accountName')) = 'Never Committed'`)).toEqual([]);
  });
});

describe('bulk insert', () => {
  it('writes the records in one statement and one audit row per record', async () => {
    const names = ['Bulk One', 'Bulk Two', 'Bulk Three'];
    const actor = systemActor('import');
    const ids = await t.db.transaction((tx) =>
      insertManyAudited(tx, accounts, names.map((accountName) => ({ accountName, ownerId: rep.id })), { actor, entityType: 'account', now: clock.now() }),
    );
    expect(ids).toHaveLength(3);
    const rows = await t.db.select({ id: accounts.id, accountName: accounts.accountName, createdAt: accounts.createdAt }).from(accounts).where(inArray(accounts.id, ids));
    expect(rows.map((r) => [r.id, r.accountName])).toEqual(ids.map((id, i) => [id, names[i]]));
    expect(rows.every((r) => r.createdAt.getTime() === clock.now().getTime())).toBe(true);
    const audit = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'account'), inArray(auditLog.entityId, ids.map(String))))
      .orderBy(asc(auditLog.id));
    expect(audit.map((a) => [a.entityId, a.action, a.actorId, (a.changes as { accountName: string }).accountName])).toEqual(
      ids.map((id, i) => [String(id), 'create', null, names[i]]),
    );
  });
});

describe('rule tables take upserts', () => {
  it('keeps one result per rule and record however often a scan writes it', async () => {
    const account = await makeAccount(t.db, { ownerId: rep.id });
    const deal = await makeOpportunity(t.db, { ownerId: rep.id, accountId: account.id });
    const scan = (at: Date) =>
      t.db
        .insert(ruleResults)
        .values({ ruleId: 'close_date_past', recordType: 'opportunity', recordId: deal.id, severity: 'critical', message: 'Close date has passed', firstSeenAt: at, lastSeenAt: at })
        .onDuplicateKeyUpdate({ set: { lastSeenAt: sql`values(${ruleResults.lastSeenAt})`, resolvedAt: null } });
    await Promise.all([scan(new Date('2026-11-20T02:00:00Z')), scan(new Date('2026-11-20T02:00:00Z'))]);
    await scan(new Date('2026-11-21T02:00:00Z'));
    const rows = await t.db.select().from(ruleResults).where(eq(ruleResults.recordId, deal.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ firstSeenAt: new Date('2026-11-20T02:00:00Z'), lastSeenAt: new Date('2026-11-21T02:00:00Z') });
  });

  it('keeps one organisation-wide override per rule (its user id is NULL) beside per-user ones', async () => {
    const setOverride = (userId: string | null, enabled: boolean) =>
      t.db.insert(ruleOverrides).values({ ruleId: 'amount_outlier', userId, enabled }).onDuplicateKeyUpdate({ set: { enabled } });
    await setOverride(null, false);
    await setOverride(null, true);
    await setOverride(rep.id, false);
    await setOverride(otherRep.id, false);
    await setOverride(rep.id, true);
    const rows = await t.db.select().from(ruleOverrides).where(eq(ruleOverrides.ruleId, 'amount_outlier')).orderBy(asc(ruleOverrides.id));
    expect(rows.map((r) => [r.userId, r.enabled])).toEqual([
      [null, true],
      [rep.id, true],
      [otherRep.id, false],
    ]);
  });
});

describe('typed jobs', () => {
  it('enqueues a registered type with its payload', async () => {
    const id = await enqueue(t.db, { type: 'maintenance.purgeExpired', payload: {}, dedupeKey: 'composition-test' }, clock.now());
    const [job] = await t.db.select().from(jobs).where(eq(jobs.id, id));
    expect(job).toMatchObject({ type: 'maintenance.purgeExpired', status: 'queued' });
    // @ts-expect-error: a job type nobody registered does not type-check (npm run typecheck fails if it would).
    await expect(enqueue(t.db, { type: 'no.suchJob', payload: {} }, clock.now())).resolves.toBeGreaterThan(0);
  });
});
