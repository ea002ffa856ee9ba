// Opportunities from a file: matched by external id only (deal names repeat: six "Boston Beer" deals are six
// deals), linked to their account by external id, domain or name, their stage mapped from the source's names
// (server/domain/imports/stages.ts, or the user's mapping from the preview). Stage-derived fields follow the
// same rules as a deal created or moved in the app (planStageChange); a closed deal closed on its close date.
import { and, inArray, isNull } from 'drizzle-orm';
import { opportunities } from '../../drizzle/schema';
import { opportunityCreate } from '../../shared/schemas/opportunities';
import type { Stage } from '../../shared/stages';
import { planStageChange } from '../domain/opportunityChanges';
import { stageFrom } from '../domain/imports/stages';
import { amountCell, dateCell, percentCell, referenceCell } from '../domain/imports/values';
import type { DbOrTx } from '../db';
import { chooseAccount, loadAccountRefs } from './accountRefs';
import {
  type BatchPlan,
  BatchKeys,
  cellsByField,
  chooseOwner,
  externalMatches,
  type ImportSpec,
  lower,
  mergeInto,
  type NewAccount,
  newPlanState,
  type Owners,
  planMatch,
  reasonOf,
  type Values,
} from './rows';
import type { UploadRow } from './uploadStore';

/** Closed Lost needs a loss reason in the app; a file that gives none gets this one, so the deal still imports. */
export const IMPORTED_LOSS_REASON = 'Not given in the imported file';

/** When an imported closed deal closed: its close date (noon UTC, so every zone sees that day), else now. */
function closedAtOf(closeDate: string | null, now: Date): Date {
  return closeDate ? new Date(`${closeDate}T12:00:00.000Z`) : now;
}

interface ParsedDeal {
  row: UploadRow;
  error?: string;
  values?: Values & { stage: Stage; ownerId: string; closeDate: string | null };
  probability?: number;
  account?: string;
  externalId: string | null;
  ownerMapped: boolean;
}

function parseDeal(spec: ImportSpec, owners: Owners, row: UploadRow): ParsedDeal {
  const v = cellsByField(spec, row.cells);
  const externalId = v.externalId || null;
  const fail = (error: string): ParsedDeal => ({ row, error, externalId, ownerMapped: false });
  const owner = chooseOwner(spec, owners, v.owner);
  if (!owner.ok) return fail(owner.reason);
  const stage = stageFrom(v.stage ?? '', spec.options.stageMapping);
  if (!stage) return fail(`Stage: "${v.stage}" is not one of our stages (map it onto one in the preview)`);
  const account = referenceCell(v.account);
  const result = opportunityCreate.safeParse({
    opportunityName: v.opportunityName ?? '',
    // Checked below, against the database: the form's rule (an id) is met here with a stand-in.
    accountId: 1,
    stage,
    amount: amountCell(v.amount),
    closeDate: dateCell(v.closeDate),
    probability: percentCell(v.probability) ?? undefined,
    nextStep: v.nextStep || null,
    lossReason: v.lossReason || (stage === 'Closed Lost' ? IMPORTED_LOSS_REASON : null),
    ownerId: owner.ownerId,
  });
  if (!result.success) return fail(reasonOf('opportunities', result.error));
  if (!account) return fail('Account: the row names no account, and every deal belongs to one');
  const { accountId: _standIn, probability, forecastCategory: _f, ...values } = result.data;
  return {
    row,
    values: { ...values, amount: values.amount ?? null, closeDate: values.closeDate ?? null, ownerId: owner.ownerId },
    probability,
    account,
    externalId,
    ownerMapped: Boolean(v.owner),
  };
}

