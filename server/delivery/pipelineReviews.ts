// Scheduled pipeline reviews: a manager names a scope (the team, a rep, or a segment of the team's deals: a
// region, an industry, a deal size) and a cadence; at each slot a hygiene scan runs, the scope's open results
// are compared with the previous review's (new, resolved, still open, health change), and the summary goes
// to the manager's channels as a digest of kind 'review'.
import { and, desc, eq, gte, inArray, isNotNull, isNull, like, lt, notInArray, type SQL } from 'drizzle-orm';
import { accounts, digests, opportunities, pipelineReviews, ruleResults, users, type PipelineReview } from '../../drizzle/schema';
import type { DigestContent, DigestRow } from '../../shared/schemas/delivery';
import {
  type DealSizeBand,
  dealSizeBands,
  dealSizeLabel,
  type PipelineReviewCreate,
  type PipelineReviewUpdate,
  reviewScopeLabels,
} from '../../shared/schemas/pipelineReviews';
import { closedStages } from '../../shared/stages';
import { moneyToCents } from '../../shared/money';
import { calendarDay } from '../../shared/periods';
import { type DbOrTx, inTransaction } from '../db';
import { dueDigestSlot, latestDigestSlot, periodLabel } from '../domain/digests';
import { type Severity, severityWeights } from '../domain/hygiene/catalogue';
import { dealHealth, pipelineHealth } from '../domain/hygiene/health';
import { compareReviews } from '../domain/pipelineReviews';
import { enqueue } from '../jobs/enqueue';
import { assertManagerOrAdmin } from '../lib/access';
import type { Actor } from '../lib/actor';
import { insertAudited, recordDeleteAudit, recordUpdateAudit } from '../lib/audit';
import { fieldError, notFound } from '../lib/errors';
import { type DigestBuilder, type DigestTarget, deliverDigest, IN_APP_ONLY } from './digests';
import { recipientsWithPreferences } from './preferences';
import { teamRepIds } from '../services/teams';

const MANAGERS_ONLY = 'Only managers and admins schedule pipeline reviews';
const o = opportunities;

async function loadOwnReview(db: DbOrTx, actor: Actor, id: number): Promise<PipelineReview> {
  const [row] = await db.select().from(pipelineReviews).where(eq(pipelineReviews.id, id));
  if (!row || row.ownerId !== actor.id) throw notFound('Pipeline review');
  return row;
}

export async function listPipelineReviews(db: DbOrTx, actor: Actor) {
  assertManagerOrAdmin(actor, MANAGERS_ONLY);
  const rows = await db
    .select({ review: pipelineReviews, repName: users.name })
    .from(pipelineReviews)
    .leftJoin(users, and(eq(pipelineReviews.scopeKind, 'rep'), eq(users.id, pipelineReviews.scopeValue)))
    .where(eq(pipelineReviews.ownerId, actor.id!))
    .orderBy(pipelineReviews.name, pipelineReviews.id);
  return rows.map(({ review, repName }) => ({ ...review, scopeLabel: scopeLabel(review, repName) }));
}

function scopeLabel(review: Pick<PipelineReview, 'scopeKind' | 'scopeValue'>, repName: string | null): string {
  switch (review.scopeKind) {
    case 'rep':
      return repName ?? 'A rep no longer here';
    case 'region':
      return `Region ${review.scopeValue}`;
    case 'industry':
      return `Industry ${review.scopeValue}`;
    case 'dealSize':
      return `Deals ${dealSizeLabel(review.scopeValue as DealSizeBand).toLowerCase()}`;
    default:
      return reviewScopeLabels.team;
  }
}

/** A rep scope names an active rep of the owner's team (an admin's team is every rep). */
async function checkedScope(db: DbOrTx, actor: Actor, input: PipelineReviewCreate) {
  if (input.scopeKind === 'team') return { scopeKind: input.scopeKind, scopeValue: null };
  if (input.scopeKind === 'rep' && !(await teamRepIds(db, { id: actor.id!, role: actor.role })).includes(input.scopeValue!)) {
    throw fieldError('invalid', 'scopeValue', actor.role === 'admin' ? 'Choose an active rep' : 'Choose an active rep of your team');
  }
  return { scopeKind: input.scopeKind, scopeValue: input.scopeValue };
}

