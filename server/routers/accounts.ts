import { accountBulkUpdate } from '../../shared/schemas/views';
import { bulkAdapters } from '../services/bulk';
import { bulkProcedures } from './bulkProcedures';
import { accountCreate, accountId, accountList, accountUpdate } from '../../shared/schemas/accounts';
import { createAccount, deleteAccount, getAccount, listAccounts, updateAccount } from '../services/accounts';
import { authedProcedure, router } from '../trpc';

export const accountsRouter = router({
  ...bulkProcedures(accountBulkUpdate, bulkAdapters.accounts),
  create: authedProcedure.input(accountCreate).mutation(({ ctx, input }) => createAccount(ctx.db, ctx.actor, input, ctx.clock.now())),
  getById: authedProcedure.input(accountId).query(({ ctx, input }) => getAccount(ctx.db, ctx.actor, input)),
  list: authedProcedure.input(accountList).query(({ ctx, input }) => listAccounts(ctx.db, ctx.actor, input)),
  update: authedProcedure.input(accountUpdate).mutation(({ ctx, input }) => updateAccount(ctx.db, ctx.actor, input, ctx.clock.now())),
  delete: authedProcedure.input(accountId).mutation(({ ctx, input }) => deleteAccount(ctx.db, ctx.actor, input, ctx.clock.now())),
});
