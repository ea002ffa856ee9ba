import { contactBulkUpdate } from '../../shared/schemas/views';
import { bulkAdapters } from '../services/bulk';
import { bulkProcedures } from './bulkProcedures';
import { contactCreate, contactId, contactList, contactListByAccount, contactUpdate } from '../../shared/schemas/contacts';
import {
  createContact,
  deleteContact,
  getContact,
  listContacts,
  listContactsByAccount,
  updateContact,
} from '../services/contacts';
import { authedProcedure, router } from '../trpc';

export const contactsRouter = router({
  ...bulkProcedures(contactBulkUpdate, bulkAdapters.contacts),
  create: authedProcedure.input(contactCreate).mutation(({ ctx, input }) => createContact(ctx.db, ctx.actor, input, ctx.clock.now())),
  getById: authedProcedure.input(contactId).query(({ ctx, input }) => getContact(ctx.db, ctx.actor, input)),
  listByAccount: authedProcedure.input(contactListByAccount).query(({ ctx, input }) => listContactsByAccount(ctx.db, ctx.actor, input)),
  list: authedProcedure.input(contactList).query(({ ctx, input }) => listContacts(ctx.db, ctx.actor, input)),
  update: authedProcedure.input(contactUpdate).mutation(({ ctx, input }) => updateContact(ctx.db, ctx.actor, input, ctx.clock.now())),
  delete: authedProcedure.input(contactId).mutation(({ ctx, input }) => deleteContact(ctx.db, ctx.actor, input, ctx.clock.now())),
});
