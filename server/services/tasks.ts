// Tasks and My day. A task is an activity of type task with a due date (created, completed, snoozed and
// rescheduled through the activities service); this file reads them the ways a person works through them.
import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, lt, sql, type SQL } from 'drizzle-orm';
import { accounts, activities, emailConnections, opportunities, ruleResults, users } from '../../drizzle/schema';
import type { Page } from '../../shared/schemas/common';
import type { SearchHit } from '../../shared/schemas/search';
import type { TaskDueWindow, TaskList } from '../../shared/schemas/tasks';
import type { DbOrTx } from '../db';
import { type AttentionSeverity, attentionSeverities, dayBounds } from '../domain/myDay';
import type { Actor } from '../lib/actor';
import { keysetAfter, keysetOrder, toPage } from '../lib/keyset';
import { type ActivityListItem, activityListColumns, asSeenBy, withRelatedTo } from './activities';
import { recentlyViewed } from './search';

/** Activities with each owner's name and the mailbox's sharing level, as every activity read has them. */
function activityRows(db: DbOrTx) {
  return db
    .select({ ...activityListColumns, ownerName: sql<string>`coalesce(${users.name}, '')` })
    .from(activities)
    .leftJoin(users, eq(users.id, activities.ownerId))
    .leftJoin(emailConnections, eq(emailConnections.id, activities.captureConnectionId));
}

/** [from, to) of a due window for someone in `timeZone`. */
function dueRange(due: TaskDueWindow, now: Date, timeZone: string): SQL | undefined {
  const today = dayBounds(now, timeZone);
  if (due === 'overdue') return lt(activities.dueAt, now);
  if (due === 'today') return and(gte(activities.dueAt, now), lt(activities.dueAt, today.end));
  return gte(activities.dueAt, today.end);
}

/**
 * Tasks, open ones soonest due first, done ones latest completed first (keyset on the index
 * activities_owner_tasks_idx: owner, type, completedAt, dueAt, id).
 */
export async function listTasks(
  db: DbOrTx,
  actor: Actor,
  input: TaskList & { timeZone: string },
  now: Date,
): Promise<Page<ActivityListItem>> {
  const open = input.status === 'open';
  const sortColumn = open ? activities.dueAt : activities.completedAt;
  const direction = open ? 'asc' : 'desc';
  const rows = await activityRows(db)
    .where(
      and(
        input.ownerId ? eq(activities.ownerId, input.ownerId) : undefined,
        eq(activities.type, 'task'),
        open ? isNull(activities.completedAt) : isNotNull(activities.completedAt),
        open && input.due ? dueRange(input.due, now, input.timeZone) : undefined,
        input.relatedToType ? eq(activities.relatedToType, input.relatedToType) : undefined,
        keysetAfter(sortColumn, activities.id, direction, input.cursor),
      ),
    )
    .orderBy(...keysetOrder(sortColumn, activities.id, direction))
    .limit(input.limit + 1);
  const page = toPage(rows, input.limit, (r) => (open ? r.dueAt : r.completedAt));
  return { ...page, items: await withRelatedTo(db, asSeenBy(actor, page.items), new Map()) };
}

export interface AttentionDeal {
  id: number;
  opportunityName: string;
  accountName: string;
  stage: string;
  amount: string | null;
  closeDate: string | null;
  nextStep: string | null;
  lastActivityAt: Date | null;
  /** The deal's most severe open result (the first its page lists), in the rule's words. */
  top: { ruleId: string; severity: AttentionSeverity; message: string };
  /** Its open critical and warning results, the top one included. */
  openResults: number;
}

/** How many of each My day list are shown; the Tasks screen has the rest. */
const MY_DAY_LIMIT = 25;

/** 0 for critical, 1 for warning: the order of attentionSeverities, in SQL. */
const severityRank = sql`case ${ruleResults.severity} ${sql.raw(attentionSeverities.map((s, i) => `when '${s}' then ${i}`).join(' '))} else 9 end`;

/**
 * The user's open deals with open critical or warning hygiene results, one row per deal with its top result,
 * in one statement: the owner's open deals (opportunities_owner_open_close_idx), their open results
 * (rule_results_record_idx), ranked per deal by a window function. Most severe top result first, then the
 * most open results, then the soonest (or most overdue) close date.
 */
