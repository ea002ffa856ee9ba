// What a digest says, by role (server/domain/README.md, "Digests"): each section one set-based query over
// the recipient's own records (a manager's: the team's), shaped by pure helpers. A rep's digest names only
// deals, accounts and results of their own.
import { and, asc, desc, eq, gte, inArray, isNull, lt, lte, ne, notInArray, or, sql } from 'drizzle-orm';
import { accounts, auditLog, cases, forecastSnapshots, milestones, opportunities, projects, ruleResults, users } from '../../drizzle/schema';
import { slaState } from '../../shared/caseSla';
import { formatMoney, moneyToCents, centsToMoney } from '../../shared/money';
import { addDays, calendarDay, type Period, periodContaining } from '../../shared/periods';
import type { DigestContent, DigestForecast, DigestKind, DigestRow, DigestSection } from '../../shared/schemas/delivery';
import { closedStages } from '../../shared/stages';
import type { DbOrTx } from '../db';
import { FINISHED_PROJECT_STATUSES } from '../domain/alerts';
import { formatCoverage, periodLabel } from '../domain/digests';
import { coverage } from '../domain/forecast';
import { severityWeights, type Severity } from '../domain/hygiene/catalogue';
import { dealHealth, pipelineHealth } from '../domain/hygiene/health';
import { quotasFor } from '../insight/quotas';
import { systemActor } from '../lib/actor';
import { getOrganisationSettings } from '../services/settings';
import { teamReps } from '../services/teams';
import type { Recipient } from './preferences';

/** Rows per section; the rest is counted ("…and 4 more"). */
export const SECTION_LIMIT = 10;
export const AT_RISK_HEALTH = 50;
export const CLOSING_WITHOUT_NEXT_STEP_DAYS = 14;
export const QUIET_ACCOUNT_DAYS = 30;
export const LARGEST_AT_RISK = 5;
const DAY_MS = 86_400_000;

const o = opportunities;
const liveOpen = and(isNull(o.deletedAt), notInArray(o.stage, [...closedStages]));

function section(key: string, title: string, columns: string[], rows: DigestRow[], limit = SECTION_LIMIT): DigestSection {
  return { key, title, columns, rows: rows.slice(0, limit), more: Math.max(0, rows.length - limit) };
}

const dayOf = (d: Date | null, timeZone: string) => (d ? calendarDay(d, timeZone) : 'never');

interface DealRisk {
  id: number;
  opportunityName: string;
  accountName: string | null;
  amount: string | null;
  ownerId: string;
  ownerName: string | null;
  health: number;
  topIssue: string;
}

/** Open deals with open hygiene results, their health and heaviest result: one query over rule_results. */
async function dealRisks(db: DbOrTx, ownerIds: string[] | null): Promise<DealRisk[]> {
  const rows = await db
    .select({
      id: o.id,
      opportunityName: o.opportunityName,
      accountName: accounts.accountName,
      amount: o.amount,
      ownerId: o.ownerId,
      ownerName: users.name,
      ruleId: ruleResults.ruleId,
      severity: ruleResults.severity,
      message: ruleResults.message,
    })
    .from(ruleResults)
    .innerJoin(o, and(eq(ruleResults.recordType, 'opportunity'), eq(o.id, ruleResults.recordId)))
    .leftJoin(accounts, eq(accounts.id, o.accountId))
    .leftJoin(users, eq(users.id, o.ownerId))
    .where(and(isNull(ruleResults.resolvedAt), liveOpen, ownerIds ? inArray(o.ownerId, ownerIds) : undefined));
  const byDeal = new Map<number, typeof rows>();
  for (const r of rows) byDeal.set(r.id, [...(byDeal.get(r.id) ?? []), r]);
  return [...byDeal.values()].map((results) => {
    const top = [...results].sort((a, b) => severityWeights[b.severity as Severity] - severityWeights[a.severity as Severity])[0]!;
    return {
      id: top.id,
      opportunityName: top.opportunityName,
      accountName: top.accountName,
      amount: top.amount,
      ownerId: top.ownerId,
      ownerName: top.ownerName,
      health: dealHealth(results as { ruleId: string; severity: Severity }[]),
      topIssue: top.message,
    };
  });
}

const cents = (amount: string | null) => (amount ? Number(moneyToCents(amount)) : 0);
const byHealthThenAmount = (a: DealRisk, b: DealRisk) => a.health - b.health || cents(b.amount) - cents(a.amount);

