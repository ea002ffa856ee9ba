// What a create or an update does to an opportunity's stage-derived fields (DOMAIN.md "Stages"):
// probability and forecast category follow the stage default unless the rep overrode them, closed
// stages force theirs, a stage change is recorded, and moving the close date later counts as a push.
import { LOSS_REASON_REQUIRED } from '../../shared/schemas/opportunities';
import { type ForecastCategory, isOpenStage, type Stage, stageDefaults } from '../../shared/stages';

/** The fields of a stored opportunity this logic reads. */
export interface StageState {
  stage: Stage;
  probability: number;
  probabilityOverridden: boolean;
  forecastCategory: ForecastCategory;
  forecastCategoryOverridden: boolean;
  closeDate: string | null;
  closedAt: Date | null;
  stageEnteredAt: Date;
  pushCount: number;
}

/** What the input asks for; undefined = not sent. */
export interface StageRequest {
  stage?: Stage;
  probability?: number;
  forecastCategory?: ForecastCategory;
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

/**
 * One of probability / forecast category for the new stage.
 * - A sent value is the rep's choice: an override when it differs from the stage default, and a value
 *   equal to the default clears the override. A value equal to what the deal already had, sent along
 *   with a stage change, is a form echoing its field back, not a choice, so it is treated as not sent.
 * - Not sent: an existing override is kept across the stage change; otherwise the stage default applies.
 */
function follow<T>(
  stageDefault: T,
  requested: T | undefined,
  before: { value: T; overridden: boolean } | null,
  stageChanged: boolean,
): { value: T; overridden: boolean } {
  const echoed = before !== null && stageChanged && requested === before.value;
  if (requested !== undefined && !echoed) return { value: requested, overridden: requested !== stageDefault };
  if (before?.overridden) return before;
  return { value: stageDefault, overridden: false };
}

/** The derived fields after a create (`before` null) or an update. */
export function planStageChange(before: StageState | null, request: StageRequest, now: Date): StagePlan {
  const stage = request.stage ?? before?.stage ?? 'Prospecting';
  const stageChanged = before === null || stage !== before.stage;
  const closeDate = request.closeDate !== undefined ? request.closeDate : (before?.closeDate ?? null);
  const pushed = before !== null && isCloseDatePush(before.closeDate, closeDate);
  const defaults = stageDefaults[stage];

  let probability: { value: number; overridden: boolean };
  let category: { value: ForecastCategory; overridden: boolean };
  if (isOpenStage(stage)) {
    probability = follow(
      defaults.probability,
      request.probability,
      before && { value: before.probability, overridden: before.probabilityOverridden },
      stageChanged,
    );
    category = follow(
      defaults.forecastCategory,
      request.forecastCategory,
      before && { value: before.forecastCategory, overridden: before.forecastCategoryOverridden },
      stageChanged,
    );
  } else {
    // Won is 100/Closed and lost is 0/Omitted whatever was asked: the forecast must not count it otherwise.
    probability = { value: defaults.probability, overridden: false };
    category = { value: defaults.forecastCategory, overridden: false };
  }

  return {
    stage,
    probability: probability.value,
    probabilityOverridden: probability.overridden,
    forecastCategory: category.value,
    forecastCategoryOverridden: category.overridden,
    closeDate,
    closedAt: isOpenStage(stage) ? null : before?.closedAt && !stageChanged ? before.closedAt : now,
    stageEnteredAt: before && !stageChanged ? before.stageEnteredAt : now,
    pushCount: (before?.pushCount ?? 0) + (pushed ? 1 : 0),
    stageChanged,
    pushed,
  };
}

/** Field messages for rules that span fields of the final record; empty when it is valid. */
export function opportunityRuleErrors(o: { stage: Stage; lossReason: string | null }): Record<string, string[]> {
  if (o.stage === 'Closed Lost' && !o.lossReason) return { lossReason: [LOSS_REASON_REQUIRED] };
  return {};
}
