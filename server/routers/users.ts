import { userCreate, userList, userUpdate } from '../../shared/schemas/users';
import { createUser, listUsers, updateUser } from '../services/users';
import { adminProcedure, authedProcedure, router } from '../trpc';

export const usersRouter = router({
  // Everyone needs the user list to pick owners; only admins change it.
  list: authedProcedure.input(userList.optional()).query(({ ctx, input }) =>
    listUsers(ctx.db, ctx.actor, { includeInactive: input?.includeInactive ?? false, search: input?.search }),
  ),
  create: adminProcedure.input(userCreate).mutation(({ ctx, input }) => createUser(ctx.db, ctx.actor, input)),
  update: adminProcedure.input(userUpdate).mutation(({ ctx, input }) => updateUser(ctx.db, ctx.actor, input)),
});
