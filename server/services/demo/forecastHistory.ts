// Twelve weeks of forecast snapshots for the demo, as the weekly job would have taken them: each Friday,
// every deal as it stood then (its stage history row in effect: stage, amount, close date; the stage's
// probability and category), and per period of snapshotPeriods() the totals for the organisation and for
// every user. Pure: demoData.ts inserts what this returns.
import type { forecastSnapshotOpportunities, forecastSnapshots } from '../../../drizzle/schema';
import { centsToMoney, moneyToCents } from '../../../shared/money';
import { calendarDay } from '../../../shared/periods';
import { stageDefaults } from '../../../shared/stages';
import { snapshotPeriods } from '../../domain/forecast';
import { countsInPeriod, type DealState } from '../../domain/forecastChanges';
import { DAY, type DemoContext } from './context';
import type { SalesData } from './sales';

export const SNAPSHOT_WEEKS = 12;

type SnapshotRow = Omit<typeof forecastSnapshots.$inferInsert, 'scopeKey'> & { id: number };
type SnapshotDealRow = typeof forecastSnapshotOpportunities.$inferInsert;

/** The last SNAPSHOT_WEEKS Fridays at 18:00 UTC before `now`, oldest first. */
export function pastSnapshotTimes(now: Date): Date[] {
  const friday = new Date(now);
  friday.setUTCHours(18, 0, 0, 0);
  while (friday.getUTCDay() !== 5 || friday.getTime() > now.getTime()) friday.setTime(friday.getTime() - DAY);
  return Array.from({ length: SNAPSHOT_WEEKS }, (_, i) => new Date(friday.getTime() - (SNAPSHOT_WEEKS - 1 - i) * 7 * DAY));
}

export function buildForecastHistory(ctx: DemoContext, sales: SalesData, fiscalYearStartMonth = 1) {
  const users = [ctx.team.admin, ...ctx.team.managers, ...ctx.team.reps, ...ctx.team.csms];
  const historyOf = new Map<number, SalesData['stageHistory']>();
  for (const h of sales.stageHistory) historyOf.set(h.opportunityId, [...(historyOf.get(h.opportunityId) ?? []), h]);

  const snapshots: SnapshotRow[] = [];
  const snapshotDeals: SnapshotDealRow[] = [];
  for (const takenAt of pastSnapshotTimes(ctx.now)) {
    // Each deal as it stood at takenAt: the last stage change made by then.
    const states: { id: number; ownerId: string; state: DealState }[] = [];
    for (const deal of sales.opportunities) {
      const entry = (historyOf.get(deal.id) ?? []).filter((h) => h.changedAt.getTime() <= takenAt.getTime()).at(-1);
      if (!entry) continue;
      const { forecastCategory } = stageDefaults[entry.toStage];
      states.push({ id: deal.id, ownerId: deal.ownerId, state: { stage: entry.toStage, amount: entry.amount ?? null, forecastCategory, closeDate: entry.closeDate ?? null } });
    }
    const snapshotDate = calendarDay(takenAt, 'UTC');
    for (const period of snapshotPeriods(snapshotDate, fiscalYearStartMonth)) {
      const inPeriod = states.filter((d) => countsInPeriod(d.state, period));
      for (const scope of [null, ...users.map((u) => u.id)]) {
        const deals = scope === null ? inPeriod : inPeriod.filter((d) => d.ownerId === scope);
        const sum = (keep: (s: DealState) => boolean) =>
          centsToMoney(deals.filter((d) => keep(d.state)).reduce((t, d) => t + (d.state.amount ? moneyToCents(d.state.amount) : 0n), 0n));
        const id = ctx.nextId('forecastSnapshots');
        snapshots.push({
          id,
          takenAt,
          snapshotDate,
          periodKind: period.kind,
          periodStart: period.start,
          periodEnd: period.end,
          userId: scope,
          closedAmount: sum((s) => s.stage === 'Closed Won'),
          commitAmount: sum((s) => s.stage !== 'Closed Won' && s.forecastCategory === 'Commit'),
          bestCaseAmount: sum((s) => s.stage !== 'Closed Won' && s.forecastCategory === 'Best Case'),
          pipelineAmount: sum((s) => s.stage !== 'Closed Won' && s.forecastCategory === 'Pipeline'),
          createdAt: takenAt,
          updatedAt: takenAt,
        });
        for (const d of deals) {
          snapshotDeals.push({
            snapshotId: id,
            opportunityId: d.id,
            stage: d.state.stage,
            amount: d.state.amount,
            probability: stageDefaults[d.state.stage].probability,
            forecastCategory: d.state.forecastCategory,
            closeDate: d.state.closeDate,
            createdAt: takenAt,
          });
        }
      }
    }
  }
  return { snapshots, snapshotDeals };
}
