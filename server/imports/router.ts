import { importId, importList, importPreview, importStageValues, importStart } from '../../shared/schemas/imports';
import { authedProcedure, router } from '../trpc';
import { cancelImport, importStatus, listImports, previewImport, stageValues, startImport } from './service';
import { undoImport } from './undo';

export const importsRouter = router({
  preview: authedProcedure.input(importPreview).query(({ ctx, input }) => previewImport(ctx.db, ctx.actor, input)),
  stageValues: authedProcedure.input(importStageValues).query(({ ctx, input }) => stageValues(ctx.db, ctx.actor, input)),
  start: authedProcedure.input(importStart).mutation(({ ctx, input }) => startImport(ctx.db, ctx.actor, input, ctx.clock.now())),
  status: authedProcedure.input(importId).query(({ ctx, input }) => importStatus(ctx.db, ctx.actor, input, ctx.clock.now())),
  list: authedProcedure.input(importList).query(({ ctx, input }) => listImports(ctx.db, ctx.actor, input, ctx.clock.now())),
  undo: authedProcedure.input(importId).mutation(({ ctx, input }) => undoImport(ctx.db, ctx.actor, input, ctx.clock.now())),
  cancel: authedProcedure.input(importId).mutation(({ ctx, input }) => cancelImport(ctx.db, ctx.actor, input, ctx.clock.now())),
});
