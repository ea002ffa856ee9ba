import { leadBulkUpdate } from '../../shared/schemas/views';
import { bulkAdapters } from '../services/bulk';
import { bulkProcedures } from './bulkProcedures';
import { leadConvert, leadCreate, leadId, leadList, leadUpdate } from '../../shared/schemas/leads';
import { convertLead } from '../services/leadConversion';
import { createLead, getLead, listLeads, updateLead } from '../services/leads';
import { leadScoreBreakdown } from '../insight/leadScores';
import { authedProcedure, router } from '../trpc';

export const leadsRouter = router({
  ...bulkProcedures(leadBulkUpdate, bulkAdapters.leads),
  create: authedProcedure.input(leadCreate).mutation(({ ctx, input }) => createLead(ctx.db, ctx.actor, input, ctx.clock.now())),
  getById: authedProcedure.input(leadId).query(({ ctx, input }) => getLead(ctx.db, ctx.actor, input)),
  list: authedProcedure.input(leadList).query(({ ctx, input }) => listLeads(ctx.db, ctx.actor, input)),
  update: authedProcedure.input(leadUpdate).mutation(({ ctx, input }) => updateLead(ctx.db, ctx.actor, input, ctx.clock.now())),
  /** Why a lead has its score: engagement (decayed) and fit, line by line. */
  score: authedProcedure.input(leadId).query(({ ctx, input }) => leadScoreBreakdown(ctx.db, ctx.actor, input, ctx.clock.now())),
  convert: authedProcedure.input(leadConvert).mutation(({ ctx, input }) => convertLead(ctx.db, ctx.actor, input, ctx.clock.now())),
});
