// Inputs of quotas.list / quotas.set / quotas.remove: a rep's quota for one month or fiscal quarter.
import { z } from 'zod';
import { periodKinds } from '../periods';
import { isoDate, money, userId } from './common';

/** A period named by its kind and any day in it (the server turns it into the month or fiscal quarter). */
const period = {
  period: z.enum(periodKinds, { message: 'Choose month or quarter' }),
  /** Any day of the period; the current period when left out. */
  start: isoDate.optional(),
};

export const quotaList = z.object(period);
export type QuotaList = z.output<typeof quotaList>;

export const quotaSet = z.object({
  userId,
  ...period,
  amount: money.refine((v) => Number(v) > 0, 'A quota is more than 0 (remove it to have none)'),
});
export type QuotaSet = z.output<typeof quotaSet>;

export const quotaRemove = z.object({ userId, ...period });
export type QuotaRemove = z.output<typeof quotaRemove>;
