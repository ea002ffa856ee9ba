// quotas: managers and admins set each rep's quota per month or fiscal quarter.
import { quotaList, quotaRemove, quotaSet } from '../../shared/schemas/quotas';
import { managerProcedure, router } from '../trpc';
import { listQuotas, removeQuota, setQuota } from './quotas';

export const quotasRouter = router({
  list: managerProcedure.input(quotaList).query(({ ctx, input }) => listQuotas(ctx.db, ctx.actor, input, ctx.clock.now())),
  set: managerProcedure.input(quotaSet).mutation(({ ctx, input }) => setQuota(ctx.db, ctx.actor, input, ctx.clock.now())),
  remove: managerProcedure.input(quotaRemove).mutation(({ ctx, input }) => removeQuota(ctx.db, ctx.actor, input, ctx.clock.now())),
});
