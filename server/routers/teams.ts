import { teamSetManager } from '../../shared/schemas/teams';
import { listTeams, setRepManager } from '../services/teams';
import { managerProcedure, router } from '../trpc';

export const teamsRouter = router({
  list: managerProcedure.query(({ ctx }) => listTeams(ctx.db, ctx.actor)),
  setManager: managerProcedure.input(teamSetManager).mutation(({ ctx, input }) => setRepManager(ctx.db, ctx.actor, input, ctx.clock.now())),
});
