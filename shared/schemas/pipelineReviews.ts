// Scheduled pipeline reviews: a manager's hygiene review of the team, one rep or a segment of the team's deals
// (an account region or industry, or a deal-size band) at a cadence.
import { z } from 'zod';
import { formatMoney } from '../money';
import { recordId, requiredText, text } from './common';
import { digestFrequencies } from './delivery';

export const reviewScopeKinds = ['team', 'rep', 'region', 'industry', 'dealSize'] as const;
export type ReviewScopeKind = (typeof reviewScopeKinds)[number];
export const reviewScopeLabels: Record<ReviewScopeKind, string> = {
  team: 'The whole team',
  rep: 'One rep',
  region: 'A region',
  industry: 'An industry',
  dealSize: 'A deal size',
};

/** Deal-size bands by amount, lower bound included, upper excluded (null: open-ended). */
export const dealSizeBands = {
  small: { min: null, max: 25_000 },
  mid: { min: 25_000, max: 100_000 },
  large: { min: 100_000, max: null },
} as const satisfies Record<string, { min: number | null; max: number | null }>;
export type DealSizeBand = keyof typeof dealSizeBands;
export const dealSizeBandKeys = Object.keys(dealSizeBands) as DealSizeBand[];

export function dealSizeLabel(band: DealSizeBand): string {
  const { min, max } = dealSizeBands[band];
  if (min === null) return `Under ${formatMoney(max)}`;
  if (max === null) return `${formatMoney(min)} and over`;
  return `${formatMoney(min)} to ${formatMoney(max)}`;
}

const missingValue: Record<Exclude<ReviewScopeKind, 'team'>, string> = {
  rep: 'Choose a rep',
  region: 'Enter a region',
  industry: 'Enter an industry',
  dealSize: 'Choose a deal size',
};

const reviewFields = z.object({
  name: requiredText('Name', 120),
  scopeKind: z.enum(reviewScopeKinds, { message: 'Choose what to review' }),
  /** A rep's user id, a region, an industry or a deal-size band. */
  scopeValue: text().trim().max(64).nullish().transform((v) => (v ? v : null)),
  cadence: z.enum(digestFrequencies, { message: 'Choose daily or weekly' }),
  hour: z.number({ message: 'Choose an hour' }).int().min(0, 'Choose an hour from 0 to 23').max(23, 'Choose an hour from 0 to 23'),
});

function checkScope(v: { scopeKind: ReviewScopeKind; scopeValue: string | null }, ctx: z.RefinementCtx) {
  if (v.scopeKind === 'team') return;
  if (!v.scopeValue) ctx.addIssue({ code: 'custom', path: ['scopeValue'], message: missingValue[v.scopeKind] });
  else if (v.scopeKind === 'dealSize' && !(v.scopeValue in dealSizeBands)) {
    ctx.addIssue({ code: 'custom', path: ['scopeValue'], message: missingValue.dealSize });
  }
}

export const pipelineReviewCreate = reviewFields.superRefine(checkScope);
export type PipelineReviewCreate = z.output<typeof pipelineReviewCreate>;

/** An edit names every field again, as the form sends them. */
export const pipelineReviewUpdate = reviewFields.extend({ id: recordId }).superRefine(checkScope);
export type PipelineReviewUpdate = z.output<typeof pipelineReviewUpdate>;

export const pipelineReviewById = z.object({ id: recordId });
export const pipelineReviewSetActive = z.object({ id: recordId, active: z.boolean() });
