// Inputs of winLoss.record and winLoss.summary.
import { z } from 'zod';
import { reasonsOf, winLossOutcomes } from '../winLoss';
import { optionalText, recordId } from './common';

export const winLossRecord = z
  .object({
    opportunityId: recordId,
    outcome: z.enum(winLossOutcomes, { message: 'Choose won or lost' }),
    primaryReason: z.string({ message: 'Choose the primary reason' }).trim().min(1, 'Choose the primary reason'),
    /** From the list of competitors recorded so far; a new name adds to it. */
    competitor: optionalText(255),
    lessons: optionalText(5000),
  })
  .superRefine((v, ctx) => {
    // An empty reason has its own message already.
    if (v.primaryReason && !reasonsOf(v.outcome).includes(v.primaryReason)) {
      ctx.addIssue({ code: 'custom', path: ['primaryReason'], message: `Choose one of the reasons a deal is ${v.outcome}` });
    }
  });
export type WinLossRecord = z.output<typeof winLossRecord>;

/** An edit of a recorded reason: the same fields, the outcome still the deal's. */
export const winLossUpdate = winLossRecord;

export const winLossSummary = z.object({ quarters: z.number().int().min(1).max(8).default(4) }).default({ quarters: 4 });
export type WinLossSummary = z.output<typeof winLossSummary>;

export const winLossDeals = z.object({
  quarterStart: z.iso.date().optional(),
  outcome: z.enum(winLossOutcomes).optional(),
  primaryReason: z.string().trim().max(64).optional(),
  competitor: z.string().trim().max(255).optional(),
  quarters: z.number().int().min(1).max(8).default(4),
});
export type WinLossDeals = z.output<typeof winLossDeals>;
