// The manager's view: pipeline health now and per week for the team and each rep (hygiene.summary), and open
// results grouped by rule, by rep or by record with the page's filters (hygiene.groups). A manager's summary
// counts their team (themselves and their reps); anyone else's, everyone's.
import { and, asc, eq, gte, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import { hygieneHealthPoints, opportunities, ruleResults, users } from '../../drizzle/schema';
import type { HygieneGroupList } from '../../shared/schemas/hygiene';
import { healthLabel } from '../../shared/scoreBands';
import { moneyToCents } from '../../shared/money';
import type { DbOrTx } from '../db';
import { conditionText, type Severity } from '../domain/hygiene/catalogue';
import { dealHealth, pipelineHealth } from '../domain/hygiene/health';
import type { Actor } from '../lib/actor';
import { teamOwnerIds } from '../services/teams';
import { joinedResults, recordName, resultFilters } from './results';
import { loadEffectiveRules } from './rules';
import { weekStartOf } from './scan';

const WEEK_MS = 7 * 86_400_000;

interface Tally {
  critical: number;
  warning: number;
  info: number;
}

/** A team's weekly health from its members' points, weighted by their open deals (the points keep no amounts). */
function combinedTrend(points: { weekStart: string; health: number | null; openDeals: number }[]) {
  const byWeek = new Map<string, { sum: number; deals: number }>();
  for (const p of points) {
    const week = byWeek.get(p.weekStart) ?? { sum: 0, deals: 0 };
    if (p.health !== null && p.openDeals > 0) {
      week.sum += p.health * p.openDeals;
      week.deals += p.openDeals;
    }
    byWeek.set(p.weekStart, week);
  }
  return [...byWeek].map(([weekStart, w]) => ({ weekStart, health: w.deals > 0 ? Math.round(w.sum / w.deals) : null }));
}

export async function hygieneSummary(db: DbOrTx, actor: Actor, { weeks }: { weeks: number }, now: Date) {
  const since = weekStartOf(new Date(now.getTime() - (weeks - 1) * WEEK_MS));
  // A manager's team; everyone else sees the whole organisation, as before teams.
  const team = actor.role === 'manager' ? await teamOwnerIds(db, actor) : null;
  const within = (column: Parameters<typeof inArray>[0]): SQL | undefined => (team ? inArray(column, team.length > 0 ? team : ['']) : undefined);
  const [deals, dealResults, tallies, points, people] = await Promise.all([
    db
      .select({ id: opportunities.id, ownerId: opportunities.ownerId, amount: opportunities.amount })
      .from(opportunities)
      .where(and(isNull(opportunities.closedAt), isNull(opportunities.deletedAt), within(opportunities.ownerId))),
    db
      .select({ recordId: ruleResults.recordId, ruleId: ruleResults.ruleId, severity: ruleResults.severity })
      .from(ruleResults)
      .innerJoin(opportunities, and(eq(opportunities.id, ruleResults.recordId), isNull(opportunities.closedAt), isNull(opportunities.deletedAt)))
      .where(and(eq(ruleResults.recordType, 'opportunity'), isNull(ruleResults.resolvedAt), within(opportunities.ownerId))),
    db
      .select({ ownerId: ruleResults.ownerId, severity: ruleResults.severity, n: sql<string>`count(*)` })
      .from(ruleResults)
      .where(and(isNull(ruleResults.resolvedAt), within(ruleResults.ownerId)))
      .groupBy(ruleResults.ownerId, ruleResults.severity),
    db
      .select()
      .from(hygieneHealthPoints)
      .where(and(gte(hygieneHealthPoints.weekStart, since), within(hygieneHealthPoints.userId)))
      .orderBy(asc(hygieneHealthPoints.weekStart)),
    db.select({ id: users.id, name: users.name, role: users.role, active: users.active }).from(users),
  ]);
  const byDeal = new Map<number, { ruleId: string; severity: Severity }[]>();
  for (const r of dealResults) byDeal.set(r.recordId, [...(byDeal.get(r.recordId) ?? []), r]);
  const scored = deals.map((d) => ({ ownerId: d.ownerId, amountCents: d.amount ? Number(moneyToCents(d.amount)) : null, health: dealHealth(byDeal.get(d.id) ?? []) }));
  const tallyOf = new Map<string, Tally>();
  const teamTally: Tally = { critical: 0, warning: 0, info: 0 };
  for (const t of tallies) {
    const n = Number(t.n);
    teamTally[t.severity] += n;
    if (!t.ownerId) continue;
    const mine = tallyOf.get(t.ownerId) ?? { critical: 0, warning: 0, info: 0 };
    mine[t.severity] += n;
    tallyOf.set(t.ownerId, mine);
  }
  const trendOf = (userId: string) => points.filter((p) => p.userId === userId).map((p) => ({ weekStart: p.weekStart, health: p.health }));
  const row = (userId: string, list: typeof scored, tally: Tally) => {
    const health = pipelineHealth(list);
    return { health, label: health === null ? null : healthLabel(health), openDeals: list.length, atRiskDeals: list.filter((d) => d.health < 50).length, results: tally, trend: trendOf(userId) };
  };
  const owners = new Set([...scored.map((d) => d.ownerId), ...tallyOf.keys()]);
  const reps = people
    .filter((p) => owners.has(p.id))
    .map((p) => ({ userId: p.id, name: p.name, role: p.role, active: p.active, ...row(p.id, scored.filter((d) => d.ownerId === p.id), tallyOf.get(p.id) ?? { critical: 0, warning: 0, info: 0 }) }))
    .sort((a, b) => (a.health ?? 101) - (b.health ?? 101) || a.name.localeCompare(b.name));
  const teamRow = row('', scored, teamTally);
  if (team) teamRow.trend = combinedTrend(points);
  return { team: teamRow, reps, weeks };
}

const weight = sql<string>`sum(case ${ruleResults.severity} when 'critical' then 25 when 'warning' then 10 else 3 end)`;
const counts = {
  total: sql<string>`count(*)`,
  critical: sql<string>`sum(${ruleResults.severity} = 'critical')`,
  warning: sql<string>`sum(${ruleResults.severity} = 'warning')`,
  info: sql<string>`sum(${ruleResults.severity} = 'info')`,
};
const num = (v: unknown) => Number(v ?? 0);
type Counted = { total: unknown; critical: unknown; warning: unknown; info: unknown };
const tallyRow = <T extends Counted>(r: T): Omit<T, keyof Counted> & { total: number; critical: number; warning: number; info: number } => ({
  ...r,
  total: num(r.total),
  critical: num(r.critical),
  warning: num(r.warning),
  info: num(r.info),
});

/** Open results in groups, largest first (by rule, by the rep who should act, or by record), at most 500 groups. */
export async function hygieneGroups(db: DbOrTx, actor: Actor, f: HygieneGroupList) {
  const inForce = new Map((await loadEffectiveRules(db)).map((r) => [r.definition.id, r]));
  const where = and(...resultFilters(actor, { ...f, status: 'open' }, new Map([...inForce].map(([id, r]) => [id, r.definition]))));
  if (f.by === 'rule') {
    const rows = await joinedResults(db, { key: ruleResults.ruleId, ...counts }).where(where).groupBy(ruleResults.ruleId).orderBy(sql`count(*) desc`).limit(500);
    return rows.map((r) => {
      const rule = inForce.get(r.key);
      const condition = rule ? conditionText(rule.definition, rule.thresholds) : '';
      return { ...tallyRow(r), kind: 'rule' as const, label: rule?.definition.name ?? r.key, ruleNumber: rule?.definition.number ?? null, category: rule?.definition.category ?? null, condition };
    });
  }
  if (f.by === 'owner') {
    const rows = await joinedResults(db, { key: ruleResults.ownerId, name: sql<string | null>`max(${users.name})`, ...counts })
      .where(where)
      .groupBy(ruleResults.ownerId)
      .orderBy(sql`count(*) desc`)
      .limit(500);
    return rows.map((r) => ({ ...tallyRow(r), kind: 'owner' as const, key: r.key ?? '', label: r.name ?? 'No owner' }));
  }
  const rows = await joinedResults(db, {
    recordType: ruleResults.recordType,
    recordId: ruleResults.recordId,
    name: sql<string | null>`max(${recordName})`,
    ownerName: sql<string | null>`max(${users.name})`,
    stage: sql<string | null>`max(${opportunities.stage})`,
    amount: sql<string | null>`max(${opportunities.amount})`,
    weight,
    ...counts,
  })
    .where(where)
    .groupBy(ruleResults.recordType, ruleResults.recordId)
    .orderBy(sql`${weight} desc`, sql`count(*) desc`)
    .limit(500);
  return rows.map(({ weight: w, ...r }) => ({
    ...tallyRow(r),
    kind: 'record' as const,
    key: `${r.recordType}:${r.recordId}`,
    label: r.name ?? '',
    health: r.recordType === 'opportunity' ? Math.max(0, 100 - num(w)) : null,
  }));
}
