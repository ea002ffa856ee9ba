import { userList } from '../../shared/schemas/users';
import { userCreateInput, userUpdateInput } from '../auth/passwordRules';
import { createUser, listUsers, updateUser } from '../services/users';
import { adminProcedure, authedProcedure, router } from '../trpc';

export const usersRouter = router({
  // Everyone needs the user list to pick owners; only admins change it.
  list: authedProcedure.input(userList.optional()).query(({ ctx, input }) =>
    listUsers(ctx.db, ctx.actor, { includeInactive: input?.includeInactive ?? false, search: input?.search }),
  ),
  create: adminProcedure.input(userCreateInput).mutation(({ ctx, input }) => createUser(ctx.db, ctx.actor, input)),
  update: adminProcedure.input(userUpdateInput).mutation(({ ctx, input }) => updateUser(ctx.db, ctx.actor, input)),
});
