// What a stage move does to a deal's probability and forecast category (the domain README, "Stages"):
// they follow the stage default unless the rep overrode them, and closed stages force theirs. The server
// applies it on every create and update; the board shows a move with it before the server answers.
import { type ForecastCategory, isOpenStage, type Stage, stageDefaults } from './stages';

/** A deal's stage-derived fields as stored. */
export interface StageFields {
  stage: Stage;
  probability: number;
  probabilityOverridden: boolean;
  forecastCategory: ForecastCategory;
  forecastCategoryOverridden: boolean;
}

/** What the input asks for; undefined = not sent. */
export interface StageFieldsRequest {
  stage?: Stage;
  probability?: number;
  forecastCategory?: ForecastCategory;
}

export interface StageFieldsPlan extends StageFields {
  /** True on create too: both write a stage history row. */
  stageChanged: boolean;
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

/** The stage-derived fields after a create (`before` null) or an update. */
export function planStageFields(before: StageFields | null, request: StageFieldsRequest): StageFieldsPlan {
  const stage = request.stage ?? before?.stage ?? 'Prospecting';
  const stageChanged = before === null || stage !== before.stage;
  const defaults = stageDefaults[stage];
  if (!isOpenStage(stage)) {
    // Won is 100/Closed and lost is 0/Omitted whatever was asked: the forecast must not count it otherwise.
    return {
      stage,
      probability: defaults.probability,
      probabilityOverridden: false,
      forecastCategory: defaults.forecastCategory,
      forecastCategoryOverridden: false,
      stageChanged,
    };
  }
  const probability = follow(
    defaults.probability,
    request.probability,
    before && { value: before.probability, overridden: before.probabilityOverridden },
    stageChanged,
  );
  const category = follow(
    defaults.forecastCategory,
    request.forecastCategory,
    before && { value: before.forecastCategory, overridden: before.forecastCategoryOverridden },
    stageChanged,
  );
  return {
    stage,
    probability: probability.value,
    probabilityOverridden: probability.overridden,
    forecastCategory: category.value,
    forecastCategoryOverridden: category.overridden,
    stageChanged,
  };
}
