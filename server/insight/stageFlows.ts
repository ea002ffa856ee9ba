// The stage conversion funnel's counts (server/domain/README.md, "Stage conversion"): of the deals that
// entered each open stage since a day, how many later entered a later stage (never Closed Lost).
// Set-based: one pass over the window's history rows grouped by deal. A deal entered stage k in the window
// when its first entry into k there exists; it advanced when its last entry into a stage > k (not Closed
// Lost) comes after that first entry — the same deals as "some entry into k has a later, higher entry".
import { and, isNull, sql, type SQL } from 'drizzle-orm';
import { opportunities, opportunityStageHistory } from '../../drizzle/schema';
import { openStages, type Stage, stages } from '../../shared/stages';
import type { DbOrTx } from '../db';
import { ownedBy } from './scope';

const o = opportunities;
const h = opportunityStageHistory;

export interface StageFlowCount {
  stage: Stage;
  entered: number;
  advanced: number;
}

/** 1 for Prospecting ... 9 for Closed Lost. */
const rank = sql`field(${h.toStage}, ${sql.join(stages.map((s) => sql`${s}`), sql`, `)})`;
const LOST = stages.indexOf('Closed Lost') + 1;
const ranks = openStages.map((s) => stages.indexOf(s) + 1);

/** Per deal of `where` with history since `from`: first entry into each open stage, last entry above it. */
function perDeal(from: Date, where: SQL | undefined) {
  const columns = ranks.flatMap((r) => [
    sql`min(case when r.rk = ${sql.raw(String(r))} then r.changed_at end) as f${sql.raw(String(r))}`,
    sql`max(case when r.rk > ${sql.raw(String(r))} and r.rk <> ${sql.raw(String(LOST))} then r.changed_at end) as g${sql.raw(String(r))}`,
  ]);
  return sql`select r.opportunity_id, r.owner_id, ${sql.join(columns, sql`, `)}
    from (select ${h.opportunityId} as opportunity_id, ${o.ownerId} as owner_id, ${h.changedAt} as changed_at, ${rank} as rk
          from ${h} join ${o} on ${o.id} = ${h.opportunityId}
          where ${and(sql`${h.changedAt} >= ${from}`, isNull(o.deletedAt), where)}) r
    group by r.opportunity_id, r.owner_id`;
}

const sums = sql.join(
  ranks.flatMap((r) => [sql.raw(`coalesce(sum(d.f${r} is not null), 0) as e${r}`), sql.raw(`coalesce(sum(d.g${r} > d.f${r}), 0) as a${r}`)]),
  sql`, `,
);

type Sums = Record<string, unknown>;

function toFlows(row: Sums | undefined): StageFlowCount[] {
  return openStages.map((stage, i) => ({
    stage,
    entered: Number(row?.[`e${ranks[i]}`] ?? 0),
    advanced: Number(row?.[`a${ranks[i]}`] ?? 0),
  }));
}

function rowsOf(result: unknown): Sums[] {
  return (Array.isArray(result) ? result[0] : result) as Sums[];
}

/** The funnel of the owners' deals (everyone's with null) since `from`, live from the history. */
export async function liveStageFlows(db: DbOrTx, from: Date, ownerIds: string[] | null): Promise<StageFlowCount[]> {
  const [row] = rowsOf(await db.execute(sql`select ${sums} from (${perDeal(from, ownedBy(o.ownerId, ownerIds))}) d`));
  return toFlows(row);
}

/** The same counts per owner, for the deals `where` picks (the aggregate's refresh). */
export async function liveStageFlowsByOwner(db: DbOrTx, from: Date, where: SQL | undefined): Promise<Map<string, StageFlowCount[]>> {
  const rows = rowsOf(await db.execute(sql`select d.owner_id, ${sums} from (${perDeal(from, where)}) d group by d.owner_id`));
  return new Map(rows.map((r) => [String(r.owner_id), toFlows(r)]));
}