export async function planOpportunities(db: DbOrTx, spec: ImportSpec, owners: Owners, rows: UploadRow[]): Promise<BatchPlan> {
  const now = spec.now();
  const parsed = rows.map((row) => parseDeal(spec, owners, row));
  const ok = parsed.filter((p) => p.values);
  const refs = await loadAccountRefs(db, ok.map((p) => p.account!));
  const external = await externalMatches(db, 'opportunity', ok.flatMap((p) => (p.externalId ? [p.externalId] : [])));
  const ids = [...external.values()];
  const found = ids.length
    ? await db
        .select()
        .from(opportunities)
        .where(and(inArray(opportunities.id, ids), isNull(opportunities.deletedAt)))
    : [];
  const byId = new Map(found.map((o) => [o.id, o]));

  const state = newPlanState();
  const newAccounts = new Map<string, NewAccount>();
  const batch = new BatchKeys();
  for (const p of parsed) {
    const { row } = p;
    if (!p.values) {
      state.plans.push({ kind: 'reject', index: row.index, cells: row.cells, reason: p.error! });
      continue;
    }
    const account = chooseAccount(refs, p.account!, spec.options.unknownAccount, newAccounts, p.values.ownerId);
    if (!account.ok) {
      state.plans.push({ kind: 'reject', index: row.index, cells: row.cells, reason: account.reason });
      continue;
    }
    const fromExternal = p.externalId ? external.get(lower(p.externalId)) : undefined;
    const record = fromExternal !== undefined ? byId.get(fromExternal) : undefined;
    if (record) {
      // The stage-derived fields as moving the deal in the app would set them (only when the stage moves).
      const plan = planStageChange(record, { stage: p.values.stage, probability: p.probability, closeDate: p.values.closeDate }, now);
      const values: Values = { ...p.values, accountId: account.accountId };
      if (!p.ownerMapped) delete values.ownerId;
      if (plan.stageChanged) {
        Object.assign(values, {
          probability: plan.probability,
          probabilityOverridden: plan.probabilityOverridden,
          forecastCategory: plan.forecastCategory,
          forecastCategoryOverridden: plan.forecastCategoryOverridden,
          closedAt: plan.closedAt === null ? null : closedAtOf(p.values.closeDate, now),
          stageEnteredAt: plan.stageEnteredAt,
        });
      }
      if (plan.pushed) values.pushCount = plan.pushCount;
      const refusal = `Matches the deal "${record.opportunityName}", which only its owner, managers and admins can change`;
      const planned = planMatch(state, spec, row, { id: record.id, record: record as unknown as Values & { ownerId: string }, values, externalId: p.externalId, refusal, newAccountKey: account.newAccountKey });
      // closedAt null on a reopened deal is a change changesFrom would skip (it never clears): keep it.
      if (planned.kind === 'update' && plan.stageChanged && plan.closedAt === null && record.closedAt !== null) planned.changes.closedAt = null;
      state.plans.push(planned);
      continue;
    }
    const keys = [p.externalId ? `ext:${lower(p.externalId)}` : null];
    const earlier = batch.find(keys);
    const plan = planStageChange(null, { stage: p.values.stage, probability: p.probability, closeDate: p.values.closeDate }, now);
    const closedAt = plan.closedAt === null ? null : closedAtOf(p.values.closeDate, now);
    const values: Values = {
      ...p.values,
      accountId: account.accountId ?? null,
      probability: plan.probability,
      probabilityOverridden: plan.probabilityOverridden,
      forecastCategory: plan.forecastCategory,
      forecastCategoryOverridden: plan.forecastCategoryOverridden,
      closedAt,
      stageEnteredAt: closedAt ?? now,
      pushCount: 0,
    };
    if (earlier !== undefined) {
      const target = state.plans[earlier]!;
      // The later row wins as a whole (stage, closedAt and the rest must agree with each other).
      if (target.kind === 'create') {
        target.values = values;
        target.newAccountKey = account.newAccountKey;
      } else mergeInto(target, values);
      state.plans.push({ kind: 'merge', index: row.index, into: target.index });
      continue;
    }
    batch.add(keys, state.plans.length);
    state.plans.push({ kind: 'create', index: row.index, values, externalId: p.externalId, newAccountKey: account.newAccountKey });
  }
  return { plans: state.plans, newAccounts: [...newAccounts.values()], existing: state.existing };
}