/** Closed + Commit of the current fiscal quarter per owner (won deals and open ones, by close date). */
async function quarterCalls(db: DbOrTx, ownerIds: string[] | null, today: string) {
  const settings = await getOrganisationSettings(db, systemActor('digests'));
  const quarter = periodContaining(today, 'quarter', settings.fiscalYearStartMonth);
  const rows = await db
    .select({ ownerId: o.ownerId, amount: sql<string>`coalesce(sum(${o.amount}), 0)` })
    .from(o)
    .where(
      and(
        isNull(o.deletedAt),
        sql`${o.closeDate} between ${quarter.start} and ${quarter.end}`,
        // As the forecast snapshots count it: won deals, and open deals called Commit.
        sql`(${o.stage} = 'Closed Won' or (${o.closedAt} is null and ${o.forecastCategory} = 'Commit'))`,
        ownerIds ? inArray(o.ownerId, ownerIds) : undefined,
      ),
    )
    .groupBy(o.ownerId);
  return { label: quarter.label, quarter, byOwner: new Map(rows.map((r) => [r.ownerId, centsToMoney(moneyToCents(String(r.amount)))])) };
}

/**
 * Coverage of the quarter per rep, as the manager dashboard counts it (server/insight/manager.ts): open
 * deals closing in the quarter over the quota still to go after what was won in it.
 */
async function quarterCoverage(db: DbOrTx, repIds: string[], quarter: Period) {
  const inQuarter = sql`${o.closeDate} between ${quarter.start} and ${quarter.end}`;
  const [rows, quotas] = await Promise.all([
    db
      .select({
        ownerId: o.ownerId,
        open: sql<string>`coalesce(sum(case when ${o.closedAt} is null then ${o.amount} end), 0)`,
        won: sql<string>`coalesce(sum(case when ${o.stage} = 'Closed Won' then ${o.amount} end), 0)`,
      })
      .from(o)
      .where(and(isNull(o.deletedAt), inQuarter, inArray(o.ownerId, repIds)))
      .groupBy(o.ownerId),
    quotasFor(db, repIds, quarter),
  ]);
  const byOwner = new Map(rows.map((r) => [r.ownerId, r]));
  const money = (v: string | undefined) => centsToMoney(moneyToCents(String(v ?? '0')));
  return new Map(repIds.map((id) => [id, coverage(money(byOwner.get(id)?.open), quotas.get(id) ?? null, money(byOwner.get(id)?.won))]));
}

/** The organisation's call for the quarter in the latest weekly forecast snapshot at least 6 days old. */
/** A manager's team call from the weekly snapshot of at least 6 days ago: their reps' snapshots that day, summed. */
async function teamCallLastWeek(db: DbOrTx, quarterStart: string, now: Date, repIds: string[] | null): Promise<string | null> {
  const weekAgo = and(
    eq(forecastSnapshots.scopeKey, ''),
    eq(forecastSnapshots.periodKind, 'quarter'),
    eq(forecastSnapshots.periodStart, quarterStart),
    lte(forecastSnapshots.takenAt, new Date(now.getTime() - 6 * DAY_MS)),
  );
  const [org] = await db
    .select({ day: forecastSnapshots.snapshotDate, closed: forecastSnapshots.closedAmount, commit: forecastSnapshots.commitAmount })
    .from(forecastSnapshots)
    .where(weekAgo)
    .orderBy(desc(forecastSnapshots.takenAt))
    .limit(1);
  if (!org) return null;
  if (repIds === null) return centsToMoney(moneyToCents(org.closed) + moneyToCents(org.commit));
  if (repIds.length === 0) return '0.00';
  const [team] = await db
    .select({ call: sql<string>`coalesce(sum(${forecastSnapshots.closedAmount} + ${forecastSnapshots.commitAmount}), 0)` })
    .from(forecastSnapshots)
    .where(
      and(
        eq(forecastSnapshots.snapshotDate, org.day),
        eq(forecastSnapshots.periodKind, 'quarter'),
        eq(forecastSnapshots.periodStart, quarterStart),
        inArray(forecastSnapshots.userId, repIds),
      ),
    );
  return centsToMoney(moneyToCents(String(team?.call ?? '0')));
}