export async function createPipelineReview(db: DbOrTx, actor: Actor, input: PipelineReviewCreate, now: Date) {
  assertManagerOrAdmin(actor, MANAGERS_ONLY);
  return inTransaction(db, async (tx) => {
    const values = { ...input, ...(await checkedScope(tx, actor, input)), ownerId: actor.id!, active: true };
    const id = await insertAudited(tx, pipelineReviews, values, { actor, entityType: 'pipelineReview', now });
    return loadOwnReview(tx, actor, id);
  });
}

/**
 * Changes a review's name, scope, cadence or hour. Its next run compares with its previous delivered run
 * whatever the scope was then: deals that left the scope count as resolved, as the README says.
 */
export async function updatePipelineReview(db: DbOrTx, actor: Actor, input: PipelineReviewUpdate, now: Date) {
  assertManagerOrAdmin(actor, MANAGERS_ONLY);
  return inTransaction(db, async (tx) => {
    const before = await loadOwnReview(tx, actor, input.id);
    const { id, ...fields } = input;
    const after = { name: fields.name, cadence: fields.cadence, hour: fields.hour, ...(await checkedScope(tx, actor, fields)) };
    await tx.update(pipelineReviews).set({ ...after, updatedAt: now }).where(eq(pipelineReviews.id, id));
    await recordUpdateAudit(tx, { actor, entityType: 'pipelineReview', entityId: id, before, after });
    return loadOwnReview(tx, actor, id);
  });
}

export async function setPipelineReviewActive(db: DbOrTx, actor: Actor, input: { id: number; active: boolean }, now: Date) {
  assertManagerOrAdmin(actor, MANAGERS_ONLY);
  return inTransaction(db, async (tx) => {
    const before = await loadOwnReview(tx, actor, input.id);
    await tx.update(pipelineReviews).set({ active: input.active, updatedAt: now }).where(eq(pipelineReviews.id, input.id));
    await recordUpdateAudit(tx, { actor, entityType: 'pipelineReview', entityId: input.id, before, after: { active: input.active } });
    return loadOwnReview(tx, actor, input.id);
  });
}

export async function deletePipelineReview(db: DbOrTx, actor: Actor, { id }: { id: number }) {
  assertManagerOrAdmin(actor, MANAGERS_ONLY);
  return inTransaction(db, async (tx) => {
    const before = await loadOwnReview(tx, actor, id);
    await tx.delete(pipelineReviews).where(eq(pipelineReviews.id, id));
    await recordDeleteAudit(tx, { actor, entityType: 'pipelineReview', entityId: id, before });
    return { id };
  });
}

/** The review's runs are digests rows keyed r<id>:<slot>; "run now" gets a slot of its own minute. */
export const reviewPeriodKey = (reviewId: number, slot: string) => `r${reviewId}:${slot}`;
const reviewJobKey = (periodKey: string) => `review:${periodKey}`;

export async function runPipelineReviewNow(db: DbOrTx, actor: Actor, { id }: { id: number }, now: Date) {
  assertManagerOrAdmin(actor, MANAGERS_ONLY);
  const review = await loadOwnReview(db, actor, id);
  const periodKey = reviewPeriodKey(review.id, now.toISOString().slice(0, 16));
  const tz = (await recipientsWithPreferences(db, [review.ownerId]))[0]?.preferences.timeZone ?? 'UTC';
  await enqueue(
    db,
    { type: 'delivery.runPipelineReview', payload: { reviewId: review.id, periodKey, localDate: calendarDay(now, tz) }, dedupeKey: reviewJobKey(periodKey) },
    now,
  );
  return { queued: true };
}

