import { viewDelete, viewListInput, viewSave } from '../../shared/schemas/views';
import { deleteView, listViews, saveView } from '../services/views';
import { authedProcedure, router } from '../trpc';

export const viewsRouter = router({
  list: authedProcedure.input(viewListInput).query(({ ctx, input }) => listViews(ctx.db, ctx.actor, input)),
  save: authedProcedure.input(viewSave).mutation(({ ctx, input }) => saveView(ctx.db, ctx.actor, input, ctx.clock.now())),
  delete: authedProcedure.input(viewDelete).mutation(({ ctx, input }) => deleteView(ctx.db, ctx.actor, input)),
});
