// The insight section of npm run bench: the dashboards and the forecast as people open them. A manager's
// session (the bench signs in as one) opens each of the first reps' dashboards of their team (the rep scope:
// the same queries as a rep's own; a manager may open only their own reps'), the team's (the manager
// dashboard: the manager and their reps) and the forecast of a rep and of the team. Signed in as an admin,
// the reps are any bench reps and the team is the whole organisation.
import { and, eq, like } from 'drizzle-orm';
import { users } from '../../../../drizzle/schema';
import type { Db } from '../../../db';
import type { TrpcHttp } from '../trpcHttp';
import { rebuildDealHealth } from '../../../hygiene/dealHealthRebuild';
import { refreshStageFlows } from '../../../insight/stageFlowAggregate';
import { BENCH_EMAIL_DOMAIN } from './database';

export async function insightScenarios(db: Db, client: TrpcHttp, me: { id: string; role: string }, ownerCount: number) {
  // The deals' health as a full scan leaves it, then the funnel's counts and the deal buckets as the nightly
  // insight.stageFlows job keeps them (the seed loads rows directly).
  await rebuildDealHealth(db, new Date());
  await refreshStageFlows(db, new Date());
  const reps = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, 'rep'), like(users.email, `%@${BENCH_EMAIL_DOMAIN}`), me.role === 'manager' ? eq(users.managerId, me.id) : undefined))
    .orderBy(users.email)
    .limit(ownerCount);
  const dashboard = (input: unknown) => client.queryUrl('analytics.dashboard', input);
  const forecast = (input: unknown) => client.queryUrl('analytics.forecast', input);
  return [
    { name: `analytics.dashboard rep scope (${reps.length} reps)`, urls: reps.map((r) => dashboard({ scope: 'user', userId: r.id })), page: false },
    { name: `analytics.dashboard manager scope (${me.role === 'manager' ? 'their team' : 'the organisation'}, this quarter)`, urls: [dashboard({ scope: 'team', period: 'quarter' })], page: false },
    { name: `analytics.forecast quarter, rep (${reps.length} reps)`, urls: reps.map((r) => forecast({ target: { scope: 'user', userId: r.id }, period: 'quarter' })), page: false },
    { name: `analytics.forecast quarter, team (${me.role === 'manager' ? 'their team, with the rep rows' : 'the organisation'})`, urls: [forecast({ target: { scope: 'team' }, period: 'quarter' })], page: false },
  ];
}
