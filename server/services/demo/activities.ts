// The demo's timeline: calls, emails (captured and logged), meetings, notes and tasks over the last 90 days
// on every kind of record, each carrying the account of the record it is on.
import type { activities } from '../../../drizzle/schema';
import type { ActivityDirection, ActivityType, RelatedToType } from '../../../shared/enums';
import { activityBody, activitySubject, activityTypeWeights, fill } from './sampleData/activities';
import { addDays, type DemoContext, DAY, earlierOf, HOUR, laterOf, MINUTE, workTime, workTimeBetween } from './context';
import type { LeadRow } from './leads';
import type { SalesData } from './sales';
import type { SuccessData } from './success';

export type ActivityRow = typeof activities.$inferInsert & {
  id: number;
  type: ActivityType;
  occurredAt: Date;
  completedAt: Date | null;
  relatedToType: RelatedToType;
  relatedToId: number;
  accountId: number | null;
};

interface Person {
  name: string;
  email: string;
}

/** A record that gets activities, and the window in which they happened. */
interface Target {
  type: RelatedToType;
  id: number;
  accountId: number | null;
  ownerId: string;
  from: Date;
  to: Date;
  /** False for closed deals, cases and converted leads: their tasks are all done. */
  open: boolean;
  count: number;
  vars: Record<string, string | undefined>;
  people: Person[];
}

const personOf = (c: { firstName: string; lastName: string; email?: string | null }): Person => ({
  name: `${c.firstName} ${c.lastName}`,
  email: c.email ?? '',
});

export function buildActivities(ctx: DemoContext, sales: SalesData, leadRows: LeadRow[], success: SuccessData): ActivityRow[] {
  const { rng, now } = ctx;
  const since = addDays(now, -90);
  const accountOf = new Map(sales.accounts.map((a) => [a.id, a]));
  const peopleOf = new Map<number, Person[]>();
  for (const c of sales.contacts) peopleOf.set(c.accountId, [...(peopleOf.get(c.accountId) ?? []), personOf(c)]);
  const targets: Target[] = [];

  for (const o of sales.opportunities) {
    const open = o.closedAt === null;
    const people = peopleOf.get(o.accountId) ?? [];
    targets.push({
      type: 'opportunity',
      id: o.id,
      accountId: o.accountId,
      ownerId: o.ownerId,
      from: o.createdAt,
      to: o.closedAt ?? now,
      open,
      count: open ? rng.int(1, 4) : rng.int(1, 3),
      vars: { deal: o.opportunityName, account: accountOf.get(o.accountId)?.accountName, contact: people[1]?.name ?? people[0]?.name },
      people,
    });
  }
  for (const a of rng.sample(sales.accounts, 25)) {
    const people = peopleOf.get(a.id) ?? [];
    targets.push({ type: 'account', id: a.id, accountId: a.id, ownerId: a.ownerId, from: a.createdAt, to: now, open: true, count: 1, vars: { account: a.accountName, contact: people[0]?.name }, people });
  }
  for (const c of rng.sample(sales.contacts, 30)) {
    const person = personOf(c);
    targets.push({ type: 'contact', id: c.id, accountId: c.accountId, ownerId: c.ownerId, from: c.createdAt, to: now, open: true, count: 1, vars: { contact: c.firstName, account: accountOf.get(c.accountId)?.accountName }, people: [person] });
  }
  for (const l of leadRows.filter((lead) => lead.status !== 'New')) {
    const converted = l.convertedAt ?? null;
    targets.push({ type: 'lead', id: l.id, accountId: null, ownerId: l.ownerId, from: l.createdAt, to: converted ?? now, open: !converted, count: rng.int(1, 2), vars: { contact: l.firstName, account: l.company }, people: [personOf(l)] });
  }
  for (const p of success.projects) {
    targets.push({ type: 'project', id: p.id, accountId: p.accountId, ownerId: p.ownerId, from: p.createdAt, to: now, open: true, count: p.status === 'Not Started' ? 1 : rng.int(1, 3), vars: { project: p.projectName, contact: peopleOf.get(p.accountId)?.[1]?.name }, people: peopleOf.get(p.accountId) ?? [] });
  }
  for (const c of success.cases) {
    const contact = sales.contacts.find((x) => x.id === c.contactId);
    targets.push({ type: 'case', id: c.id, accountId: c.accountId, ownerId: c.ownerId, from: c.createdAt, to: c.closedAt ?? now, open: c.closedAt === null, count: rng.int(1, 2), vars: { case: c.caseNumber, contact: contact?.firstName }, people: contact ? [personOf(contact)] : [] });
  }

  const emailOf = new Map([ctx.team.admin, ...ctx.team.managers, ...ctx.team.reps, ...ctx.team.csms].map((u) => [u.id, { name: u.name, email: u.email }]));
  const hex = (n: number) => Array.from({ length: n }, () => rng.int(0, 15).toString(16)).join('');
  const rows: Omit<ActivityRow, 'id'>[] = [];
  for (const target of targets) {
    const to = earlierOf(target.to, now);
    const from = laterOf(target.from, since).getTime() < to.getTime() ? laterOf(target.from, since) : new Date(to.getTime() - 2 * HOUR);
    for (let k = 0; k < target.count; k += 1) {
      const type = rng.weighted(activityTypeWeights);
      const direction: ActivityDirection | null =
        type === 'email' ? (rng.chance(0.4) ? 'inbound' : 'outbound') : type === 'call' ? (rng.chance(0.85) ? 'outbound' : 'inbound') : null;
      // Open deals have a few meetings booked for the next two weeks.
      const upcoming = type === 'meeting' && target.open && target.type === 'opportunity' && rng.chance(0.25);
      const occurredAt = upcoming ? workTime(ctx, rng.int(1, 14)) : workTimeBetween(ctx, from, to);
      const owner = emailOf.get(target.ownerId)!;
      const contact = target.people.length > 0 ? rng.pick(target.people) : null;
      let dueAt: Date | null = null;
      let completedAt: Date | null = null;
      if (type === 'task') {
        dueAt = workTime(ctx, Math.round((occurredAt.getTime() - now.getTime()) / DAY) + rng.int(1, 14));
        if (dueAt.getTime() <= occurredAt.getTime()) dueAt = new Date(occurredAt.getTime() + DAY);
        const doneBy = earlierOf(earlierOf(dueAt, to), now);
        // Closed records have every task done; on open ones some tasks are overdue.
        const done = !target.open || (dueAt.getTime() < now.getTime() ? rng.chance(0.6) : rng.chance(0.15));
        if (done) completedAt = workTimeBetween(ctx, occurredAt, laterOf(doneBy, occurredAt));
      }
      const captured = type === 'email' && contact !== null && rng.chance(0.7);
      const participants =
        contact && type === 'email'
          ? [
              { ...(direction === 'outbound' ? owner : contact), role: 'from' },
              { ...(direction === 'outbound' ? contact : owner), role: 'to' },
            ]
          : contact && type === 'meeting'
            ? [{ ...owner, role: 'attendee' }, ...rng.sample(target.people, rng.int(1, 2)).map((p) => ({ ...p, role: 'attendee' }))]
            : null;
      const createdAt = upcoming ? new Date(now.getTime() - rng.int(1, 72) * HOUR) : occurredAt;
      rows.push({
        type,
        subject: fill(activitySubject(rng, type, target.type, direction), { ...target.vars, contact: contact?.name.split(' ')[0] ?? target.vars.contact }),
        body: type === 'task' ? null : activityBody(rng, type),
        occurredAt,
        dueAt,
        completedAt,
        direction,
        relatedToType: target.type,
        relatedToId: target.id,
        accountId: target.accountId,
        emailMessageId: captured ? `<${hex(24)}@${(direction === 'outbound' ? owner : contact!).email.split('@')[1]}>` : null,
        provider: captured ? (rng.chance(0.6) ? 'google' : 'microsoft') : null,
        providerMessageId: captured ? hex(16) : null,
        providerThreadId: captured ? hex(16) : null,
        participants,
        ownerId: target.ownerId,
        createdAt,
        updatedAt: completedAt ?? createdAt,
      });
    }
  }
  rows.push(...myDayRows(ctx, targets));
  // Ids in time order, as they would be had the activities been logged as they happened.
  rows.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  return rows.map((row) => ({ id: ctx.nextId('activities'), ...row }));
}

