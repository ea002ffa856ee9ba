// Opportunities: create, read, list, update and soft-delete deals, with stage history and push count.
// Stage-derived fields are decided by server/domain/opportunityChanges.ts; line items live in lineItems.ts.
import {
  and,
  desc,
  eq,
  getTableColumns,
  inArray,
  isNull,
  notInArray,
  sql,
  type SQL,
} from 'drizzle-orm';
import { alias } from 'drizzle-orm/mysql-core';
import {
  accounts,
  contacts,
  lineItems,
  opportunities,
  opportunityStageHistory,
  products,
  users,
  type Opportunity,
} from '../../drizzle/schema';
import type {
  OpportunityCreate,
  OpportunityList,
  OpportunitySort,
  OpportunityUpdate,
} from '../../shared/schemas/opportunities';
import { type GateField, stageGate } from '../../shared/stageGate';
import { closedStages, isOpenStage } from '../../shared/stages';
import { type DbOrTx, inTransaction, type Tx } from '../db';
import { opportunityRuleErrors, planStageChange, type StagePlan } from '../domain/opportunityChanges';
import { sameMoney } from '../../shared/money';
import { assertCanWrite } from '../lib/access';
import type { Actor } from '../lib/actor';
import { insertAudited, recordAudit, recordUpdateAudit } from '../lib/audit';
import { type FieldErrors, fieldError, invalidFields, notFound } from '../lib/errors';
import { keysetAfter, keysetOrder, toPage } from '../lib/keyset';
import { matchesSearch, withinRange } from '../lib/listFilters';
import { assertOwnerChangeAllowed, resolveOwner } from '../lib/owners';
import { assertCurrentVersion, sentFields } from '../lib/updates';
import { assertAccountExists } from './accounts';
import { reassignActivitiesAccount } from './activities';
import { teamOwnerIds } from './teams';
import { enqueueOpportunityScan } from '../hygiene/jobs';
import { enqueueWonDealAccountScans } from '../hygiene/recordScans';
import { notifyAssignment } from '../delivery/assignments';
import { exitDealEnrolments, onDealEnteredStage } from '../automation/triggers';
import { trackStageFlows } from '../insight/stageFlowAggregate';

export const AMOUNT_FROM_LINE_ITEMS = 'Amount comes from the line items; edit those instead';

/** The live (not soft-deleted) opportunity, locked for this transaction, if the user may change it. */
export async function loadOpportunityForWrite(tx: Tx, actor: Actor, id: number): Promise<Opportunity> {
  const [row] = await tx
    .select()
    .from(opportunities)
    .where(and(eq(opportunities.id, id), isNull(opportunities.deletedAt)))
    .for('update');
  if (!row) throw notFound('Opportunity');
  assertCanWrite(actor, row.ownerId, 'opportunity');
  return row;
}

export async function hasLineItems(db: DbOrTx, opportunityId: number): Promise<boolean> {
  const [row] = await db.select({ id: lineItems.id }).from(lineItems).where(eq(lineItems.opportunityId, opportunityId)).limit(1);
  return !!row;
}

/** The economic buyer and champion must be people at the deal's own account. */
async function assertContactsOfAccount(
  db: DbOrTx,
  accountId: number,
  picks: { economicBuyerContactId: number | null; championContactId: number | null },
): Promise<void> {
  const chosen = (
    [
      ['economicBuyerContactId', picks.economicBuyerContactId],
      ['championContactId', picks.championContactId],
    ] as const
  ).filter((e): e is readonly [(typeof e)[0], number] => e[1] !== null);
  if (chosen.length === 0) return;
  const rows = await db
    .select({ id: contacts.id, accountId: contacts.accountId })
    .from(contacts)
    .where(inArray(contacts.id, [...new Set(chosen.map(([, id]) => id))]));
  const errors: FieldErrors = {};
  for (const [field, contactId] of chosen) {
    const contact = rows.find((r) => r.id === contactId);
    if (contact?.accountId !== accountId) errors[field] = ["Choose a contact of the opportunity's account"];
  }
  if (Object.keys(errors).length > 0) throw invalidFields(errors);
}

function assertRules(o: { stage: Opportunity['stage']; lossReason: string | null }): void {
  const errors = opportunityRuleErrors(o);
  if (Object.keys(errors).length > 0) throw invalidFields(errors);
}

function stageFields(plan: StagePlan) {
  return {
    stage: plan.stage,
    probability: plan.probability,
    probabilityOverridden: plan.probabilityOverridden,
    forecastCategory: plan.forecastCategory,
    forecastCategoryOverridden: plan.forecastCategoryOverridden,
    closeDate: plan.closeDate,
    closedAt: plan.closedAt,
    stageEnteredAt: plan.stageEnteredAt,
    pushCount: plan.pushCount,
  };
}

