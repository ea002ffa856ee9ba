// What a create or an update does to an opportunity's stage-derived fields (server/domain/README.md,
// "Stages"): probability and category as shared/stagePlan.ts decides them, plus what only the server keeps:
// when the deal closed and entered its stage, and that moving the close date later counts as a push.
import { LOSS_REASON_REQUIRED } from '../../shared/schemas/opportunities';
import { planStageFields, type StageFields, type StageFieldsRequest } from '../../shared/stagePlan';
import { isOpenStage, type Stage } from '../../shared/stages';

/** The fields of a stored opportunity this logic reads. */
export interface StageState extends StageFields {
  closeDate: string | null;
  closedAt: Date | null;
  stageEnteredAt: Date;
  pushCount: number;
}

/** What the input asks for; undefined = not sent. */
export interface StageRequest extends StageFieldsRequest {
  closeDate?: string | null;
}

export interface StagePlan extends StageState {
  /** True on create too: both write a stage history row. */
  stageChanged: boolean;
  pushed: boolean;
}

/** A close date moved later (both known, YYYY-MM-DD compares as text). Setting or clearing one is not a push. */
export function isCloseDatePush(before: string | null, after: string | null): boolean {
  return before !== null && after !== null && after > before;
}

/** The derived fields after a create (`before` null) or an update. */
export function planStageChange(before: StageState | null, request: StageRequest, now: Date): StagePlan {
  const fields = planStageFields(before, request);
  const { stage, stageChanged } = fields;
  const closeDate = request.closeDate !== undefined ? request.closeDate : (before?.closeDate ?? null);
  const pushed = before !== null && isCloseDatePush(before.closeDate, closeDate);
  return {
    ...fields,
    closeDate,
    closedAt: isOpenStage(stage) ? null : before?.closedAt && !stageChanged ? before.closedAt : now,
    stageEnteredAt: before && !stageChanged ? before.stageEnteredAt : now,
    pushCount: (before?.pushCount ?? 0) + (pushed ? 1 : 0),
    pushed,
  };
}

/** Field messages for rules that span fields of the final record; empty when it is valid. */
export function opportunityRuleErrors(o: { stage: Stage; lossReason: string | null }): Record<string, string[]> {
  if (o.stage === 'Closed Lost' && !o.lossReason) return { lossReason: [LOSS_REASON_REQUIRED] };
  return {};
}
