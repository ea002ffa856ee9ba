import { caseBulkUpdate } from '../../shared/schemas/views';
import { bulkAdapters } from '../services/bulk';
import { bulkProcedures } from './bulkProcedures';
import { caseCreate, caseId, caseList, caseUpdate } from '../../shared/schemas/cases';
import { createCase, getCase, listCases, updateCase } from '../services/cases';
import { authedProcedure, router } from '../trpc';

export const casesRouter = router({
  ...bulkProcedures(caseBulkUpdate, bulkAdapters.cases),
  create: authedProcedure.input(caseCreate).mutation(({ ctx, input }) => createCase(ctx.db, ctx.actor, input, ctx.clock.now())),
  getById: authedProcedure.input(caseId).query(({ ctx, input }) => getCase(ctx.db, ctx.actor, input)),
  list: authedProcedure.input(caseList).query(({ ctx, input }) => listCases(ctx.db, ctx.actor, input, ctx.clock.now())),
  update: authedProcedure.input(caseUpdate).mutation(({ ctx, input }) => updateCase(ctx.db, ctx.actor, input, ctx.clock.now())),
});
