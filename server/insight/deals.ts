// The deals behind a dashboard number (analytics.deals): the same condition as the number's aggregate,
// one keyset page at a time by close date.
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { accounts, opportunities, ruleResults, users } from '../../drizzle/schema';
import { weightedMoney } from '../../shared/money';
import type { AnalyticsDeals } from '../../shared/schemas/analytics';
import type { DbOrTx } from '../db';
import { type Severity, severityWeights } from '../domain/hygiene/catalogue';
import { dealHealth } from '../domain/hygiene/health';
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
  const hygiene = await openResultsOf(db, page.items.map((d) => d.id));
  return {
    nextCursor: page.nextCursor,
    items: page.items.map(({ createdAt: _createdAt, ...deal }) => {
      const results = hygiene.get(deal.id) ?? [];
      return {
        ...deal,
        weightedAmount: weightedMoney(deal.amount, deal.probability),
        /** Deal health from its open hygiene results (100 with none), and their messages, heaviest first. */
        health: dealHealth(results),
        issues: results.map((r) => r.message),
      };
    }),
  };
}

/** The open hygiene results of a page of deals, heaviest first. */
async function openResultsOf(db: DbOrTx, ids: number[]) {
  const out = new Map<number, { ruleId: string; severity: Severity; message: string }[]>();
  if (ids.length === 0) return out;
  const rows = await db
    .select({ recordId: ruleResults.recordId, ruleId: ruleResults.ruleId, severity: ruleResults.severity, message: ruleResults.message })
    .from(ruleResults)
    .where(and(eq(ruleResults.recordType, 'opportunity'), inArray(ruleResults.recordId, ids), isNull(ruleResults.resolvedAt)))
    .orderBy(ruleResults.id);
  rows.sort((a, b) => severityWeights[b.severity] - severityWeights[a.severity]);
  for (const r of rows) out.set(r.recordId, [...(out.get(r.recordId) ?? []), r]);
  return out;
}
