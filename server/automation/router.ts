// Automation's procedures: web-to-lead sources (admins).
import { webToLeadSourceCreate, webToLeadSourceRef } from '../../shared/schemas/webToLead';
import { secretsFor } from '../lib/secrets';
import { adminProcedure, router } from '../trpc';
import { createSource, listSources, recentEvents, rotateSecret } from './webToLead';

export const webToLeadRouter = router({
  listSources: adminProcedure.query(({ ctx }) => listSources(ctx.db, ctx.actor, ctx.clock.now())),
  createSource: adminProcedure
    .input(webToLeadSourceCreate)
    .mutation(({ ctx, input }) => createSource(ctx.db, ctx.actor, input, ctx.clock.now(), secretsFor(ctx.env))),
  rotateSecret: adminProcedure
    .input(webToLeadSourceRef)
    .mutation(({ ctx, input }) => rotateSecret(ctx.db, ctx.actor, input, ctx.clock.now(), secretsFor(ctx.env))),
  recentEvents: adminProcedure.input(webToLeadSourceRef).query(({ ctx, input }) => recentEvents(ctx.db, ctx.actor, input)),
});
