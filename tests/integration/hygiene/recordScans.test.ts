// The incremental scans that changes to accounts, contacts, deals and activities queue: each change's job,
// run as the worker would, moves exactly the results the change affects, peers included.
import { and, eq, isNull } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { jobs, ruleResults } from '../../../drizzle/schema';
import { scanRecordJob } from '../../../server/hygiene/jobs';
import { type SessionUser, userActor } from '../../../server/lib/actor';
import { fixedClock } from '../../../server/lib/clock';
import { createLogger } from '../../../server/lib/log';
import { createActivity } from '../../../server/services/activities';
import { updateAccount } from '../../../server/services/accounts';
import { createContact, deleteContact } from '../../../server/services/contacts';
import { updateOpportunity } from '../../../server/services/opportunities';
import { makeAccount } from '../../helpers/factories/accounts';
import { makeOpportunity } from '../../helpers/factories/opportunities';
import { makeUser } from '../../helpers/factories/users';
import { useTestDatabase } from '../../helpers/testDatabase';

const t = useTestDatabase();
const DAY = 86_400_000;
let rep: SessionUser;
let clock = Date.now();
const tick = () => new Date((clock += 1_000));

/** Runs every queued record scan as the worker would and marks it done; returns which records it scanned. */
async function runQueuedRecordScans(): Promise<string[]> {
  const queued = await t.db.select().from(jobs).where(and(eq(jobs.type, 'hygiene.scanRecord'), eq(jobs.status, 'queued')));
  const at = tick();
  for (const job of queued) {
    const payload = job.payload as { recordType: 'account' | 'contact' | 'project' | 'case'; id: number };
    await scanRecordJob.handle(
      { db: t.db, log: createLogger('silent'), clock: fixedClock(at), env: t.env, job: { id: job.id, type: job.type, attempt: 1, maxAttempts: 5 }, signal: new AbortController().signal },
      payload,
    );
    await t.db.update(jobs).set({ status: 'done' }).where(eq(jobs.id, job.id));
  }
  return queued.map((j) => {
    const p = j.payload as { recordType: string; id: number };
    return `${p.recordType}:${p.id}`;
  }).sort();
}

const openResult = async (ruleId: string, recordType: string, recordId: number) =>
  (
    await t.db
      .select()
      .from(ruleResults)
      .where(and(eq(ruleResults.ruleId, ruleId), eq(ruleResults.recordType, recordType), eq(ruleResults.recordId, recordId), isNull(ruleResults.resolvedAt)))
  )[0];

beforeAll(async () => {
  rep = await makeUser(t.db, { role: 'rep' });
});

describe('incremental hygiene scans of accounts and contacts', () => {
  it("a domain change rescans the account and every account on both sides of it", async () => {
    const acme = await makeAccount(t.db, { ownerId: rep.id, domain: 'acme-scan.test', industry: 'Software' });
    const other = await makeAccount(t.db, { ownerId: rep.id, domain: 'other-scan.test', industry: 'Software' });
    await runQueuedRecordScans();

    await updateAccount(t.db, userActor(rep), { id: other.id, version: other.version, domain: 'acme-scan.test' }, tick());
    expect(await runQueuedRecordScans()).toEqual([`account:${acme.id}`, `account:${other.id}`].sort());
    expect(await openResult('duplicate_account_domain', 'account', acme.id)).toBeDefined();
    expect(await openResult('duplicate_account_domain', 'account', other.id)).toBeDefined();

    // Moving away again: the old domain's peer is rescanned too, so neither stays flagged.
    await updateAccount(t.db, userActor(rep), { id: other.id, version: other.version + 1, domain: 'other-scan.test' }, tick());
    expect(await runQueuedRecordScans()).toEqual([`account:${acme.id}`, `account:${other.id}`].sort());
    expect(await openResult('duplicate_account_domain', 'account', acme.id)).toBeUndefined();
    expect(await openResult('duplicate_account_domain', 'account', other.id)).toBeUndefined();
  });

  it('a contact created without email or phone is flagged at once, and its result resolves when it is deleted', async () => {
    const created = await createContact(
      t.db,
      userActor(rep),
      { firstName: 'Nora', lastName: 'Noaddress', email: null, phone: null, title: null, role: null, accountId: null, ownerId: undefined },
      tick(),
    );
    expect(await runQueuedRecordScans()).toEqual([`contact:${created.id}`]);
    expect(await openResult('contact_missing_email', 'contact', created.id)).toBeDefined();

    await deleteContact(t.db, userActor(rep), { id: created.id }, tick());
    expect(await runQueuedRecordScans()).toEqual([`contact:${created.id}`]);
    expect(await openResult('contact_missing_email', 'contact', created.id)).toBeUndefined();
  });

  it("winning a deal makes a quiet account a quiet customer, and logging a call on it clears that", async () => {
    const quietSince = new Date(clock - 90 * DAY);
    const account = await makeAccount(t.db, { ownerId: rep.id, industry: 'Software', createdAt: quietSince, lastActivityAt: quietSince });
    const deal = await makeOpportunity(t.db, { ownerId: rep.id, accountId: account.id, stage: 'Negotiation' });
    await runQueuedRecordScans();

    await updateOpportunity(t.db, userActor(rep), { id: deal.id, version: deal.version, stage: 'Closed Won' }, tick());
    expect(await runQueuedRecordScans()).toEqual([`account:${account.id}`]);
    expect(await openResult('account_no_activity_60d', 'account', account.id)).toMatchObject({ ownerId: rep.id });

    await createActivity(t.db, userActor(rep), { type: 'call', subject: 'Check-in', body: null, relatedToType: 'account', relatedToId: account.id }, tick());
    expect(await runQueuedRecordScans()).toEqual([`account:${account.id}`]);
    expect(await openResult('account_no_activity_60d', 'account', account.id)).toBeUndefined();
  });
});
