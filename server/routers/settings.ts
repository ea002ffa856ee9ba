import { settingsUpdate } from '../../shared/schemas/settings';
import { getOrganisationSettings, updateOrganisationSettings } from '../services/settings';
import { adminProcedure, authedProcedure, router } from '../trpc';

export const settingsRouter = router({
  get: authedProcedure.query(({ ctx }) => getOrganisationSettings(ctx.db, ctx.actor)),
  update: adminProcedure.input(settingsUpdate).mutation(({ ctx, input }) => updateOrganisationSettings(ctx.db, ctx.actor, input, ctx.clock.now())),
});
