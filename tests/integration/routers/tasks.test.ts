// Tasks and My day through the router: a user's tasks by due window in their own time zone, completing and
// snoozing them through activities.update, today's meetings, deals needing attention (from open hygiene
// results), recently viewed.
import { beforeAll, describe, expect, it } from 'vitest';
import { ruleResults } from '../../../drizzle/schema';
import { runScan } from '../../../server/hygiene/scan';
import type { SessionUser } from '../../../server/lib/actor';
import { fixedClock } from '../../../server/lib/clock';
import { callerFor } from '../../helpers/context';
import { makeAccount } from '../../helpers/factories/accounts';
import { makeActivity } from '../../helpers/factories/activities';
import { makeOpportunity } from '../../helpers/factories/opportunities';
import { makeUser } from '../../helpers/factories/users';
import { useTestDatabase } from '../../helpers/testDatabase';

const t = useTestDatabase();
// 15:00 in Berlin (UTC+1): "today" there ends at 23:00 UTC.
const NOW = new Date('2026-12-02T14:00:00Z');
const clock = fixedClock(NOW);
let rep: SessionUser;
let other: SessionUser;
let accountId: number;
let dealId: number;
const at = (iso: string) => new Date(iso);

beforeAll(async () => {
  rep = { ...(await makeUser(t.db, { role: 'rep', name: 'Priya Rep' })), timeZone: 'Europe/Berlin' };
  other = await makeUser(t.db, { role: 'rep', name: 'Omar Other' });
  accountId = (await makeAccount(t.db, { accountName: 'Initech', ownerId: rep.id })).id;
  dealId = (
    await makeOpportunity(t.db, {
      opportunityName: 'Initech – printers',
      accountId,
      ownerId: rep.id,
      stage: 'Proposal',
      closeDate: '2026-11-20',
      nextStep: null,
      lastActivityAt: at('2026-11-01T10:00:00Z'),
      createdAt: at('2026-10-01T10:00:00Z'),
    })
  ).id;
  // The hygiene scan's own results on the late, quiet deal without a next step.
  await runScan(t.db, { kind: 'opportunity', id: dealId }, NOW);
  // Other deals get hand-made results, so the order and the scoping are exact.
  const deal = (opportunityName: string, extra: object = {}) =>
    makeOpportunity(t.db, { opportunityName, accountId, ownerId: rep.id, stage: 'Discovery', closeDate: '2027-02-01', nextStep: 'Demo on Friday', ...extra });
  const result = (recordId: number, ruleId: string, severity: 'critical' | 'warning' | 'info', extra: object = {}) =>
    t.db.insert(ruleResults).values({
      ruleId,
      recordType: 'opportunity',
      recordId,
      severity,
      message: `${ruleId} holds`,
      firstSeenAt: at('2026-11-28T10:00:00Z'),
      lastSeenAt: NOW,
      ownerId: rep.id,
      ...extra,
    });
  // Only advice (info) and a resolved warning: not on the list.
  const advised = await deal('Initech – support');
  await result(advised.id, 'stage_skipped', 'info');
  await result(advised.id, 'no_champion', 'warning', { resolvedAt: at('2026-12-01T10:00:00Z') });
  // Two warnings: the longer-open one is the top rule.
  const warned = await deal('Initech – scanners', { closeDate: '2027-01-10' });
  await result(warned.id, 'no_champion', 'warning', { firstSeenAt: at('2026-11-30T10:00:00Z') });
  await result(warned.id, 'single_threaded', 'warning', { firstSeenAt: at('2026-11-20T10:00:00Z') });
  // One warning, closing sooner: after the deal with more results at the same severity.
  const soon = await deal('Initech – toner', { closeDate: '2026-12-20' });
  await result(soon.id, 'no_meeting_30d', 'warning');
  // A critical result outranks warnings however many.
  const critical = await deal('Initech – fleet', { closeDate: null });
  await result(critical.id, 'discount_over_limit', 'critical');
  // Someone else's deal, a closed deal and a deleted one: never on the rep's list.
  await result((await deal('Initech – Omar’s', { ownerId: other.id })).id, 'discount_over_limit', 'critical');
  await result((await deal('Initech – lost', { stage: 'Closed Lost' })).id, 'discount_over_limit', 'critical');
  await result((await deal('Initech – deleted', { deletedAt: NOW })).id, 'discount_over_limit', 'critical');
  const on = { relatedToType: 'opportunity' as const, relatedToId: dealId, accountId };
  const task = (subject: string, dueAt: string, extra: object = {}) =>
    makeActivity(t.db, { ...on, type: 'task', subject, ownerId: rep.id, occurredAt: at('2026-11-25T09:00:00Z'), dueAt: at(dueAt), ...extra });
  await task('Overdue: send pricing', '2026-11-30T09:00:00Z');
  await task('Overdue this morning', '2026-12-02T08:00:00Z');
  await task('Today: call back', '2026-12-02T16:00:00Z');
  await task('Tonight, Berlin time', '2026-12-02T22:30:00Z');
  await task('Tomorrow in Berlin', '2026-12-02T23:30:00Z');
  await task('Done already', '2026-12-01T09:00:00Z', { completedAt: at('2026-12-01T10:00:00Z') });
  await makeActivity(t.db, { ...on, type: 'task', subject: 'Someone else’s', ownerId: other.id, occurredAt: NOW, dueAt: at('2026-12-02T16:00:00Z') });
  await makeActivity(t.db, { ...on, type: 'meeting', subject: 'QBR with Initech', ownerId: rep.id, occurredAt: at('2026-12-02T15:30:00Z') });
  await makeActivity(t.db, { ...on, type: 'meeting', subject: 'Tomorrow’s meeting', ownerId: rep.id, occurredAt: at('2026-12-03T09:00:00Z') });
});

