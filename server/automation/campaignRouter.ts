// campaigns.* (everyone reads; managers and admins create; the owner, managers and admins change) and
// attribution.summary (everyone reads: it is the organisation's won revenue, as the dashboards show it).
import { attributionSummary as attributionSummaryInput } from '../../shared/schemas/attribution';
import {
  campaignAddFromSegment,
  campaignAddMembers,
  campaignCreate,
  campaignImportEmails,
  campaignRef,
  campaignRemoveMember,
  campaignsOfRecord as campaignsOfRecordInput,
  campaignUpdate,
} from '../../shared/schemas/campaigns';
import { authedProcedure, router } from '../trpc';
import { attributionSummary } from './attribution';
import { addMembers, createCampaign, deleteCampaign, importMembersByEmail, removeMember, updateCampaign } from './campaigns';
import { addMembersFromSegment } from './campaignSegments';
import { campaignsOfRecord, getCampaign, listCampaigns } from './campaignStats';

export const campaignsRouter = router({
  list: authedProcedure.query(({ ctx }) => listCampaigns(ctx.db, ctx.actor)),
  get: authedProcedure.input(campaignRef).query(({ ctx, input }) => getCampaign(ctx.db, ctx.actor, input)),
  forRecord: authedProcedure.input(campaignsOfRecordInput).query(({ ctx, input }) => campaignsOfRecord(ctx.db, ctx.actor, input)),
  // The services check the role (create) and the row (the rest), so a job or an import meets the same rules.
  create: authedProcedure.input(campaignCreate).mutation(({ ctx, input }) => createCampaign(ctx.db, ctx.actor, input, ctx.clock.now())),
  update: authedProcedure.input(campaignUpdate).mutation(({ ctx, input }) => updateCampaign(ctx.db, ctx.actor, input, ctx.clock.now())),
  delete: authedProcedure.input(campaignRef).mutation(({ ctx, input }) => deleteCampaign(ctx.db, ctx.actor, input)),
  addMembers: authedProcedure.input(campaignAddMembers).mutation(({ ctx, input }) => addMembers(ctx.db, ctx.actor, input, ctx.clock.now())),
  importEmails: authedProcedure.input(campaignImportEmails).mutation(({ ctx, input }) => importMembersByEmail(ctx.db, ctx.actor, input, ctx.clock.now())),
  addFromSegment: authedProcedure.input(campaignAddFromSegment).mutation(({ ctx, input }) => addMembersFromSegment(ctx.db, ctx.actor, input, ctx.clock.now())),
  removeMember: authedProcedure.input(campaignRemoveMember).mutation(({ ctx, input }) => removeMember(ctx.db, ctx.actor, input)),
});

export const attributionRouter = router({
  summary: authedProcedure.input(attributionSummaryInput).query(({ ctx, input }) => attributionSummary(ctx.db, ctx.actor, input)),
});