/** The scheduler's part: active reviews whose slot has come in their owner's zone get one job per slot. */
export async function enqueueDueReviews(db: DbOrTx, now: Date): Promise<number> {
  const reviews = await db.select().from(pipelineReviews).where(eq(pipelineReviews.active, true));
  if (reviews.length === 0) return 0;
  const owners = new Map((await recipientsWithPreferences(db, [...new Set(reviews.map((r) => r.ownerId))])).map((r) => [r.user.id, r]));
  const due = reviews.flatMap((review) => {
    const owner = owners.get(review.ownerId);
    if (!owner?.user.active) return [];
    const slot = dueDigestSlot({ frequency: review.cadence, hour: review.hour, timeZone: owner.preferences.timeZone }, now);
    return slot ? [{ reviewId: review.id, periodKey: reviewPeriodKey(review.id, slot.periodKey), localDate: slot.localDate }] : [];
  });
  if (due.length === 0) return 0;
  const done = new Set(
    (await db.select({ periodKey: digests.periodKey }).from(digests).where(and(eq(digests.kind, 'review'), inArray(digests.periodKey, due.map((d) => d.periodKey))))).map(
      (d) => d.periodKey,
    ),
  );
  let offered = 0;
  for (const payload of due.filter((d) => !done.has(d.periodKey))) {
    await enqueue(db, { type: 'delivery.runPipelineReview', payload, dedupeKey: reviewJobKey(payload.periodKey) }, now);
    offered += 1;
  }
  return offered;
}

/** Every scope is within the owner's team (an admin's: every active rep); a segment narrows it further. */
function scopeCondition(review: PipelineReview, repIds: string[]): SQL | undefined {
  if (repIds.length === 0) return eq(o.id, -1);
  const team = inArray(o.ownerId, repIds);
  switch (review.scopeKind) {
    case 'rep':
      return and(team, eq(o.ownerId, review.scopeValue!));
    case 'region':
      return and(team, eq(accounts.region, review.scopeValue!));
    case 'industry':
      return and(team, eq(accounts.industry, review.scopeValue!));
    case 'dealSize': {
      const band = dealSizeBands[review.scopeValue as DealSizeBand] ?? { min: 0, max: 0 };
      return and(team, band.min === null ? undefined : gte(o.amount, String(band.min)), band.max === null ? undefined : lt(o.amount, String(band.max)));
    }
    default:
      return team;
  }
}

const severityLabel: Record<Severity, string> = { critical: 'Critical', warning: 'Warning', info: 'Info' };

