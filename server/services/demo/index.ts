// The demo organisation as rows, built in memory from a fixed seed: the same demo every time, dated
// relative to `now`. No I/O here: server/services/demoData.ts inserts what this returns.
import type { RelatedToType } from '../../../shared/enums';
import { customerActivityAt, touchedRecords } from '../../domain/customerActivity';
import { createRandom } from '../../domain/random';
import { buildActivities } from './activities';
import { type DemoContext, type DemoTable, type DemoTeam, idSequence } from './context';
import { buildForecastHistory } from './forecastHistory';
import { buildLeadEngagement } from './leadEngagement';
import { buildLeads } from './leads';
import { buildWinLoss } from './winLoss';
import { buildNotifications } from './notifications';
import { buildQuotas } from './quotas';
import { buildSales } from './sales';
import { buildSuccess } from './success';

export type { DemoTeam, DemoUser } from './context';

export const DEMO_SEED = 20_261_123;

export function buildDemoOrganisation(team: DemoTeam, now: Date, lastIds: Partial<Record<DemoTable, number>> = {}) {
  const ctx: DemoContext = { rng: createRandom(DEMO_SEED), now, team, nextId: idSequence(lastIds) };
  const sales = buildSales(ctx);
  const leads = buildLeads(ctx, sales);
  const success = buildSuccess(ctx, sales);
  const activities = [...buildActivities(ctx, sales, leads, success), ...buildLeadEngagement(ctx, leads, DEMO_SEED + 29)];
  const forecastHistory = buildForecastHistory(ctx, sales);

  // lastActivityAt as the activities service keeps it: the latest customer activity on the record
  // and on its account (an open task does not count; a future meeting counts as of now).
  const last = new Map<string, Date>();
  for (const a of activities) {
    const at = customerActivityAt(a, now);
    if (!at) continue;
    for (const ref of touchedRecords({ type: a.relatedToType, id: a.relatedToId }, a.accountId)) {
      const key = `${ref.type}:${ref.id}`;
      const seen = last.get(key);
      if (!seen || seen.getTime() < at.getTime()) last.set(key, at);
    }
  }
  const withLast = <T extends { id: number }>(type: RelatedToType, rows: T[]) =>
    rows.map((row) => ({ ...row, lastActivityAt: last.get(`${type}:${row.id}`) ?? null }));

  return {
    accounts: withLast('account', sales.accounts),
    contacts: withLast('contact', sales.contacts),
    products: sales.products,
    opportunities: withLast('opportunity', sales.opportunities),
    stageHistory: sales.stageHistory,
    lineItems: sales.lineItems,
    leads: withLast('lead', leads),
    projects: withLast('project', success.projects),
    milestones: success.milestones,
    cases: withLast('case', success.cases),
    activities,
    notifications: buildNotifications(ctx, sales, success),
    winLoss: buildWinLoss(DEMO_SEED + 17, sales),
    quotas: buildQuotas(ctx, sales, DEMO_SEED + 23),
    forecastSnapshots: forecastHistory.snapshots,
    forecastSnapshotOpportunities: forecastHistory.snapshotDeals,
  };
}

export type DemoOrganisation = ReturnType<typeof buildDemoOrganisation>;
