import { jobList, jobRetry } from '../../shared/schemas/jobs';
import { listJobs, retryJob } from '../jobs/admin';
import { adminProcedure, router } from '../trpc';

export const jobsRouter = router({
  list: adminProcedure.input(jobList).query(({ ctx, input }) => listJobs(ctx.db, ctx.actor, input)),
  retry: adminProcedure.input(jobRetry).mutation(({ ctx, input }) => retryJob(ctx.db, ctx.actor, input, ctx.clock.now())),
});
