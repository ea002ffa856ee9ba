// Win/loss: why each closed deal was won or lost (winLoss.record, one record per deal, audited; editable by
// the deal's owner, their manager and admins through winLoss.update), and the
// report over the last fiscal quarters (winLoss.summary): reasons by quarter, win rate by competitor,
// average deal size won vs lost, the latest lessons; winLoss.deals lists the deals behind each number.
import { and, asc, between, desc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import { accounts, opportunities, users, winLossAnalysis } from '../../drizzle/schema';
import { calendarDay, type Period, periodContaining, shiftPeriod } from '../../shared/periods';
import type { WinLossDeals, WinLossRecord, WinLossSummary } from '../../shared/schemas/winLoss';
import { canEditWinLoss, outcomeOfStage, winLossEditRule, type WinLossOutcome } from '../../shared/winLoss';
import { type DbOrTx, inTransaction, type Tx } from '../db';
import { winRate } from '../domain/forecast';
import { averageDealSize } from '../domain/winLoss';
import type { Actor } from '../lib/actor';
import { insertAudited, recordUpdateAudit } from '../lib/audit';
import { fieldError, forbidden, notFound } from '../lib/errors';
import { loadOpportunityForWrite, updateOpportunity } from '../services/opportunities';
import { getOrganisationSettings } from '../services/settings';
import { amountSum, dealCount, toMoney } from './aggregates';

const o = opportunities;
const w = winLossAnalysis;

/** The deal's owner, the owner's manager and admins may change a recorded reason; anyone else is refused. */
async function assertMayEditWinLoss(tx: DbOrTx, actor: Actor, ownerId: string): Promise<void> {
  const [owner] = await tx.select({ managerId: users.managerId }).from(users).where(eq(users.id, ownerId));
  if (!canEditWinLoss(actor, { id: ownerId, managerId: owner?.managerId ?? null })) throw forbidden(`Only ${winLossEditRule}`);
}

type Deal = Pick<typeof opportunities.$inferSelect, 'id' | 'stage' | 'ownerId' | 'version' | 'lossReason'>;
type Row = typeof winLossAnalysis.$inferSelect;

/** Writes the record (new, or over `before`), audited; a lost deal's loss reason follows its primary reason. */
async function saveWinLoss(tx: Tx, actor: Actor, deal: Deal, before: Row | undefined, input: WinLossRecord, now: Date) {
  const outcome = outcomeOfStage(deal.stage);
  if (!outcome) throw fieldError('invalid', 'outcome', 'Close the deal as won or lost first');
  if (outcome !== input.outcome) throw fieldError('invalid', 'outcome', `This deal was ${outcome}: record it as ${outcome}`);
  const values = { outcome: input.outcome, primaryReason: input.primaryReason, competitor: input.competitor, lessons: input.lessons };
  if (!before) {
    await insertAudited(tx, w, { opportunityId: deal.id, ...values, createdById: actor.id }, { actor, entityType: 'winLoss', now });
  } else {
    await tx.update(w).set({ ...values, updatedAt: now }).where(eq(w.id, before.id));
    await recordUpdateAudit(tx, { actor, entityType: 'winLoss', entityId: before.id, before, after: { ...before, ...values } });
    // Closing a lost deal made its primary reason the loss reason: an edit keeps the two the same.
    if (outcome === 'lost' && deal.lossReason !== input.primaryReason) {
      await updateOpportunity(tx, actor, { id: deal.id, version: deal.version, lossReason: input.primaryReason }, now);
    }
  }
  const [row] = await tx.select().from(w).where(eq(w.opportunityId, deal.id));
  return row!;
}

/** winLoss.record: records why a closed deal was won or lost; recording over an existing record is an edit. */
export async function recordWinLoss(db: DbOrTx, actor: Actor, input: WinLossRecord, now: Date) {
  return inTransaction(db, async (tx) => {
    const deal = await loadOpportunityForWrite(tx, actor, input.opportunityId);
    const [before] = await tx.select().from(w).where(eq(w.opportunityId, deal.id)).for('update');
    if (before) await assertMayEditWinLoss(tx, actor, deal.ownerId);
    return saveWinLoss(tx, actor, deal, before, input, now);
  });
}

/** winLoss.update: changes the reason, competitor or lessons of a deal's existing record. */
export async function updateWinLoss(db: DbOrTx, actor: Actor, input: WinLossRecord, now: Date) {
  return inTransaction(db, async (tx) => {
    const [deal] = await tx
      .select({ id: o.id, stage: o.stage, ownerId: o.ownerId, version: o.version, lossReason: o.lossReason })
      .from(o)
      .where(and(eq(o.id, input.opportunityId), isNull(o.deletedAt)))
      .for('update');
    if (!deal) throw notFound('Opportunity');
    const [before] = await tx.select().from(w).where(eq(w.opportunityId, deal.id)).for('update');
    if (!before) throw notFound('Win/loss record');
    await assertMayEditWinLoss(tx, actor, deal.ownerId);
    return saveWinLoss(tx, actor, deal, before, input, now);
  });
}

/** A deal's record, and whether the one asking may edit it. */
export async function getWinLoss(db: DbOrTx, actor: Actor, { opportunityId }: { opportunityId: number }) {
  const [row] = await db
    .select({ record: w, ownerId: o.ownerId, managerId: users.managerId })
    .from(w)
    .innerJoin(o, eq(o.id, w.opportunityId))
    .leftJoin(users, eq(users.id, o.ownerId))
    .where(eq(w.opportunityId, opportunityId));
  if (!row) return null;
  return { ...row.record, canEdit: canEditWinLoss(actor, { id: row.ownerId, managerId: row.managerId }) };
}

/** The managed list of competitors: every name recorded on a win/loss record or a deal. */
export async function listCompetitors(db: DbOrTx, _actor: Actor): Promise<string[]> {
  const rows = await db.execute(sql`
    select name from (
      select competitor as name from win_loss_analysis where competitor is not null
      union select competitor from opportunities where competitor is not null and deleted_at is null
    ) names order by name limit 500`);
  return (rows[0] as unknown as { name: string }[]).map((r) => r.name);
}

/** The last `n` fiscal quarters, oldest first, ending with the current one. */
async function lastQuarters(db: DbOrTx, actor: Actor, n: number, now: Date): Promise<Period[]> {
  const { fiscalYearStartMonth } = await getOrganisationSettings(db, actor);
  const current = periodContaining(calendarDay(now, 'UTC'), 'quarter', fiscalYearStartMonth);
  return Array.from({ length: n }, (_, i) => shiftPeriod(current, i - (n - 1), fiscalYearStartMonth));
}

/** Closed deals with a win/loss record, by close date within [from, to]. */
const recorded = (from: string, to: string) => and(isNull(o.deletedAt), isNotNull(o.closedAt), between(o.closeDate, from, to));

export async function winLossSummary(db: DbOrTx, actor: Actor, input: WinLossSummary, now: Date) {
  const quarters = await lastQuarters(db, actor, input.quarters, now);
  const window = recorded(quarters[0]!.start, quarters.at(-1)!.end);
  const [byQuarter, byCompetitor, bySize, lessons] = await Promise.all([
    Promise.all(
      quarters.map(async (q) => ({
        period: q,
        reasons: await db
          .select({ outcome: w.outcome, primaryReason: w.primaryReason, count: dealCount, amount: amountSum })
          .from(w)
          .innerJoin(o, eq(o.id, w.opportunityId))
          .where(recorded(q.start, q.end))
          .groupBy(w.outcome, w.primaryReason)
          .orderBy(w.outcome, desc(dealCount)),
      })),
    ),
    db
      .select({
        competitor: w.competitor,
        wonCount: sql<number>`sum(${w.outcome} = 'won')`.mapWith(Number),
        lostCount: sql<number>`sum(${w.outcome} = 'lost')`.mapWith(Number),
        wonAmount: sql<string>`coalesce(sum(case when ${w.outcome} = 'won' then ${o.amount} end), 0)`.mapWith(toMoney),
        lostAmount: sql<string>`coalesce(sum(case when ${w.outcome} = 'lost' then ${o.amount} end), 0)`.mapWith(toMoney),
      })
      .from(w)
      .innerJoin(o, eq(o.id, w.opportunityId))
      .where(and(window, isNotNull(w.competitor)))
      .groupBy(w.competitor)
      .orderBy(desc(dealCount)),
    db
      .select({ outcome: w.outcome, count: dealCount, amount: amountSum })
      .from(w)
      .innerJoin(o, eq(o.id, w.opportunityId))
      .where(window)
      .groupBy(w.outcome),
    db
      .select({
        opportunityId: o.id,
        opportunityName: o.opportunityName,
        outcome: w.outcome,
        primaryReason: w.primaryReason,
        lessons: w.lessons,
        closeDate: o.closeDate,
      })
      .from(w)
      .innerJoin(o, eq(o.id, w.opportunityId))
      .where(and(window, isNotNull(w.lessons)))
      .orderBy(desc(o.closeDate), desc(o.id))
      .limit(10),
  ]);
  const size = (outcome: WinLossOutcome) => {
    const row = bySize.find((r) => r.outcome === outcome) ?? { count: 0, amount: '0.00' };
    return { count: row.count, amount: row.amount, average: averageDealSize(row.amount, row.count) };
  };
  return {
    quarters: byQuarter,
    competitors: byCompetitor.map((c) => ({ ...c, competitor: c.competitor!, ...winRate(c) })),
    won: size('won'),
    lost: size('lost'),
    lessons,
  };
}

/** The recorded deals behind a number of the win/loss page, latest first (at most 100). */
export async function winLossDealList(db: DbOrTx, actor: Actor, input: WinLossDeals, now: Date) {
  const quarters = await lastQuarters(db, actor, input.quarters, now);
  const q = input.quarterStart ? quarters.find((p) => p.start === input.quarterStart) : undefined;
  return db
    .select({
      id: o.id,
      opportunityName: o.opportunityName,
      accountId: o.accountId,
      accountName: sql<string>`coalesce(${accounts.accountName}, '')`,
      ownerName: sql<string>`coalesce(${users.name}, '')`,
      amount: o.amount,
      closeDate: o.closeDate,
      outcome: w.outcome,
      primaryReason: w.primaryReason,
      competitor: w.competitor,
      lessons: w.lessons,
    })
    .from(w)
    .innerJoin(o, eq(o.id, w.opportunityId))
    .leftJoin(accounts, eq(accounts.id, o.accountId))
    .leftJoin(users, eq(users.id, o.ownerId))
    .where(
      and(
        q ? recorded(q.start, q.end) : recorded(quarters[0]!.start, quarters.at(-1)!.end),
        input.outcome ? eq(w.outcome, input.outcome) : undefined,
        input.primaryReason ? eq(w.primaryReason, input.primaryReason) : undefined,
        input.competitor ? eq(w.competitor, input.competitor) : undefined,
      ),
    )
    .orderBy(desc(o.closeDate), asc(o.id))
    .limit(100);
}
