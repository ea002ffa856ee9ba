// Scheduled pipeline reviews: a manager's hygiene review of the team, one rep or one region at a cadence.
import { z } from 'zod';
import { recordId, requiredText, text } from './common';
import { digestFrequencies } from './delivery';

export const reviewScopeKinds = ['team', 'rep', 'region'] as const;
export type ReviewScopeKind = (typeof reviewScopeKinds)[number];
export const reviewScopeLabels: Record<ReviewScopeKind, string> = { team: 'The whole team', rep: 'One rep', region: 'One region' };

export const pipelineReviewCreate = z
  .object({
    name: requiredText('Name', 120),
    scopeKind: z.enum(reviewScopeKinds, { message: 'Choose what to review' }),
    /** A rep's user id, or a region. */
    scopeValue: text().trim().max(64).nullish().transform((v) => (v ? v : null)),
    cadence: z.enum(digestFrequencies, { message: 'Choose daily or weekly' }),
    hour: z.number({ message: 'Choose an hour' }).int().min(0, 'Choose an hour from 0 to 23').max(23, 'Choose an hour from 0 to 23'),
  })
  .superRefine((v, ctx) => {
    if (v.scopeKind !== 'team' && !v.scopeValue) {
      ctx.addIssue({ code: 'custom', path: ['scopeValue'], message: v.scopeKind === 'rep' ? 'Choose a rep' : 'Enter a region' });
    }
  });
export type PipelineReviewCreate = z.output<typeof pipelineReviewCreate>;

export const pipelineReviewById = z.object({ id: recordId });
export const pipelineReviewSetActive = z.object({ id: recordId, active: z.boolean() });