async function recordStageChange(
  tx: DbOrTx,
  entry: {
    opportunityId: number;
    fromStage: Opportunity['stage'] | null;
    /** When the deal had entered fromStage (null with it). */
    fromStageEnteredAt: Date | null;
    row: Pick<Opportunity, 'stage' | 'amount' | 'closeDate'>;
    actor: Actor;
    changedAt: Date;
    gateSkip?: { fields: GateField[]; reason: string } | null;
  },
): Promise<void> {
  await tx.insert(opportunityStageHistory).values({
    opportunityId: entry.opportunityId,
    fromStage: entry.fromStage,
    fromStageEnteredAt: entry.fromStageEnteredAt,
    toStage: entry.row.stage,
    amount: entry.row.amount,
    closeDate: entry.row.closeDate,
    changedById: entry.actor.id,
    changedAt: entry.changedAt,
    gateSkippedFields: entry.gateSkip?.fields ?? null,
    gateSkipReason: entry.gateSkip?.reason ?? null,
    createdAt: entry.changedAt,
    updatedAt: entry.changedAt,
  });
}

async function selectOpportunity(db: DbOrTx, id: number): Promise<Opportunity> {
  const [row] = await db.select().from(opportunities).where(eq(opportunities.id, id));
  if (!row) throw notFound('Opportunity');
  return row;
}

export async function createOpportunity(db: DbOrTx, actor: Actor, input: OpportunityCreate, now: Date) {
  return inTransaction(db, async (tx) => {
    const ownerId = await resolveOwner(tx, actor, input.ownerId);
    await assertAccountExists(tx, input.accountId);
    await assertContactsOfAccount(tx, input.accountId, input);
    assertRules(input);
    const plan = planStageChange(null, input, now);
    const { probability: _p, forecastCategory: _f, stage: _s, closeDate: _c, ownerId: _o, ...fields } = input;
    const values = { ...fields, amount: fields.amount ?? null, ...stageFields(plan), ownerId };
    const flows = await trackStageFlows(tx, []);
    const id = await insertAudited(tx, opportunities, values, { actor, entityType: 'opportunity', now });
    await recordStageChange(tx, { opportunityId: id, fromStage: null, fromStageEnteredAt: null, row: values, actor, changedAt: now });
    await flows.apply([id]);
    await onDealEnteredStage(tx, { id, stage: values.stage }, now);
    await enqueueOpportunityScan(tx, id, now);
    await enqueueWonDealAccountScans(tx, null, values, now);
    await notifyAssignment(tx, actor, { type: 'opportunity', id, name: values.opportunityName }, { previousOwnerId: null, ownerId }, now);
    return getOpportunity(tx, actor, { id });
  });
}

export async function updateOpportunity(db: DbOrTx, actor: Actor, input: OpportunityUpdate, now: Date) {
  return inTransaction(db, async (tx) => {
    const before = await loadOpportunityForWrite(tx, actor, input.id);
    assertCurrentVersion(before, input.version, 'opportunity');
    const { id, version: _v, stage, probability, forecastCategory, closeDate, gateSkippedFields, gateSkipReason, ...rest } = input;
    const fields = sentFields(rest);
    // The funnel's counts and the deal buckets follow the deal (insight/stageFlowAggregate.ts, dealBuckets.ts).
    const flows = await trackStageFlows(tx, [id]);

    if (fields.amount !== undefined && !sameMoney(fields.amount, before.amount) && (await hasLineItems(tx, id))) {
      throw fieldError('invalid', 'amount', AMOUNT_FROM_LINE_ITEMS);
    }
    await assertOwnerChangeAllowed(tx, actor, before.ownerId, fields.ownerId);
    const merged = { ...before, ...fields };
    if (merged.accountId !== before.accountId) await assertAccountExists(tx, merged.accountId);
    if (
      merged.accountId !== before.accountId ||
      merged.economicBuyerContactId !== before.economicBuyerContactId ||
      merged.championContactId !== before.championContactId
    ) {
      await assertContactsOfAccount(tx, merged.accountId, merged);
    }
    const plan = planStageChange(before, { stage, probability, forecastCategory, closeDate }, now);
    assertRules({ stage: plan.stage, lossReason: merged.lossReason });

    await tx
      .update(opportunities)
      .set({ ...fields, ...stageFields(plan), version: before.version + 1, updatedAt: now })
      .where(eq(opportunities.id, id));
    const after = await selectOpportunity(tx, id);
    if (plan.stageChanged) {
      // Only what this move really passes empty is recorded as skipped: a field filled in the same save is
      // not, nor one a later stage expects (a bulk move names every gate field and lets the move decide).
      const skipped = stageGate(before.stage, after.stage, after).missing.filter((f) => gateSkippedFields?.includes(f));
      const gateSkip = skipped.length > 0 && gateSkipReason ? { fields: skipped, reason: gateSkipReason } : null;
      await recordStageChange(tx, { opportunityId: id, fromStage: before.stage, fromStageEnteredAt: before.stageEnteredAt, row: after, actor, changedAt: now, gateSkip });
      await onDealEnteredStage(tx, { id, stage: after.stage }, now);
    }
    await flows.apply();
    if (merged.accountId !== before.accountId) {
      // The deal's activities follow it to its new account's timeline.
      await reassignActivitiesAccount(tx, { type: 'opportunity', id }, merged.accountId);
    }
    await recordUpdateAudit(tx, { actor, entityType: 'opportunity', entityId: id, before, after });
    await enqueueOpportunityScan(tx, id, now);
    await enqueueWonDealAccountScans(tx, before, after, now);
    const name = after.opportunityName;
    await notifyAssignment(tx, actor, { type: 'opportunity', id, name }, { previousOwnerId: before.ownerId, ownerId: fields.ownerId }, now);
    return getOpportunity(tx, actor, { id });
  });
}

