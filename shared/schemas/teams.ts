// Teams: a manager and the reps who report to them (users.managerId).
import { z } from 'zod';
import { userId } from './common';

export const teamSetManager = z.object({
  repId: userId,
  /** The rep's new manager; null takes them out of any team. */
  managerId: userId.nullable(),
});
export type TeamSetManager = z.infer<typeof teamSetManager>;
