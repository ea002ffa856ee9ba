// hygiene.analyses.*: analysing an uploaded pipeline file without importing it (server/hygiene/analyses.ts).
import { analysisCompare, analysisConfirm, analysisCreate, analysisDeals, analysisPreview, analysisRef } from '../../shared/schemas/hygieneAnalyses';
import { authedProcedure, router } from '../trpc';
import { compareAnalyses, confirmMapping, createAnalysis, deleteAnalysis, getAnalysis, listAnalyses, listAnalysisDeals, previewAnalysis } from './analyses';

export const analysesRouter = router({
  create: authedProcedure.input(analysisCreate).mutation(({ ctx, input }) => createAnalysis(ctx.db, ctx.actor, input, ctx.clock.now())),
  preview: authedProcedure.input(analysisPreview).query(({ ctx, input }) => previewAnalysis(ctx.db, ctx.actor, input, ctx.clock.now())),
  confirmMapping: authedProcedure.input(analysisConfirm).mutation(({ ctx, input }) => confirmMapping(ctx.db, ctx.actor, input, ctx.clock.now())),
  get: authedProcedure.input(analysisRef).query(({ ctx, input }) => getAnalysis(ctx.db, ctx.actor, input, ctx.clock.now())),
  deals: authedProcedure.input(analysisDeals).query(({ ctx, input }) => listAnalysisDeals(ctx.db, ctx.actor, input, ctx.clock.now())),
  list: authedProcedure.query(({ ctx }) => listAnalyses(ctx.db, ctx.actor, ctx.clock.now())),
  compare: authedProcedure.input(analysisCompare).query(({ ctx, input }) => compareAnalyses(ctx.db, ctx.actor, input, ctx.clock.now())),
  delete: authedProcedure.input(analysisRef).mutation(({ ctx, input }) => deleteAnalysis(ctx.db, ctx.actor, input, ctx.clock.now())),
});