export async function deleteOpportunity(db: DbOrTx, actor: Actor, input: { id: number; version?: number }, now: Date) {
  return inTransaction(db, async (tx) => {
    const before = await loadOpportunityForWrite(tx, actor, input.id);
    assertCurrentVersion(before, input.version, 'opportunity');
    const flows = await trackStageFlows(tx, [input.id]);
    await tx
      .update(opportunities)
      .set({ deletedAt: now, version: before.version + 1, updatedAt: now })
      .where(eq(opportunities.id, input.id));
    await flows.apply();
    await recordAudit(tx, {
      actor,
      action: 'delete',
      entityType: 'opportunity',
      entityId: input.id,
      changes: { opportunityName: before.opportunityName, accountId: before.accountId, stage: before.stage, amount: before.amount },
    });
    await exitDealEnrolments(tx, input.id, 'The deal was deleted', now, { deleted: true });
    await enqueueOpportunityScan(tx, input.id, now);
    await enqueueWonDealAccountScans(tx, before, null, now);
    return { id: input.id };
  });
}

const economicBuyer = alias(contacts, 'economic_buyer');
const champion = alias(contacts, 'champion');
const changedBy = alias(users, 'changed_by');

function contactName(c: { firstName: string | null; lastName: string | null }): string | null {
  return c.firstName === null && c.lastName === null ? null : `${c.firstName ?? ''} ${c.lastName ?? ''}`.trim();
}

/** The deal with the names a detail screen shows, its line items and its stage history (newest first). */
export async function getOpportunity(db: DbOrTx, _actor: Actor, { id }: { id: number }) {
  const [row] = await db
    .select({
      ...getTableColumns(opportunities),
      accountName: accounts.accountName,
      ownerName: users.name,
      economicBuyerFirstName: economicBuyer.firstName,
      economicBuyerLastName: economicBuyer.lastName,
      championFirstName: champion.firstName,
      championLastName: champion.lastName,
    })
    .from(opportunities)
    .innerJoin(accounts, eq(accounts.id, opportunities.accountId))
    .innerJoin(users, eq(users.id, opportunities.ownerId))
    .leftJoin(economicBuyer, eq(economicBuyer.id, opportunities.economicBuyerContactId))
    .leftJoin(champion, eq(champion.id, opportunities.championContactId))
    .where(and(eq(opportunities.id, id), isNull(opportunities.deletedAt)));
  if (!row) throw notFound('Opportunity');

  const [items, history] = await Promise.all([
    db
      .select({ ...getTableColumns(lineItems), productName: products.productName, productCode: products.productCode })
      .from(lineItems)
      .innerJoin(products, eq(products.id, lineItems.productId))
      .where(eq(lineItems.opportunityId, id))
      .orderBy(lineItems.id),
    db
      .select({ ...getTableColumns(opportunityStageHistory), changedByName: changedBy.name })
      .from(opportunityStageHistory)
      .leftJoin(changedBy, eq(changedBy.id, opportunityStageHistory.changedById))
      .where(eq(opportunityStageHistory.opportunityId, id))
      .orderBy(desc(opportunityStageHistory.changedAt), desc(opportunityStageHistory.id)),
  ]);

  const { economicBuyerFirstName, economicBuyerLastName, championFirstName, championLastName, deletedAt: _d, ...opportunity } = row;
  return {
    ...opportunity,
    economicBuyerName: contactName({ firstName: economicBuyerFirstName, lastName: economicBuyerLastName }),
    championName: contactName({ firstName: championFirstName, lastName: championLastName }),
    lineItems: items,
    stageHistory: history,
  };
}