function forecastOf(label: string, call: string, previous: DigestContent | null): DigestForecast {
  const previousCall = previous?.forecast && previous.forecast.label === label ? previous.forecast.call : null;
  return { label, call, previousCall };
}

const sumMoney = (values: string[]) => centsToMoney(values.reduce((s, v) => s + moneyToCents(v), 0n));

async function repSections(db: DbOrTx, rep: Recipient, now: Date, today: string, previous: DigestContent | null) {
  const atRisk = (await dealRisks(db, [rep.id])).filter((d) => d.health < AT_RISK_HEALTH).sort(byHealthThenAmount);
  const closing = await db
    .select({ id: o.id, opportunityName: o.opportunityName, accountName: accounts.accountName, amount: o.amount, closeDate: o.closeDate })
    .from(o)
    .leftJoin(accounts, eq(accounts.id, o.accountId))
    .where(
      and(
        eq(o.ownerId, rep.id),
        liveOpen,
        gte(o.closeDate, today),
        lte(o.closeDate, addDays(today, CLOSING_WITHOUT_NEXT_STEP_DAYS)),
        or(isNull(o.nextStep), eq(sql`trim(${o.nextStep})`, '')),
      ),
    )
    .orderBy(asc(o.closeDate), asc(o.id));
  const quiet = await db
    .select({ id: accounts.id, accountName: accounts.accountName, lastActivityAt: accounts.lastActivityAt })
    .from(accounts)
    .where(
      and(
        eq(accounts.ownerId, rep.id),
        isNull(accounts.deletedAt),
        lt(sql`coalesce(${accounts.lastActivityAt}, ${accounts.createdAt})`, new Date(now.getTime() - QUIET_ACCOUNT_DAYS * DAY_MS)),
      ),
    )
    .orderBy(sql`coalesce(${accounts.lastActivityAt}, ${accounts.createdAt})`, asc(accounts.id));
  const calls = await quarterCalls(db, [rep.id], today);
  return {
    forecast: forecastOf(calls.label, calls.byOwner.get(rep.id) ?? '0.00', previous),
    sections: [
      section(
        'atRisk',
        'At-risk deals',
        ['Deal', 'Account', 'Amount', 'Health', 'Top issue'],
        atRisk.map((d) => ({ link: { type: 'opportunity', id: d.id }, cells: [d.opportunityName, d.accountName ?? '', formatMoney(d.amount), String(d.health), d.topIssue] })),
      ),
      section(
        'closingWithoutNextStep',
        `Closing in ${CLOSING_WITHOUT_NEXT_STEP_DAYS} days without a next step`,
        ['Deal', 'Account', 'Amount', 'Close date'],
        closing.map((d) => ({ link: { type: 'opportunity', id: d.id }, cells: [d.opportunityName, d.accountName ?? '', formatMoney(d.amount), d.closeDate ?? ''] })),
      ),
      section(
        'quietAccounts',
        `Accounts with no activity in ${QUIET_ACCOUNT_DAYS} days`,
        ['Account', 'Last activity'],
        quiet.map((a) => ({ link: { type: 'account', id: a.id }, cells: [a.accountName, dayOf(a.lastActivityAt, rep.timeZone)] })),
      ),
    ],
  };
}

