// Users and the tables better-auth owns (sessions, credentials, verifications, rate limits).
import { type AnyMySqlColumn, bigint, boolean, datetime, index, int, mysqlTable, text, uniqueIndex, varchar } from 'drizzle-orm/mysql-core';
import { roles } from '../../shared/enums';
import { createdAt, id, timestamps, userRef } from './columns';

export const users = mysqlTable('users', {
  id: varchar({ length: 36 }).primaryKey(),
  name: varchar({ length: 255 }).notNull(),
  // Unique under the case-insensitive default collation; the app also stores it lower-cased.
  email: varchar({ length: 320 }).notNull().unique(),
  emailVerified: boolean().notNull().default(false),
  image: text(),
  role: varchar({ length: 16, enum: roles }).notNull().default('rep'),
  active: boolean().notNull().default(true),
  timeZone: varchar({ length: 64 }).notNull().default('UTC'),
  /** A rep's manager: a team is a manager and the reps naming them here (Settings -> Teams). */
  managerId: userRef().references((): AnyMySqlColumn => users.id, { onDelete: 'set null' }),
  ...timestamps,
}, (t) => [index('users_role_idx').on(t.role), index('users_active_idx').on(t.active), index('users_manager_idx').on(t.managerId)]);

export const sessions = mysqlTable('sessions', {
  id: varchar({ length: 64 }).primaryKey(),
  token: varchar({ length: 255 }).notNull().unique(),
  userId: userRef().notNull().references(() => users.id, { onDelete: 'cascade' }),
  expiresAt: datetime({ fsp: 3 }).notNull(),
  ipAddress: varchar({ length: 64 }),
  userAgent: text(),
  ...timestamps,
}, (t) => [index('sessions_user_idx').on(t.userId)]);

/** better-auth's "account" (a login method of a user), renamed so it cannot be confused with CRM accounts. */
export const authAccounts = mysqlTable('auth_accounts', {
  id: varchar({ length: 64 }).primaryKey(),
  accountId: varchar({ length: 255 }).notNull(),
  providerId: varchar({ length: 64 }).notNull(),
  userId: userRef().notNull().references(() => users.id, { onDelete: 'cascade' }),
  accessToken: text(),
  refreshToken: text(),
  idToken: text(),
  accessTokenExpiresAt: datetime({ fsp: 3 }),
  refreshTokenExpiresAt: datetime({ fsp: 3 }),
  scope: text(),
  password: text(),
  ...timestamps,
}, (t) => [index('auth_accounts_user_idx').on(t.userId)]);

export const verifications = mysqlTable('verifications', {
  id: varchar({ length: 64 }).primaryKey(),
  identifier: varchar({ length: 255 }).notNull(),
  value: text().notNull(),
  expiresAt: datetime({ fsp: 3 }).notNull(),
  ...timestamps,
}, (t) => [index('verifications_identifier_idx').on(t.identifier)]);

export const rateLimits = mysqlTable('rate_limits', {
  id: varchar({ length: 64 }).primaryKey(),
  key: varchar({ length: 255 }).notNull().unique(),
  count: int().notNull(),
  lastRequest: bigint({ mode: 'number' }).notNull(),
  createdAt: createdAt(),
});

export const signInFailureScopes = ['account', 'address'] as const;

/**
 * Failed sign-ins in a row, per account (the email as typed, whether or not a user has it, so the table
 * tells nothing about who exists) and per client address: what the growing sign-in delay is computed from.
 */
export const signInFailures = mysqlTable('sign_in_failures', {
  id: id(),
  scope: varchar({ length: 16, enum: signInFailureScopes }).notNull(),
  subject: varchar({ length: 320 }).notNull(),
  failures: int().notNull().default(0),
  lastFailureAt: datetime({ fsp: 3 }),
  ...timestamps,
}, (t) => [
  uniqueIndex('sign_in_failures_scope_subject_uq').on(t.scope, t.subject),
  index('sign_in_failures_last_failure_idx').on(t.lastFailureAt),
]);

export type User = typeof users.$inferSelect;
