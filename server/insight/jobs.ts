// Insight's jobs: the weekly forecast snapshot (scheduled Friday in server/jobs/schedule.ts).
import { z } from 'zod';
import { defineJob } from '../jobs/jobDefinition';
import { takeForecastSnapshot } from './snapshots';

export const forecastSnapshotJob = defineJob({
  type: 'insight.forecastSnapshot',
  payload: z.object({}),
  async handle(ctx) {
    const result = await takeForecastSnapshot(ctx.db, ctx.clock.now());
    ctx.log.info('forecast snapshot taken', { snapshotDate: result.snapshotDate, periods: result.periods.map((p) => p.label) });
  },
});