async function attentionDeals(db: DbOrTx, ownerId: string): Promise<AttentionDeal[]> {
  const ranked = db
    .select({
      dealId: sql<number>`${ruleResults.recordId}`.as('deal_id'),
      ruleId: sql<string>`${ruleResults.ruleId}`.as('top_rule_id'),
      severity: sql<AttentionSeverity>`${ruleResults.severity}`.as('top_severity'),
      message: sql<string>`${ruleResults.message}`.as('top_message'),
      rank: sql<number>`${severityRank}`.as('severity_rank'),
      // The deal page's order: most severe, then the longest open.
      position: sql<number>`row_number() over (partition by ${ruleResults.recordId} order by ${severityRank}, ${ruleResults.firstSeenAt}, ${ruleResults.id})`.as('position'),
      openResults: sql<number>`count(*) over (partition by ${ruleResults.recordId})`.as('open_results'),
    })
    .from(opportunities)
    .innerJoin(ruleResults, and(eq(ruleResults.recordType, 'opportunity'), eq(ruleResults.recordId, opportunities.id), isNull(ruleResults.resolvedAt)))
    .where(
      and(
        eq(opportunities.ownerId, ownerId),
        isNull(opportunities.closedAt),
        isNull(opportunities.deletedAt),
        inArray(ruleResults.severity, [...attentionSeverities]),
      ),
    )
    .as('ranked');
  const rows = await db
    .select({
      id: opportunities.id,
      opportunityName: opportunities.opportunityName,
      accountName: accounts.accountName,
      stage: opportunities.stage,
      amount: opportunities.amount,
      closeDate: opportunities.closeDate,
      nextStep: opportunities.nextStep,
      lastActivityAt: opportunities.lastActivityAt,
      ruleId: ranked.ruleId,
      severity: ranked.severity,
      message: ranked.message,
      openResults: ranked.openResults,
    })
    .from(ranked)
    .innerJoin(opportunities, eq(opportunities.id, ranked.dealId))
    .innerJoin(accounts, eq(accounts.id, opportunities.accountId))
    .where(eq(ranked.position, 1))
    // Deals without a close date after those with one (MySQL sorts NULL first ascending).
    .orderBy(asc(ranked.rank), desc(ranked.openResults), sql`${opportunities.closeDate} is null`, asc(opportunities.closeDate), asc(opportunities.id))
    .limit(MY_DAY_LIMIT);
  return rows.map(({ ruleId, severity, message, openResults, ...deal }) => ({ ...deal, top: { ruleId, severity, message }, openResults: Number(openResults) }));
}

/**
 * A user's day: overdue tasks and those due later today, today's meetings, their open deals with open
 * hygiene results, and what they opened lately. "Today" is the user's own calendar day.
 */
export async function myDay(db: DbOrTx, actor: Actor, input: { timeZone: string }, now: Date) {
  if (!actor.id) throw new Error('My day is a signed-in user’s');
  const today = dayBounds(now, input.timeZone);
  const mine = eq(activities.ownerId, actor.id);
  const openTasks = and(mine, eq(activities.type, 'task'), isNull(activities.completedAt));

  const [overdue, dueToday, meetings, attention, recent] = await Promise.all([
    activityRows(db).where(and(openTasks, lt(activities.dueAt, now))).orderBy(asc(activities.dueAt), asc(activities.id)).limit(MY_DAY_LIMIT),
    activityRows(db)
      .where(and(openTasks, gte(activities.dueAt, now), lt(activities.dueAt, today.end)))
      .orderBy(asc(activities.dueAt), asc(activities.id))
      .limit(MY_DAY_LIMIT),
    activityRows(db)
      .where(and(mine, eq(activities.type, 'meeting'), gte(activities.occurredAt, today.start), lt(activities.occurredAt, today.end)))
      .orderBy(asc(activities.occurredAt), asc(activities.id))
      .limit(MY_DAY_LIMIT),
    attentionDeals(db, actor.id),
    recentlyViewed(db, actor, 8),
  ]);

  const named = async (rows: Awaited<ReturnType<typeof activityRows>>) => withRelatedTo(db, asSeenBy(actor, rows), new Map());
  return {
    date: today.date,
    overdue: await named(overdue),
    today: await named(dueToday),
    meetings: await named(meetings),
    attention,
    recent: recent satisfies SearchHit[],
  };
}
