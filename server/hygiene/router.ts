// hygiene.*: the rules in force, rule results, deal health, overrides, "scan now".
import { hygieneApplyFix, hygieneGroupList, hygieneHealthOf, hygieneSummaryInput, hygieneOverrideSet, hygieneRecord, hygieneResultList, hygieneRuleRef } from '../../shared/schemas/hygiene';
import { assertAdmin } from '../lib/access';
import { adminProcedure, authedProcedure, router } from '../trpc';
import { applyFix } from './fixes';
import { enqueueFullScan } from './jobs';
import { healthOfDeals, listResults, recordHygiene } from './results';
import { listRules, resetOverride, setOverride } from './settings';
import { hygieneGroups, hygieneSummary } from './summary';

export const hygieneRouter = router({
  rules: authedProcedure.query(({ ctx }) => listRules(ctx.db, ctx.actor)),
  results: authedProcedure.input(hygieneResultList).query(({ ctx, input }) => listResults(ctx.db, ctx.actor, input)),
  record: authedProcedure.input(hygieneRecord).query(({ ctx, input }) => recordHygiene(ctx.db, ctx.actor, input)),
  summary: authedProcedure.input(hygieneSummaryInput).query(({ ctx, input }) => hygieneSummary(ctx.db, ctx.actor, input, ctx.clock.now())),
  groups: authedProcedure.input(hygieneGroupList).query(({ ctx, input }) => hygieneGroups(ctx.db, ctx.actor, input)),
  healthOf: authedProcedure.input(hygieneHealthOf).query(({ ctx, input }) => healthOfDeals(ctx.db, ctx.actor, input)),
  setOverride: adminProcedure.input(hygieneOverrideSet).mutation(({ ctx, input }) => setOverride(ctx.db, ctx.actor, input, ctx.clock.now())),
  resetOverride: adminProcedure.input(hygieneRuleRef).mutation(({ ctx, input }) => resetOverride(ctx.db, ctx.actor, input)),
  applyFix: authedProcedure.input(hygieneApplyFix).mutation(({ ctx, input }) => applyFix(ctx.db, ctx.actor, input, ctx.clock.now())),
  scanNow: adminProcedure.mutation(async ({ ctx }) => {
    assertAdmin(ctx.actor, 'Only admins can start a scan');
    return { jobId: await enqueueFullScan(ctx.db, ctx.clock.now()) };
  }),
});
