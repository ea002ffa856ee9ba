// The insight section of npm run bench: the dashboards and the forecast as people open them. A manager's
// session (the bench signs in as one) opens each of the first reps' dashboards (the rep scope: the same
// queries as a rep's own), the team's (the manager dashboard) and the forecast of a rep and of the team.
import { and, eq, like } from 'drizzle-orm';
import { users } from '../../../../drizzle/schema';
import type { Db } from '../../../db';
import type { TrpcHttp } from '../trpcHttp';
import { BENCH_EMAIL_DOMAIN } from './database';

export async function insightScenarios(db: Db, client: TrpcHttp, ownerCount: number) {
  const reps = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, 'rep'), like(users.email, `%@${BENCH_EMAIL_DOMAIN}`)))
    .orderBy(users.email)
    .limit(ownerCount);
  const dashboard = (input: unknown) => client.queryUrl('analytics.dashboard', input);
  const forecast = (input: unknown) => client.queryUrl('analytics.forecast', input);
  return [
    { name: `analytics.dashboard rep scope (${reps.length} reps)`, urls: reps.map((r) => dashboard({ scope: 'user', userId: r.id })), page: false },
    { name: 'analytics.dashboard manager scope (team, this quarter)', urls: [dashboard({ scope: 'team', period: 'quarter' })], page: false },
    { name: `analytics.forecast quarter, rep (${reps.length} reps)`, urls: reps.map((r) => forecast({ target: { scope: 'user', userId: r.id }, period: 'quarter' })), page: false },
    { name: 'analytics.forecast quarter, team', urls: [forecast({ target: { scope: 'team' }, period: 'quarter' })], page: false },
  ];
}
