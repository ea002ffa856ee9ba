import { auditListInput, timelineInput } from '../../shared/schemas/timeline';
import { listAuditLog } from '../services/auditLog';
import { recordTimeline } from '../services/timeline';
import { authedProcedure, router } from '../trpc';

export const timelineRouter = router({
  // Everyone signed in reads every record, and so its timeline; the service hides fields no timeline shows.
  record: authedProcedure.input(timelineInput).query(({ ctx, input }) => recordTimeline(ctx.db, ctx.actor, input)),
});

export const auditRouter = router({
  // Admins only: the service refuses everyone else, so a job or a tool calling it meets the same rule.
  list: authedProcedure.input(auditListInput).query(({ ctx, input }) => listAuditLog(ctx.db, ctx.actor, input)),
});
