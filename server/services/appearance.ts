// Per-user appearance, kept server-side (user_preferences, key 'theme') so it follows the user to every
// browser; the client mirrors it in localStorage for a first paint without a flash.
import { and, eq, sql } from 'drizzle-orm';
import { userPreferences } from '../../drizzle/schema';
import { type Theme, type ThemeInput, themes } from '../../shared/schemas/appearance';
import type { DbOrTx } from '../db';
import type { Actor } from '../lib/actor';
import { forbidden } from '../lib/errors';

const THEME_KEY = 'theme';

export async function getTheme(db: DbOrTx, userId: string): Promise<Theme> {
  const [row] = await db
    .select({ value: userPreferences.value })
    .from(userPreferences)
    .where(and(eq(userPreferences.userId, userId), eq(userPreferences.key, THEME_KEY)));
  return (themes as readonly unknown[]).includes(row?.value) ? (row!.value as Theme) : 'system';
}

/** A user sets only their own theme; it is a preference, not a business record, so it is not audited. */
export async function setTheme(db: DbOrTx, actor: Actor, input: ThemeInput, now: Date): Promise<{ theme: Theme }> {
  if (actor.id === null) throw forbidden('Only a signed-in user has a theme');
  await db
    .insert(userPreferences)
    .values({ userId: actor.id, key: THEME_KEY, value: input.theme, createdAt: now, updatedAt: now })
    .onDuplicateKeyUpdate({ set: { value: sql`values(${userPreferences.value})`, updatedAt: now } });
  return { theme: input.theme };
}
