// The shapes the opportunity screens read, straight from the router's outputs.
import type { RouterInputs, RouterOutputs } from '../../trpc';

export type OpportunityListItem = RouterOutputs['opportunities']['list']['items'][number];
export type OpportunityDetail = RouterOutputs['opportunities']['getById'];
export type OpportunityListInput = RouterInputs['opportunities']['list'];
export type LineItemRow = OpportunityDetail['lineItems'][number];
export type StageHistoryEntry = OpportunityDetail['stageHistory'][number];
