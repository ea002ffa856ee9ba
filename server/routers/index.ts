import { router } from '../trpc';
import { accountsRouter } from './accounts';
import { activitiesRouter } from './activities';
import { authRouter } from './auth';
import { contactsRouter } from './contacts';
import { jobsRouter } from './jobs';
import { opportunitiesRouter } from './opportunities';
import { productsRouter } from './products';
import { usersRouter } from './users';

export const appRouter = router({
  accounts: accountsRouter,
  activities: activitiesRouter,
  auth: authRouter,
  contacts: contactsRouter,
  jobs: jobsRouter,
  opportunities: opportunitiesRouter,
  products: productsRouter,
  users: usersRouter,
});

export type AppRouter = typeof appRouter;