async function managerSections(db: DbOrTx, manager: Recipient, now: Date, today: string, previous: DigestContent | null) {
  // A manager's team (server/services/teams.ts); an admin's: every rep.
  const reps = await teamReps(db, manager);
  const repIds = reps.map((r) => r.id);
  if (repIds.length === 0) return { forecast: null, sections: [] };
  const pipeline = await db
    .select({ ownerId: o.ownerId, amount: sql<string>`coalesce(sum(${o.amount}), 0)`, deals: sql<number>`count(*)` })
    .from(o)
    .where(and(liveOpen, inArray(o.ownerId, repIds)))
    .groupBy(o.ownerId);
  const openDeals = await db.select({ id: o.id, ownerId: o.ownerId, amount: o.amount }).from(o).where(and(liveOpen, inArray(o.ownerId, repIds)));
  const risks = await dealRisks(db, repIds);
  const healthById = new Map(risks.map((d) => [d.id, d.health]));
  // A close date moved later in the last 7 days: the audit trail of opportunity updates says so.
  const slipped = await db
    .select({ ownerId: o.ownerId, deals: sql<number>`count(distinct ${o.id})` })
    .from(auditLog)
    .innerJoin(o, eq(sql`cast(${auditLog.entityId} as unsigned)`, o.id))
    .where(
      and(
        eq(auditLog.entityType, 'opportunity'),
        eq(auditLog.action, 'update'),
        gte(auditLog.createdAt, new Date(now.getTime() - 7 * DAY_MS)),
        sql`json_unquote(json_extract(${auditLog.changes}, '$.closeDate[1]')) > json_unquote(json_extract(${auditLog.changes}, '$.closeDate[0]'))`,
        inArray(o.ownerId, repIds),
      ),
    )
    .groupBy(o.ownerId);
  const calls = await quarterCalls(db, repIds, today);
  const coverageOf = await quarterCoverage(db, repIds, calls.quarter);
  const pipelineOf = new Map(pipeline.map((p) => [p.ownerId, p]));
  const slippedOf = new Map(slipped.map((s) => [s.ownerId, Number(s.deals)]));
  const rows: DigestRow[] = reps.map((rep) => {
    const mine = openDeals.filter((d) => d.ownerId === rep.id);
    const health = pipelineHealth(mine.map((d) => ({ health: healthById.get(d.id) ?? 100, amountCents: d.amount ? cents(d.amount) : null })));
    const p = pipelineOf.get(rep.id);
    return {
      link: null,
      cells: [
        rep.name,
        `${formatMoney(p ? centsToMoney(moneyToCents(String(p.amount))) : '0')} (${Number(p?.deals ?? 0)})`,
        formatMoney(calls.byOwner.get(rep.id) ?? '0'),
        formatCoverage(coverageOf.get(rep.id) ?? null),
        health === null ? '—' : String(health),
        String(risks.filter((d) => d.ownerId === rep.id && d.health < AT_RISK_HEALTH).length),
        String(slippedOf.get(rep.id) ?? 0),
      ],
    };
  });
  const largest = risks
    .filter((d) => d.health < AT_RISK_HEALTH)
    .sort((a, b) => cents(b.amount) - cents(a.amount) || a.health - b.health);
  const teamCall = forecastOf(calls.label, sumMoney([...calls.byOwner.values()]), previous);
  // "Since last week" from the weekly forecast snapshot when there is one, else from the last digest.
  const lastWeek = await teamCallLastWeek(db, calls.quarter.start, now, manager.role === 'admin' ? null : repIds);
  return {
    forecast: lastWeek === null ? teamCall : { ...teamCall, previousCall: lastWeek },
    sections: [
      section('reps', 'Your reps', ['Rep', 'Pipeline (deals)', `Commit call ${calls.label}`, `Coverage ${calls.label}`, 'Pipeline health', 'At risk', 'Slipped this week'], rows, 50),
      section(
        'largestAtRisk',
        `The ${LARGEST_AT_RISK} largest at-risk deals`,
        ['Deal', 'Owner', 'Amount', 'Health', 'Top issue'],
        largest.map((d) => ({ link: { type: 'opportunity', id: d.id }, cells: [d.opportunityName, d.ownerName ?? '', formatMoney(d.amount), String(d.health), d.topIssue] })),
        LARGEST_AT_RISK,
      ),
    ],
  };
}

