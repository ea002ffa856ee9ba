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
  create: authedProcedure.input(contactCreate).mutation(({ ctx, input }) => createContact(ctx, input)),
  getById: authedProcedure.input(contactId).query(({ ctx, input }) => getContact(ctx.db, input.id)),
  listByAccount: authedProcedure.input(contactListByAccount).query(({ ctx, input }) => listContactsByAccount(ctx.db, input)),
  list: authedProcedure.input(contactList).query(({ ctx, input }) => listContacts(ctx.db, input)),
  update: authedProcedure.input(contactUpdate).mutation(({ ctx, input }) => updateContact(ctx, input)),
  delete: authedProcedure.input(contactId).mutation(({ ctx, input }) => deleteContact(ctx, input.id)),
});
