import { loginInput } from '../../shared/schemas/users';
import { signIn, signOut } from '../auth/signIn';
import { systemActor } from '../lib/actor';
import { themeInput } from '../../shared/schemas/appearance';
import { getTheme, setTheme } from '../services/appearance';
import { getUser } from '../services/users';
import { authedProcedure, publicProcedure, router } from '../trpc';

export const authRouter = router({
  /** The signed-in user, or null: the client shows the sign-in page for null. */
  me: publicProcedure.query(async ({ ctx }) => (ctx.user ? { ...ctx.user, theme: await getTheme(ctx.db, ctx.user.id) } : null)),
  /** The signed-in user's theme, kept for every browser they use. */
  setTheme: authedProcedure.input(themeInput).mutation(({ ctx, input }) => setTheme(ctx.db, ctx.actor, input, ctx.clock.now())),
  login: publicProcedure.input(loginInput).mutation(async ({ ctx, input }) => {
    const userId = await signIn(ctx, input.email, input.password);
    return getUser(ctx.db, systemActor('sign-in'), { id: userId });
  }),
  /** Ends this browser's session; a refusal by better-auth (origin, rate limit) is the error, never `ok`. */
  logout: publicProcedure.mutation(async ({ ctx }) => {
    await signOut(ctx);
    return { ok: true };
  }),
});