async function csmSections(db: DbOrTx, csm: Recipient, now: Date, today: string, since: Date) {
  const healthChanges = await db
    .select({ id: projects.id, projectName: projects.projectName, accountName: accounts.accountName, changes: auditLog.changes, at: auditLog.createdAt })
    .from(auditLog)
    .innerJoin(projects, eq(sql`cast(${auditLog.entityId} as unsigned)`, projects.id))
    .leftJoin(accounts, eq(accounts.id, projects.accountId))
    .where(
      and(
        eq(auditLog.entityType, 'project'),
        eq(auditLog.action, 'update'),
        gte(auditLog.createdAt, since),
        sql`json_extract(${auditLog.changes}, '$.healthStatus') is not null`,
        eq(projects.ownerId, csm.id),
        isNull(projects.deletedAt),
      ),
    )
    .orderBy(desc(auditLog.createdAt));
  const seen = new Set<number>();
  const changed = healthChanges.filter((c) => !seen.has(c.id) && seen.add(c.id));
  const overdue = await db
    .select({ projectId: projects.id, projectName: projects.projectName, title: milestones.title, dueDate: milestones.dueDate })
    .from(milestones)
    .innerJoin(projects, eq(projects.id, milestones.projectId))
    .where(and(eq(projects.ownerId, csm.id), isNull(projects.deletedAt), ne(milestones.status, 'Completed'), lt(milestones.dueDate, today)))
    .orderBy(asc(milestones.dueDate), asc(milestones.id));
  const openCases = await db
    .select({ id: cases.id, caseNumber: cases.caseNumber, subject: cases.subject, status: cases.status, slaDueAt: cases.slaDueAt, createdAt: cases.createdAt })
    .from(cases)
    .where(and(eq(cases.ownerId, csm.id), ne(cases.status, 'Closed')))
    .orderBy(asc(cases.slaDueAt), asc(cases.id));
  const slaCases = openCases.map((c) => ({ ...c, state: slaState(c, now) })).filter((c) => c.state === 'atRisk' || c.state === 'breached');
  const quiet = await db
    .selectDistinct({ id: accounts.id, accountName: accounts.accountName, lastActivityAt: accounts.lastActivityAt })
    .from(accounts)
    .innerJoin(projects, eq(projects.accountId, accounts.id))
    .where(
      and(
        eq(projects.ownerId, csm.id),
        isNull(projects.deletedAt),
        notInArray(projects.status, [...FINISHED_PROJECT_STATUSES]),
        isNull(accounts.deletedAt),
        lt(sql`coalesce(${accounts.lastActivityAt}, ${accounts.createdAt})`, new Date(now.getTime() - QUIET_ACCOUNT_DAYS * DAY_MS)),
      ),
    )
    .orderBy(asc(accounts.accountName));
  const healthMove = (changes: unknown) => {
    const [from, to] = ((changes as { healthStatus?: [string, string] }).healthStatus ?? ['', '']) as [string, string];
    return `${from} → ${to}`;
  };
  return {
    forecast: null,
    sections: [
      section(
        'projectHealth',
        'Projects that changed health',
        ['Project', 'Account', 'Health'],
        changed.map((c) => ({ link: { type: 'project', id: c.id }, cells: [c.projectName, c.accountName ?? '', healthMove(c.changes)] })),
      ),
      section(
        'overdueMilestones',
        'Overdue milestones',
        ['Milestone', 'Project', 'Due'],
        overdue.map((m) => ({ link: { type: 'project', id: m.projectId }, cells: [m.title, m.projectName, m.dueDate ?? ''] })),
      ),
      section(
        'casesNearSla',
        'Cases near or past their SLA',
        ['Case', 'Subject', 'SLA'],
        slaCases.map((c) => ({ link: { type: 'case', id: c.id }, cells: [c.caseNumber, c.subject, c.state === 'breached' ? 'Past due' : 'Due soon'] })),
      ),
      section(
        'quietCustomers',
        `Customers with no activity in ${QUIET_ACCOUNT_DAYS} days`,
        ['Account', 'Last activity'],
        quiet.map((a) => ({ link: { type: 'account', id: a.id }, cells: [a.accountName, dayOf(a.lastActivityAt, csm.timeZone)] })),
      ),
    ],
  };
}

export function audienceOf(role: Recipient['role']): DigestContent['audience'] {
  return role === 'manager' || role === 'admin' ? 'manager' : role === 'csm' ? 'csm' : 'rep';
}

/**
 * The digest a recipient gets at `now`. `previous` is their last delivered digest (the forecast change is
 * counted from it); `since` is when that was, for "changed since the last digest".
 */
export async function buildDigestContent(
  db: DbOrTx,
  recipient: Recipient,
  kind: DigestKind,
  localDate: string,
  now: Date,
  previous: { content: DigestContent | null; sentAt: Date | null } | null,
): Promise<DigestContent> {
  const today = calendarDay(now, recipient.timeZone);
  const audience = audienceOf(recipient.role);
  const since = previous?.sentAt ?? new Date(now.getTime() - (kind === 'weekly' ? 7 : 1) * DAY_MS);
  const body =
    audience === 'manager'
      ? await managerSections(db, recipient, now, today, previous?.content ?? null)
      : audience === 'csm'
        ? await csmSections(db, recipient, now, today, since)
        : await repSections(db, recipient, now, today, previous?.content ?? null);
  return {
    audience,
    recipientName: recipient.name,
    periodLabel: periodLabel(kind, localDate, recipient.timeZone),
    forecast: body.forecast,
    sections: body.sections,
  };
}
