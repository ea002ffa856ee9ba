// Insight's procedures: dashboards, the pipeline and the deals behind each number.
import { analyticsDashboard, analyticsDeals, analyticsForecast, analyticsPipeline as pipelineInput } from '../../shared/schemas/analytics';
import { authedProcedure, router } from '../trpc';
import { dashboard } from './dashboard';
import { listBucketDeals } from './deals';
import { forecastReport } from './forecast';
import { analyticsPipeline } from './pipeline';

export const analyticsRouter = router({
  dashboard: authedProcedure.input(analyticsDashboard).query(({ ctx, input }) => dashboard(ctx.db, ctx.actor, input, ctx.clock.now())),
  pipeline: authedProcedure.input(pipelineInput).query(({ ctx, input }) => analyticsPipeline(ctx.db, ctx.actor, input)),
  forecast: authedProcedure.input(analyticsForecast).query(({ ctx, input }) => forecastReport(ctx.db, ctx.actor, input, ctx.clock.now())),
  deals: authedProcedure.input(analyticsDeals).query(({ ctx, input }) => listBucketDeals(ctx.db, ctx.actor, input, ctx.clock.now())),
});
