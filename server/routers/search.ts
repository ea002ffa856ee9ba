import { recordViewInput, searchGlobal } from '../../shared/schemas/search';
import { globalSearch, recordView } from '../services/search';
import { authedProcedure, router } from '../trpc';

export const searchRouter = router({
  global: authedProcedure.input(searchGlobal).query(({ ctx, input }) => globalSearch(ctx.db, ctx.actor, input)),
  /** A detail page says it was opened: the palette and My day list it under "Recently viewed". */
  recordView: authedProcedure.input(recordViewInput).mutation(({ ctx, input }) => recordView(ctx.db, ctx.actor, input, ctx.clock.now())),
});