/** Builds a review's content: the scope's open results now, against the ones the previous run saw. */
export function reviewBuilder(review: PipelineReview): DigestBuilder {
  return async (db, owner, target: DigestTarget, now) => {
    const repIds = await teamRepIds(db, owner);
    const inScope = and(isNull(o.deletedAt), notInArray(o.stage, [...closedStages]), scopeCondition(review, repIds));
    const deals = await db.select({ id: o.id, amount: o.amount }).from(o).leftJoin(accounts, eq(accounts.id, o.accountId)).where(inScope);
    const open = await db
      .select({ ruleId: ruleResults.ruleId, recordId: ruleResults.recordId, severity: ruleResults.severity, message: ruleResults.message, name: o.opportunityName, ownerName: users.name })
      .from(ruleResults)
      .innerJoin(o, and(eq(ruleResults.recordType, 'opportunity'), eq(o.id, ruleResults.recordId)))
      .leftJoin(accounts, eq(accounts.id, o.accountId))
      .leftJoin(users, eq(users.id, o.ownerId))
      .where(and(isNull(ruleResults.resolvedAt), inScope));
    const byDeal = new Map<number, { ruleId: string; severity: Severity }[]>();
    for (const r of open) byDeal.set(r.recordId, [...(byDeal.get(r.recordId) ?? []), r as { ruleId: string; severity: Severity }]);
    const health = pipelineHealth(deals.map((d) => ({ health: dealHealth(byDeal.get(d.id) ?? []), amountCents: d.amount ? Number(moneyToCents(d.amount)) : null })));

    const [previous] = await db
      .select({ content: digests.content, sentAt: digests.sentAt })
      .from(digests)
      .where(and(eq(digests.userId, owner.id), eq(digests.kind, 'review'), eq(digests.status, 'Sent'), like(digests.periodKey, `r${review.id}:%`)))
      .orderBy(desc(digests.sentAt))
      .limit(1);
    const before = (previous?.content as DigestContent | undefined)?.review ?? null;
    const openKeys = open.map((r) => `${r.ruleId}:${r.recordId}`);
    const comparison = compareReviews(before, { openKeys, health });

    const resolvedRows = comparison.resolved.length
      ? await db
          .select({ ruleId: ruleResults.ruleId, recordId: ruleResults.recordId, message: ruleResults.message, name: o.opportunityName, ownerName: users.name })
          .from(ruleResults)
          .innerJoin(o, and(eq(ruleResults.recordType, 'opportunity'), eq(o.id, ruleResults.recordId)))
          .leftJoin(users, eq(users.id, o.ownerId))
          .where(and(isNotNull(ruleResults.resolvedAt), gte(ruleResults.resolvedAt, previous?.sentAt ?? new Date(0)), inArray(ruleResults.recordId, comparison.resolved.map((k) => Number(k.split(':')[1])))))
      : [];
    const resolvedSet = new Set(comparison.resolved);
    const newSet = new Set(comparison.added);
    const row = (r: { recordId: number; name: string; ownerName: string | null; message: string }, extra: string[]): DigestRow => ({
      link: { type: 'opportunity', id: r.recordId },
      cells: [r.name, r.ownerName ?? '', r.message, ...extra],
    });
    const added = open
      .filter((r) => newSet.has(`${r.ruleId}:${r.recordId}`))
      .sort((a, b) => severityWeights[b.severity as Severity] - severityWeights[a.severity as Severity]);
    const content: DigestContent = {
      audience: 'manager',
      title: `Pipeline review: ${review.name}`,
      recipientName: owner.name,
      periodLabel: periodLabel(review.cadence === 'weekly' ? 'weekly' : 'daily', target.localDate, owner.timeZone),
      forecast: null,
      notes: comparison.notes,
      review: { reviewId: review.id, openKeys, health },
      sections: [
        { key: 'new', title: before ? 'New since the last review' : 'Open issues, worst first', columns: ['Deal', 'Owner', 'Issue', 'Severity'], rows: added.slice(0, 25).map((r) => row(r, [severityLabel[r.severity as Severity]])), more: Math.max(0, added.length - 25) },
        {
          key: 'resolved',
          title: 'Resolved since the last review',
          columns: ['Deal', 'Owner', 'Issue'],
          rows: resolvedRows.filter((r) => resolvedSet.has(`${r.ruleId}:${r.recordId}`)).slice(0, 25).map((r) => row(r, [])),
          more: Math.max(0, comparison.resolved.length - 25),
        },
      ],
    };
    return { content, alwaysSend: before === null || comparison.changed };
  };
}

export async function loadReview(db: DbOrTx, id: number): Promise<PipelineReview | null> {
  const [row] = await db.select().from(pipelineReviews).where(eq(pipelineReviews.id, id));
  return row ?? null;
}

/** The demo manager's weekly team review, with its latest run delivered in the app (hygiene is seeded already), and a daily one of large deals. */
export async function seedDemoReview(db: DbOrTx, managerId: string, now: Date): Promise<void> {
  const [{ id } = { id: 0 }] = await db
    .insert(pipelineReviews)
    .values({ ownerId: managerId, name: 'Team weekly', scopeKind: 'team', cadence: 'weekly', hour: 9, createdAt: now, updatedAt: now })
    .$returningId();
  // A segment review too, so the schedule list shows what a scope can be; it runs at its first slot.
  await db
    .insert(pipelineReviews)
    .values({ ownerId: managerId, name: 'Large deals', scopeKind: 'dealSize', scopeValue: 'large', cadence: 'daily', hour: 8, createdAt: now, updatedAt: now });
  const review = (await loadReview(db, id))!;
  const { preferences } = (await recipientsWithPreferences(db, [managerId]))[0]!;
  const slot = latestDigestSlot({ frequency: 'weekly', hour: 9, timeZone: preferences.timeZone }, now);
  const target = { userId: managerId, kind: 'review' as const, periodKey: reviewPeriodKey(id, slot.periodKey), localDate: slot.localDate };
  await deliverDigest(db, IN_APP_ONLY, target, now, reviewBuilder(review));
}
