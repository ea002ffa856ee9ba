// Automation's procedures: web-to-lead sources (admins), playbooks (managers and admins edit) and enrolments.
import { webToLeadSourceCreate, webToLeadSourceRef } from '../../shared/schemas/webToLead';
import { secretsFor } from '../lib/secrets';
import { enrolmentList, enrolmentRemove, playbookPreview, playbookEmailStats, playbookRef, playbookSave, playbookSetEnabled } from '../../shared/schemas/playbooks';
import { adminProcedure, authedProcedure, managerProcedure, router } from '../trpc';
import { playbookEmailStats as emailStatsOf } from './emailStats';
import { getPlaybook, listEnrolments, listPlaybooks, previewAudience, removeEnrolment, savePlaybook, setPlaybookEnabled } from './playbooks';
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

export const playbooksRouter = router({
  list: authedProcedure.query(({ ctx }) => listPlaybooks(ctx.db, ctx.actor)),
  get: authedProcedure.input(playbookRef).query(({ ctx, input }) => getPlaybook(ctx.db, ctx.actor, input)),
  save: managerProcedure.input(playbookSave).mutation(({ ctx, input }) => savePlaybook(ctx.db, ctx.actor, input, ctx.clock.now())),
  setEnabled: managerProcedure.input(playbookSetEnabled).mutation(({ ctx, input }) => setPlaybookEnabled(ctx.db, ctx.actor, input, ctx.clock.now())),
  previewAudience: authedProcedure
    .input(playbookPreview.extend({ playbookId: playbookRef.shape.id.optional() }))
    .query(({ ctx, input }) => previewAudience(ctx.db, ctx.actor, input, ctx.clock.now())),
  emailStats: authedProcedure.input(playbookEmailStats).query(({ ctx, input }) => emailStatsOf(ctx.db, ctx.actor, input)),
});

export const enrolmentsRouter = router({
  list: authedProcedure.input(enrolmentList).query(({ ctx, input }) => listEnrolments(ctx.db, ctx.actor, input)),
  remove: authedProcedure.input(enrolmentRemove).mutation(({ ctx, input }) => removeEnrolment(ctx.db, ctx.actor, input, ctx.clock.now())),
});
