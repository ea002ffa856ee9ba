// hygiene.*: the rules in force, rule results, deal health, overrides, "scan now".
import {
  hygieneApplyFix,
  hygieneCustomRuleCreate,
  hygieneCustomRulePreview,
  hygieneCustomRuleRef,
  hygieneCustomRuleUpdate,
  hygieneGroupList,
  hygieneHealthOf,
  hygieneHideRule,
  hygieneOverrideSet,
  hygieneRecord,
  hygieneResultList,
  hygieneRuleRef,
  hygieneSummaryInput,
} from '../../shared/schemas/hygiene';
import { assertAdmin } from '../lib/access';
import { adminProcedure, authedProcedure, router } from '../trpc';
import { analysesRouter } from './analysesRouter';
import { createCustomRule, deleteCustomRule, listCustomRules, previewCustomRule, updateCustomRule } from './customRules';
import { applyFix } from './fixes';
import { setRuleHidden } from './hiddenRules';
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
  hideRule: authedProcedure.input(hygieneHideRule).mutation(({ ctx, input }) => setRuleHidden(ctx.db, ctx.actor, input, ctx.clock.now())),
  customRules: router({
    list: authedProcedure.query(({ ctx }) => listCustomRules(ctx.db, ctx.actor)),
    preview: adminProcedure.input(hygieneCustomRulePreview).mutation(({ ctx, input }) => previewCustomRule(ctx.db, ctx.actor, input, ctx.clock.now())),
    create: adminProcedure.input(hygieneCustomRuleCreate).mutation(({ ctx, input }) => createCustomRule(ctx.db, ctx.actor, input, ctx.clock.now())),
    update: adminProcedure.input(hygieneCustomRuleUpdate).mutation(({ ctx, input }) => updateCustomRule(ctx.db, ctx.actor, input, ctx.clock.now())),
    delete: adminProcedure.input(hygieneCustomRuleRef).mutation(({ ctx, input }) => deleteCustomRule(ctx.db, ctx.actor, input, ctx.clock.now())),
  }),
  analyses: analysesRouter,
  applyFix: authedProcedure.input(hygieneApplyFix).mutation(({ ctx, input }) => applyFix(ctx.db, ctx.actor, input, ctx.clock.now())),
  scanNow: adminProcedure.mutation(async ({ ctx }) => {
    assertAdmin(ctx.actor, 'Only admins can start a scan');
    return { jobId: await enqueueFullScan(ctx.db, ctx.clock.now()) };
  }),
});
