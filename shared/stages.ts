// The ordered opportunity stages and their defaults (server/domain/README.md, "Stages").

export const forecastCategories = ['Pipeline', 'Best Case', 'Commit', 'Closed', 'Omitted'] as const;
export type ForecastCategory = (typeof forecastCategories)[number];

export const stages = [
  'Prospecting',
  'Discovery',
  'Solution/Demo',
  'PoC/Trial',
  'Security Review',
  'Proposal',
  'Negotiation',
  'Closed Won',
  'Closed Lost',
] as const;
export type Stage = (typeof stages)[number];

export interface StageDefaults {
  probability: number;
  forecastCategory: ForecastCategory;
}

export const stageDefaults: Record<Stage, StageDefaults> = {
  Prospecting: { probability: 5, forecastCategory: 'Pipeline' },
  Discovery: { probability: 10, forecastCategory: 'Pipeline' },
  'Solution/Demo': { probability: 20, forecastCategory: 'Pipeline' },
  'PoC/Trial': { probability: 40, forecastCategory: 'Best Case' },
  'Security Review': { probability: 60, forecastCategory: 'Best Case' },
  Proposal: { probability: 70, forecastCategory: 'Commit' },
  Negotiation: { probability: 85, forecastCategory: 'Commit' },
  'Closed Won': { probability: 100, forecastCategory: 'Closed' },
  'Closed Lost': { probability: 0, forecastCategory: 'Omitted' },
};

export const closedStages: readonly Stage[] = ['Closed Won', 'Closed Lost'];

export function isOpenStage(stage: Stage): boolean {
  return !closedStages.includes(stage);
}

/** The stages of a deal still being worked, in order. */
export const openStages: readonly Stage[] = stages.filter(isOpenStage);

/** 1-based position of a stage in the sales process. */
export function stageOrder(stage: Stage): number {
  return stages.indexOf(stage) + 1;
}

/** An open deal whose close date is before `today` (YYYY-MM-DD, the user's calendar day): rule close_date_past. */
export function isCloseDatePast(deal: { stage: Stage; closeDate: string | null }, today: string): boolean {
  return isOpenStage(deal.stage) && deal.closeDate !== null && deal.closeDate < today;
}