const subjects = (items: { subject: string }[]) => items.map((i) => i.subject);

describe('tasks.myDay', () => {
  it("lists the user's overdue tasks and those due later today, in their time zone, and today's meetings", async () => {
    const day = await callerFor(t, rep, clock).tasks.myDay();
    expect(day.date).toBe('2026-12-02');
    expect(subjects(day.overdue)).toEqual(['Overdue: send pricing', 'Overdue this morning']);
    expect(subjects(day.today)).toEqual(['Today: call back', 'Tonight, Berlin time']);
    expect(subjects(day.meetings)).toEqual(['QBR with Initech']);
    expect(day.today[0]).toMatchObject({ relatedTo: { type: 'opportunity', id: dealId, name: 'Initech – printers' }, ownerName: 'Priya Rep' });
  });

  it("lists the user's open deals with open critical or warning results, most severe first, each with its top result", async () => {
    const caller = callerFor(t, rep, clock);
    const day = await caller.tasks.myDay();
    expect(day.attention.map((d) => d.opportunityName)).toEqual([
      'Initech – printers',
      'Initech – fleet',
      'Initech – scanners',
      'Initech – toner',
    ]);
    const [scanned, fleet, scanners, toner] = day.attention;
    // The scanned deal's top result is the first its page lists, and the count is its critical and warning ones.
    const page = await caller.hygiene.record({ recordType: 'opportunity', recordId: dealId });
    const serious = page.results.filter((r) => r.severity !== 'info');
    expect(scanned).toMatchObject({ accountName: 'Initech', stage: 'Proposal', openResults: serious.length });
    expect(scanned!.top).toEqual({ ruleId: serious[0]!.ruleId, severity: 'critical', message: serious[0]!.message });
    expect(serious.map((r) => r.ruleId)).toEqual(expect.arrayContaining(['close_date_past', 'no_next_step']));
    expect(fleet).toMatchObject({ top: { ruleId: 'discount_over_limit', severity: 'critical', message: 'discount_over_limit holds' }, openResults: 1 });
    expect(scanners).toMatchObject({ top: { ruleId: 'single_threaded', severity: 'warning' }, openResults: 2 });
    expect(toner).toMatchObject({ top: { ruleId: 'no_meeting_30d' }, openResults: 1 });
  });

  it('lists recently viewed records', async () => {
    const caller = callerFor(t, rep, clock);
    await caller.search.recordView({ type: 'opportunity', id: dealId });
    expect((await caller.tasks.myDay()).recent.map((r) => r.title)).toEqual(['Initech – printers']);
  });

  it('moves a task off the list once completed, and snoozing moves it to its new day', async () => {
    const caller = callerFor(t, rep, clock);
    const [first] = (await caller.tasks.myDay()).today;
    await caller.activities.update({ id: first!.id, completed: true });
    const [overdue] = (await caller.tasks.myDay()).overdue;
    await caller.activities.update({ id: overdue!.id, dueAt: at('2026-12-03T08:00:00Z') });
    const day = await caller.tasks.myDay();
    expect(subjects(day.today)).toEqual(['Tonight, Berlin time']);
    expect(subjects(day.overdue)).toEqual(['Overdue this morning']);
    // Completing a task is customer activity on the deal.
    const deal = await caller.opportunities.getById({ id: dealId });
    expect(deal.lastActivityAt?.toISOString()).toBe(NOW.toISOString());
  });

  it("refuses to complete someone else's task", async () => {
    const { items } = await callerFor(t, other, clock).tasks.list({ ownerId: other.id });
    await expect(callerFor(t, rep, clock).activities.update({ id: items[0]!.id, completed: true })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('tasks.list', () => {
  it('filters by owner, status and due window, and pages by due date', async () => {
    const caller = callerFor(t, rep, clock);
    const mine = await caller.tasks.list({ ownerId: rep.id, limit: 2 });
    expect(subjects(mine.items)).toEqual(['Overdue this morning', 'Tonight, Berlin time']);
    const next = await caller.tasks.list({ ownerId: rep.id, limit: 2, cursor: mine.nextCursor });
    expect(subjects(next.items)).toEqual(['Tomorrow in Berlin', 'Overdue: send pricing']);
    expect(next.nextCursor).toBeNull();
    // "Overdue: send pricing" was snoozed to tomorrow above.
    expect(subjects((await caller.tasks.list({ ownerId: rep.id, due: 'upcoming' })).items)).toEqual(['Tomorrow in Berlin', 'Overdue: send pricing']);
    expect(subjects((await caller.tasks.list({ ownerId: rep.id, due: 'overdue' })).items)).toEqual(['Overdue this morning']);
    expect(subjects((await caller.tasks.list({ ownerId: rep.id, status: 'done' })).items)).toEqual(['Today: call back', 'Done already']);
    expect(subjects((await caller.tasks.list({ status: 'open', due: 'today' })).items)).toEqual(['Someone else’s', 'Tonight, Berlin time']);
  });

  it('refuses an unknown due window with a message', async () => {
    await expect(callerFor(t, rep, clock).tasks.list({ due: 'someday' as never })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('Choose overdue, today or upcoming'),
    });
  });
});
