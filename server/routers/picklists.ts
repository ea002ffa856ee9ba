import { picklistAdd, picklistListInput, picklistRename, picklistReorder, picklistSetActive } from '../../shared/schemas/picklists';
import { addPicklistValue, listPicklists, renamePicklistValue, reorderPicklist, setPicklistValueActive } from '../services/picklists';
import { authedProcedure, router } from '../trpc';

export const picklistsRouter = router({
  // Everyone reads them (forms and filters); only admins change them (checked in the services).
  list: authedProcedure.input(picklistListInput).query(({ ctx, input }) => listPicklists(ctx.db, input, ctx.clock.now())),
  add: authedProcedure.input(picklistAdd).mutation(({ ctx, input }) => addPicklistValue(ctx.db, ctx.actor, input, ctx.clock.now())),
  rename: authedProcedure.input(picklistRename).mutation(({ ctx, input }) => renamePicklistValue(ctx.db, ctx.actor, input, ctx.clock.now())),
  reorder: authedProcedure.input(picklistReorder).mutation(({ ctx, input }) => reorderPicklist(ctx.db, ctx.actor, input, ctx.clock.now())),
  setActive: authedProcedure.input(picklistSetActive).mutation(({ ctx, input }) => setPicklistValueActive(ctx.db, ctx.actor, input, ctx.clock.now())),
});