export type OpportunityDetail = Awaited<ReturnType<typeof getOpportunity>>;

/**
 * What the table, the board and the pickers show per deal, plus what a stage move needs (overrides, version)
 * and every sort column (the cursor is made of the row's sort value). No MEDDIC notes, no bookkeeping dates.
 */
const listColumns = {
  id: opportunities.id,
  opportunityName: opportunities.opportunityName,
  accountId: opportunities.accountId,
  stage: opportunities.stage,
  amount: opportunities.amount,
  closeDate: opportunities.closeDate,
  probability: opportunities.probability,
  probabilityOverridden: opportunities.probabilityOverridden,
  forecastCategory: opportunities.forecastCategory,
  forecastCategoryOverridden: opportunities.forecastCategoryOverridden,
  nextStep: opportunities.nextStep,
  nextStepDate: opportunities.nextStepDate,
  pushCount: opportunities.pushCount,
  ownerId: opportunities.ownerId,
  version: opportunities.version,
  createdAt: opportunities.createdAt,
  updatedAt: opportunities.updatedAt,
};

// Each has an index that starts with it (or owner/stage then it): opportunities_close_idx, _amount_idx, ...
const sortColumns = {
  closeDate: opportunities.closeDate,
  amount: opportunities.amount,
  opportunityName: opportunities.opportunityName,
  createdAt: opportunities.createdAt,
  updatedAt: opportunities.updatedAt,
} satisfies Record<OpportunitySort, unknown>;

/**
 * The list's filters as WHERE pieces, live deals only (also a saved view's segment, server/automation/segments.ts).
 * `team`: the reader's team's owner ids when the team filter is on (teamOwnerIds), else null.
 */
export function opportunityFilterConditions(
  f: Omit<OpportunityList, 'sort' | 'sortDirection' | 'cursor' | 'limit'>,
  team: string[] | null,
): (SQL | undefined)[] {
  const stage = f.stage;
  return [
    isNull(opportunities.deletedAt),
    f.ownerId ? eq(opportunities.ownerId, f.ownerId) : undefined,
    team ? inArray(opportunities.ownerId, team.length > 0 ? team : ['']) : undefined,
    // One stage is an equality, so (owner, stage, close_date, id) serves the ORDER BY without a sort.
    stage && stage.length === 1 ? eq(opportunities.stage, stage[0]!) : stage ? inArray(opportunities.stage, stage) : undefined,
    f.accountId ? eq(opportunities.accountId, f.accountId) : undefined,
    f.forecastCategory ? eq(opportunities.forecastCategory, f.forecastCategory) : undefined,
    f.open === true ? notInArray(opportunities.stage, [...closedStages]) : undefined,
    // Open deals have no closedAt (a CHECK constraint holds it): this lets the owner's open pipeline be
    // read from opportunities_owner_open_close_idx without skipping over their closed history.
    f.open === true || (stage && stage.every(isOpenStage)) ? isNull(opportunities.closedAt) : undefined,
    f.open === false ? inArray(opportunities.stage, [...closedStages]) : undefined,
    withinRange(opportunities.closeDate, { from: f.closeDateFrom, to: f.closeDateTo }),
    withinRange(opportunities.amount, { from: f.amountMin, to: f.amountMax }),
    matchesSearch(f.search, [opportunities.opportunityName]),
  ];
}

export async function listOpportunities(db: DbOrTx, actor: Actor, f: OpportunityList) {
  const sortColumn = sortColumns[f.sort];
  const team = f.team ? await teamOwnerIds(db, actor) : null;
  const conditions = [...opportunityFilterConditions(f, team), keysetAfter(sortColumn, opportunities.id, f.sortDirection, f.cursor)];
  // LEFT JOINs so that MariaDB must read opportunities first: the plan is then always an index walk on
  // (filters, sort, id) that stops after a page. With inner joins it may start from accounts and sort 100k
  // rows. Every deal has an account and an owner (foreign keys), so the names are never really missing.
  const rows = await db
    .select({
      ...listColumns,
      accountName: sql<string>`coalesce(${accounts.accountName}, '')`,
      ownerName: sql<string>`coalesce(${users.name}, '')`,
    })
    .from(opportunities)
    .leftJoin(accounts, eq(accounts.id, opportunities.accountId))
    .leftJoin(users, eq(users.id, opportunities.ownerId))
    .where(and(...conditions))
    .orderBy(...keysetOrder(sortColumn, opportunities.id, f.sortDirection))
    .limit(f.limit + 1);
  return toPage(rows, f.limit, (row) => row[f.sort]);
}
