// The demo's hygiene: a custom rule an admin might write, a first full scan of the demo pipeline, and eleven
// earlier weekly health points per rep and for the team (a pipeline that got a little healthier each week),
// so the trend shows 12 weeks.
import { eq } from 'drizzle-orm';
import { hygieneCustomRules, hygieneHealthPoints } from '../../drizzle/schema';
import type { Tx } from '../db';
import { scanInTransaction, weekStartOf } from './scan';

const WEEK_MS = 7 * 86_400_000;

/** A small deterministic wobble per (user, week), in [-3, 3]. */
function wobble(userId: string, week: number): number {
  let h = week * 2_654_435_761;
  for (const ch of userId) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return (h % 7) - 3;
}

/** A custom rule in the demo: big late-stage deals whose close date is near and nobody met the buyer lately. */
const demoCustomRule = {
  name: 'Big deal closing without a recent meeting',
  category: 'engagement' as const,
  severity: 'warning' as const,
  stages: ['Proposal', 'Negotiation', 'Security Review'],
  conditions: [
    { field: 'amount', operator: 'greater_than', value: 50_000 },
    { field: 'closeDate', operator: 'within_next_days', value: 45 },
    { field: 'lastMeetingAt', operator: 'older_than_days', value: 14 },
  ],
  message: '{name} closes soon and nobody met the buyer in 14 days',
  remediation: 'Book a meeting with the economic buyer before the close date',
  enabled: true,
};

export async function seedDemoHygiene(tx: Tx, now: Date): Promise<void> {
  await tx.insert(hygieneCustomRules).values({ ...demoCustomRule, createdAt: now, updatedAt: now });
  await scanInTransaction(tx, { kind: 'all' }, now);
  const current = await tx.select().from(hygieneHealthPoints).where(eq(hygieneHealthPoints.weekStart, weekStartOf(now)));
  const earlier = current.flatMap((p) =>
    Array.from({ length: 11 }, (_, i) => {
      const weeksAgo = i + 1;
      const at = new Date(now.getTime() - weeksAgo * WEEK_MS);
      const health = p.health === null ? null : Math.max(0, Math.min(100, p.health - Math.round(weeksAgo * 1.2) + wobble(p.userId, weeksAgo)));
      return { weekStart: weekStartOf(at), userId: p.userId, health, openDeals: p.openDeals, openResults: p.openResults + weeksAgo, createdAt: at, updatedAt: at };
    }),
  );
  for (let i = 0; i < earlier.length; i += 500) await tx.insert(hygieneHealthPoints).values(earlier.slice(i, i + 500));
}
