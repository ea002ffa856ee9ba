import { z } from 'zod';
import { roles } from '../enums';
import { email, filterText, requiredText, text, userId } from './common';

export const loginInput = z.object({
  email,
  password: text().min(1, 'Enter your password').max(256),
});

export const timeZone = text()
  .trim()
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'Choose a valid time zone, like Europe/Berlin');

export const PASSWORD_MIN_LENGTH = 12;

/**
 * A new password's length, checked in the form as well. The server also refuses one that is easy to guess
 * (a common password, a word with digits, a keyboard walk, the user's own name) with a field error.
 */
export const password = text()
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(128, 'Use at most 128 characters');

export const userCreate = z.object({
  email,
  name: requiredText('Name'),
  role: z.enum(roles, { message: 'Choose a role' }),
  password,
  timeZone: timeZone.default('UTC'),
});

export const userUpdate = z.object({
  id: userId,
  name: requiredText('Name').optional(),
  role: z.enum(roles, { message: 'Choose a role' }).optional(),
  active: z.boolean().optional(),
  timeZone: timeZone.optional(),
  password: password.optional(),
});

export const userList = z.object({
  includeInactive: z.boolean().default(false),
  search: filterText(),
});

export type UserCreate = z.infer<typeof userCreate>;
export type UserUpdate = z.infer<typeof userUpdate>;
