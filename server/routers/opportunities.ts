import {
  lineItemAdd,
  lineItemRemove,
  lineItemUpdate,
  opportunityById,
  opportunityContactAdd,
  opportunityContactList,
  opportunityContactRemove,
  opportunityContactUpdate,
  opportunityCreate,
  opportunityDelete,
  opportunityList,
  opportunityUpdate,
} from '../../shared/schemas/opportunities';
import { addLineItem, removeLineItem, updateLineItem } from '../services/lineItems';
import {
  addOpportunityContact,
  listOpportunityContacts,
  removeOpportunityContact,
  updateOpportunityContact,
} from '../services/opportunityContacts';
import {
  createOpportunity,
  deleteOpportunity,
  getOpportunity,
  listOpportunities,
  updateOpportunity,
} from '../services/opportunities';
import { bulkDelete, opportunityBulkUpdate, opportunityStageGates } from '../../shared/schemas/views';
import { bulkDeleteOpportunities, bulkUpdateOpportunities } from '../services/bulk';
import { stageGatesOf } from '../services/stageGates';
import { authedProcedure, router } from '../trpc';

export const opportunitiesRouter = router({
  create: authedProcedure.input(opportunityCreate).mutation(({ ctx, input }) => createOpportunity(ctx.db, ctx.actor, input, ctx.clock.now())),
  getById: authedProcedure.input(opportunityById).query(({ ctx, input }) => getOpportunity(ctx.db, ctx.actor, input)),
  list: authedProcedure.input(opportunityList).query(({ ctx, input }) => listOpportunities(ctx.db, ctx.actor, input)),
  update: authedProcedure.input(opportunityUpdate).mutation(({ ctx, input }) => updateOpportunity(ctx.db, ctx.actor, input, ctx.clock.now())),
  delete: authedProcedure.input(opportunityDelete).mutation(({ ctx, input }) => deleteOpportunity(ctx.db, ctx.actor, input, ctx.clock.now())),
  // A list's selection: one transaction and one audit entry per deal, a result per deal.
  bulkUpdate: authedProcedure.input(opportunityBulkUpdate).mutation(({ ctx, input }) => bulkUpdateOpportunities(ctx.db, ctx.actor, input, ctx.clock.now())),
  // Asked before a bulk stage change: which selected deals it takes past empty expected fields, or far.
  stageGates: authedProcedure.input(opportunityStageGates).query(({ ctx, input }) => stageGatesOf(ctx.db, input)),
  bulkDelete: authedProcedure.input(bulkDelete).mutation(({ ctx, input }) => bulkDeleteOpportunities(ctx.db, ctx.actor, input, ctx.clock.now())),
  // Each line-item change returns the whole deal: its amount moves with them.
  addLineItem: authedProcedure.input(lineItemAdd).mutation(({ ctx, input }) => addLineItem(ctx.db, ctx.actor, input, ctx.clock.now())),
  updateLineItem: authedProcedure.input(lineItemUpdate).mutation(({ ctx, input }) => updateLineItem(ctx.db, ctx.actor, input, ctx.clock.now())),
  removeLineItem: authedProcedure.input(lineItemRemove).mutation(({ ctx, input }) => removeLineItem(ctx.db, ctx.actor, input, ctx.clock.now())),
  // The people involved, beyond the economic buyer and champion.
  listContacts: authedProcedure.input(opportunityContactList).query(({ ctx, input }) => listOpportunityContacts(ctx.db, ctx.actor, input)),
  addContact: authedProcedure.input(opportunityContactAdd).mutation(({ ctx, input }) => addOpportunityContact(ctx.db, ctx.actor, input, ctx.clock.now())),
  updateContact: authedProcedure.input(opportunityContactUpdate).mutation(({ ctx, input }) => updateOpportunityContact(ctx.db, ctx.actor, input, ctx.clock.now())),
  removeContact: authedProcedure.input(opportunityContactRemove).mutation(({ ctx, input }) => removeOpportunityContact(ctx.db, ctx.actor, input, ctx.clock.now())),
});
