import { z } from 'zod';
import { roles } from '../enums';
import { email, requiredText } from './common';

export const loginInput = z.object({
  email,
  password: z.string().min(1, 'Enter your password').max(256),
});

const timeZone = z
  .string()
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
export const password = z
  .string()
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
  id: z.string().min(1).max(36),
  name: requiredText('Name').optional(),
  role: z.enum(roles, { message: 'Choose a role' }).optional(),
  active: z.boolean().optional(),
  timeZone: timeZone.optional(),
  password: password.optional(),
});

export const userList = z.object({
  includeInactive: z.boolean().default(false),
  search: z.string().trim().max(100).optional(),
});

export type UserCreate = z.infer<typeof userCreate>;
export type UserUpdate = z.infer<typeof userUpdate>;
