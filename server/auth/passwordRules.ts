// The password rules of users.create and users.update: the shared schema's length (which the form checks
// as you type) plus what only the server can judge, whether the password is easy to guess.
import type { z } from 'zod';
import { password as passwordLength, userCreate, userUpdate } from '../../shared/schemas/users';
import { passwordWeakness } from './passwordStrength';

function refuseWeak(password: string | undefined, personal: (string | undefined)[], ctx: z.RefinementCtx) {
  // One message at a time: a password the length rule refused already has its field error.
  if (password === undefined || !passwordLength.safeParse(password).success) return;
  const why = passwordWeakness(password, personal);
  if (why) ctx.addIssue({ code: 'custom', path: ['password'], message: why });
}

export const userCreateInput = userCreate.superRefine((input, ctx) => refuseWeak(input.password, [input.email, input.name], ctx));

export const userUpdateInput = userUpdate.superRefine((input, ctx) => refuseWeak(input.password, [input.name], ctx));
