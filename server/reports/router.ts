import { reportExecute, reportRef, reportRun, reportSave, reportUpdate } from '../../shared/schemas/reports';
import { authedProcedure, router } from '../trpc';
import { executeReport, runSavedReport } from './execute';
import { deleteReport, getReport, listReports, loadReportForRead, recipientOptions, saveReport, updateReport } from './savedReports';

export const reportsRouter = router({
  /** A definition as the builder holds it: one page, not saved, not logged. */
  execute: authedProcedure.input(reportExecute).query(({ ctx, input }) => executeReport(ctx.db, ctx.actor, input, ctx.clock.now())),
  list: authedProcedure.query(({ ctx }) => listReports(ctx.db, ctx.actor)),
  get: authedProcedure.input(reportRef).query(({ ctx, input }) => getReport(ctx.db, ctx.actor, input, ctx.clock.now())),
  /** A saved report as the caller may see it; the first page is logged as a run. */
  run: authedProcedure.input(reportRun).mutation(async ({ ctx, input }) => {
    const report = await loadReportForRead(ctx.db, ctx.actor, input.id);
    return runSavedReport(ctx.db, ctx.actor, report, input, ctx.clock);
  }),
  /** Who a scheduled report can also go to, and the caller's team ("Add my team"). */
  recipientOptions: authedProcedure.query(({ ctx }) => recipientOptions(ctx.db, ctx.actor)),
  save: authedProcedure.input(reportSave).mutation(({ ctx, input }) => saveReport(ctx.db, ctx.actor, input, ctx.clock.now())),
  update: authedProcedure.input(reportUpdate).mutation(({ ctx, input }) => updateReport(ctx.db, ctx.actor, input, ctx.clock.now())),
  delete: authedProcedure.input(reportRef).mutation(({ ctx, input }) => deleteReport(ctx.db, ctx.actor, input)),
});
