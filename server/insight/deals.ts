// The deals behind a dashboard number (analytics.deals): the same condition as the number's aggregate,
// one keyset page at a time by close date.
import { and, eq, sql } from 'drizzle-orm';
import { accounts, opportunities, users } from '../../drizzle/schema';
import { weightedMoney } from '../../shared/money';
import type { AnalyticsDeals } from '../../shared/schemas/analytics';
import type { DbOrTx } from '../db';
import { atRiskReasons } from '../domain/atRisk';
import type { Actor } from '../lib/actor';
import { keysetAfter, keysetOrder, toPage } from '../lib/keyset';
import { bucketCondition } from './buckets';
import { resolveScope } from './scope';

const o = opportunities;

export async function listBucketDeals(db: DbOrTx, actor: Actor, input: AnalyticsDeals, now: Date) {
  const scope = await resolveScope(db, actor, input.target, now);
  const rows = await db
    .select({
      id: o.id,
      opportunityName: o.opportunityName,
      accountId: o.accountId,
      // LEFT JOINs keep the plan an index walk over opportunities (see listOpportunities).
      accountName: sql<string>`coalesce(${accounts.accountName}, '')`,
      ownerName: sql<string>`coalesce(${users.name}, '')`,
      stage: o.stage,
      amount: o.amount,
      probability: o.probability,
      forecastCategory: o.forecastCategory,
      closeDate: o.closeDate,
      closedAt: o.closedAt,
      pushCount: o.pushCount,
      lastActivityAt: o.lastActivityAt,
      createdAt: o.createdAt,
    })
    .from(o)
    .leftJoin(accounts, eq(accounts.id, o.accountId))
    .leftJoin(users, eq(users.id, o.ownerId))
    .where(and(bucketCondition(scope, input.bucket), keysetAfter(o.closeDate, o.id, 'asc', input.cursor)))
    .orderBy(...keysetOrder(o.closeDate, o.id, 'asc'))
    .limit(input.limit + 1);
  const page = toPage(rows, input.limit, (r) => r.closeDate);
  return {
    nextCursor: page.nextCursor,
    items: page.items.map(({ createdAt, ...deal }) => ({
      ...deal,
      weightedAmount: weightedMoney(deal.amount, deal.probability),
      atRiskReasons: atRiskReasons({ ...deal, createdAt }, now, scope.today),
    })),
  };
}
