// The import job: runs (or resumes) one import. A run cut short by a crash or shutdown is retried and
// continues after its last committed batch; when the queue gives up, the import is marked failed.
import { z } from 'zod';
import { defineJob } from '../jobs/jobDefinition';
import { markImportFailed, runImport } from './service';

export const runImportJob = defineJob({
  type: 'imports.run',
  payload: z.object({ importId: z.number().int().positive() }),
  async handle(ctx, { importId }) {
    try {
      await runImport(ctx.db, importId, { now: () => ctx.clock.now(), log: ctx.log, signal: ctx.signal });
    } catch (error) {
      if (ctx.job.attempt >= ctx.job.maxAttempts) {
        await markImportFailed(ctx.db, importId, `The import stopped after ${ctx.job.attempt} attempts: ${(error as Error).message}`, ctx.clock.now());
      }
      throw error;
    }
  },
});