const dayTasks = [
  'Send the revised proposal to {contact}',
  'Follow up on the security questionnaire',
  'Confirm pilot success criteria with {contact}',
  'Chase the signed order form',
  'Prepare the QBR deck',
  'Call {contact} about renewal timing',
];
const dayMeetings = ['Pricing review with {contact}', 'Onboarding check-in', 'Technical deep dive with {contact}'];

/**
 * So that My day has something to show on the day the demo is loaded: each rep and CSM gets tasks due
 * later today, a couple overdue, and a meeting today, on their own open records.
 */
function myDayRows(ctx: DemoContext, targets: Target[]): Omit<ActivityRow, 'id'>[] {
  const { rng, now } = ctx;
  const rows: Omit<ActivityRow, 'id'>[] = [];
  for (const user of [...ctx.team.reps, ...ctx.team.csms]) {
    const own = targets.filter((t) => t.ownerId === user.id && t.open && t.type !== 'lead');
    if (own.length === 0) continue;
    const base = (target: Target) => ({
      body: null,
      direction: null,
      relatedToType: target.type,
      relatedToId: target.id,
      accountId: target.accountId,
      ownerId: user.id,
      emailMessageId: null,
      provider: null,
      providerMessageId: null,
      providerThreadId: null,
    });
    const subject = (pool: string[], target: Target) => fill(rng.pick(pool), { ...target.vars, contact: target.people[0]?.name.split(' ')[0] ?? 'the customer' });
    const plans: { dueIn: number; type: 'task' | 'meeting' }[] = [
      { dueIn: rng.int(30, 90) * MINUTE, type: 'task' },
      { dueIn: rng.int(120, 240) * MINUTE, type: 'task' },
      { dueIn: -rng.int(1, 3) * DAY, type: 'task' },
      { dueIn: -rng.int(4, 6) * DAY, type: 'task' },
      { dueIn: rng.int(60, 180) * MINUTE, type: 'meeting' },
    ];
    for (const plan of plans) {
      const target = rng.pick(own);
      const at = new Date(now.getTime() + plan.dueIn);
      if (plan.type === 'task') {
        const created = new Date(Math.min(at.getTime(), now.getTime()) - rng.int(1, 5) * DAY);
        rows.push({ ...base(target), type: 'task', subject: subject(dayTasks, target), occurredAt: created, dueAt: at, completedAt: null, participants: null, createdAt: created, updatedAt: created });
      } else {
        const booked = new Date(now.getTime() - rng.int(1, 4) * DAY);
        rows.push({ ...base(target), type: 'meeting', subject: subject(dayMeetings, target), occurredAt: at, dueAt: null, completedAt: null, participants: null, createdAt: booked, updatedAt: booked });
      }
    }
  }
  return rows;
}
