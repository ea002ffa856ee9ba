// winLoss: record why a closed deal was won or lost, edit it, and the report over the last quarters.
import { opportunityById } from '../../shared/schemas/opportunities';
import { winLossDeals, winLossRecord, winLossSummary, winLossUpdate } from '../../shared/schemas/winLoss';
import { authedProcedure, router } from '../trpc';
import { getWinLoss, listCompetitors, recordWinLoss, updateWinLoss, winLossDealList, winLossSummary as summary } from './winLoss';

export const winLossRouter = router({
  record: authedProcedure.input(winLossRecord).mutation(({ ctx, input }) => recordWinLoss(ctx.db, ctx.actor, input, ctx.clock.now())),
  update: authedProcedure.input(winLossUpdate).mutation(({ ctx, input }) => updateWinLoss(ctx.db, ctx.actor, input, ctx.clock.now())),
  get: authedProcedure.input(opportunityById).query(({ ctx, input }) => getWinLoss(ctx.db, ctx.actor, { opportunityId: input.id })),
  competitors: authedProcedure.query(({ ctx }) => listCompetitors(ctx.db, ctx.actor)),
  summary: authedProcedure.input(winLossSummary).query(({ ctx, input }) => summary(ctx.db, ctx.actor, input, ctx.clock.now())),
  deals: authedProcedure.input(winLossDeals).query(({ ctx, input }) => winLossDealList(ctx.db, ctx.actor, input, ctx.clock.now())),
});
