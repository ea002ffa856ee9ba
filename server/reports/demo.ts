// The demo's saved reports, so the Reports page shows something on first start: the manager's shared pipeline
// by stage and won by quarter (emailed weekly), leads by source, and a rep's own deals closing soon (daily),
// each with runs in its history made by really running it.
import { reportExecutions } from '../../drizzle/schema';
import type { DbOrTx } from '../db';
import { userActor } from '../lib/actor';
import type { DemoUser } from '../services/demo/context';
import { countPlan, planFor, runSavedReport, storedDefinition } from './execute';
import { loadReportForRead, saveReport } from './savedReports';

const HOUR = 3_600_000;

type DemoReport = { owner: DemoUser; input: Parameters<typeof saveReport>[2]; scheduledRuns?: number };

export async function seedDemoReports(db: DbOrTx, people: { manager: DemoUser; rep: DemoUser; admin: DemoUser }, now: Date): Promise<void> {
  const reports: DemoReport[] = [
    {
      owner: people.manager,
      input: {
        name: 'Open pipeline by stage',
        shared: true,
        definition: {
          entity: 'opportunities',
          filters: [{ field: 'open', op: 'eq', value: true }],
          groupBy: [{ field: 'stage' }],
          aggregates: [{ fn: 'count' }, { fn: 'sum', field: 'amount' }, { fn: 'avg', field: 'amount' }],
        },
      },
    },
    {
      owner: people.manager,
      input: {
        name: 'Won by quarter',
        shared: true,
        schedule: { frequency: 'weekly', hour: 8, weekday: 1 },
        definition: {
          entity: 'opportunities',
          filters: [{ field: 'stage', op: 'in', value: ['Closed Won'] }],
          groupBy: [{ field: 'closeDate', bucket: 'quarter' }],
          aggregates: [{ fn: 'count' }, { fn: 'sum', field: 'amount' }],
        },
      },
      scheduledRuns: 2,
    },
    {
      owner: people.admin,
      input: {
        name: 'Leads by source',
        shared: true,
        definition: { entity: 'leads', groupBy: [{ field: 'leadSource' }], aggregates: [{ fn: 'count' }, { fn: 'avg', field: 'score' }], sort: [{ by: 'count', direction: 'desc' }] },
      },
    },
    {
      owner: people.rep,
      input: {
        name: 'My deals closing in 30 days',
        schedule: { frequency: 'daily', hour: 8 },
        definition: {
          entity: 'opportunities',
          columns: ['opportunityName', 'accountName', 'stage', 'amount', 'closeDate', 'nextStep'],
          filters: [
            { field: 'owner', op: 'eq', value: 'me' },
            { field: 'open', op: 'eq', value: true },
            { field: 'closeDate', op: 'inNextDays', value: 30 },
          ],
          sort: [{ by: 'closeDate', direction: 'asc' }],
        },
      },
      scheduledRuns: 3,
    },
  ];
  for (const [i, demo] of reports.entries()) {
    const actor = userActor(demo.owner);
    const saved = await saveReport(db, actor, demo.input, new Date(now.getTime() - (10 - i) * 24 * HOUR));
    const report = await loadReportForRead(db, actor, saved.id);
    // Scheduled deliveries of the last days (kept in the inbox: the demo has no SMTP), then a run by hand.
    const rows = await countPlan(db, planFor(actor, storedDefinition(report), now), actor.id);
    for (let day = demo.scheduledRuns ?? 0; day >= 1; day -= 1) {
      const at = new Date(now.getTime() - day * 24 * HOUR - 2 * HOUR);
      await db.insert(reportExecutions).values({
        reportId: report.id,
        trigger: 'schedule',
        runById: demo.owner.id,
        slotKey: `demo:${report.id}:${day}`,
        status: 'succeeded',
        startedAt: at,
        finishedAt: new Date(at.getTime() + 180),
        durationMs: 180,
        rowCount: rows,
        delivery: 'inApp',
        createdAt: at,
        updatedAt: at,
      });
    }
    // A run by hand an hour or so ago, lasting as long as the database took for it.
    const ranAt = now.getTime() - (i + 1) * HOUR;
    const started = Date.now();
    await runSavedReport(db, actor, report, { limit: 50 }, { now: () => new Date(ranAt + Date.now() - started) });
  }
}
