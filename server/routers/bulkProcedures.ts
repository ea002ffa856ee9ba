// `<list>.bulkUpdate` / `<list>.bulkDelete` for a record type: its input schema and its bulk adapter.
import type { z } from 'zod';
import { bulkDelete, type BulkUpdate } from '../../shared/schemas/views';
import { type BulkAdapter, runBulkDelete, runBulkUpdate } from '../services/bulk';
import { authedProcedure } from '../trpc';

export function bulkProcedures<C>(input: z.ZodType<BulkUpdate<C>>, adapter: BulkAdapter<C>) {
  return {
    bulkUpdate: authedProcedure.input(input).mutation(({ ctx, input }) => runBulkUpdate(adapter, ctx.db, ctx.actor, input, ctx.clock.now())),
    bulkDelete: authedProcedure.input(bulkDelete).mutation(({ ctx, input }) => runBulkDelete(adapter, ctx.db, ctx.actor, input, ctx.clock.now())),
  };
}
