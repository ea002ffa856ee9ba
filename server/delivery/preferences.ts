// A user's delivery preferences (Settings -> Notifications): one user_preferences row, key 'delivery', with
// the Slack webhook URL sealed inside it. Everyone reads and changes only their own.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { userPreferences, users } from '../../drizzle/schema';
import type { Role } from '../../shared/enums';
import {
  defaultDeliveryPreferences,
  type DeliveryPreferences,
  type DeliveryPreferencesUpdate,
  deliveryPreferencesUpdate,
  mayUseSlack,
} from '../../shared/schemas/delivery';
import type { DbOrTx } from '../db';
import { nextDigestSlot } from '../domain/digests';
import type { Env } from '../env';
import { isSlackWebhookUrl } from '../integrations/slack';
import type { Actor } from '../lib/actor';
import { type FieldErrors, forbidden, invalidFields, notFound } from '../lib/errors';
import { secretsFor } from '../lib/secrets';

export const DELIVERY_PREFERENCES_KEY = 'delivery';

interface StoredPreferences extends DeliveryPreferences {
  slackWebhookSealed: string | null;
}

/** The sealed URL opens only in its own user's row. */
const slackContext = (userId: string) => `user_preferences:${userId}:slackWebhookUrl`;

const storedShape = deliveryPreferencesUpdate.omit({ slackWebhookUrl: true }).required();

/** Stored preferences over the defaults; a value this version no longer accepts reads as its default. */
export function readPreferences(user: { role: Role; timeZone: string }, stored: unknown): StoredPreferences {
  const defaults = defaultDeliveryPreferences(user);
  const raw = (stored && typeof stored === 'object' ? stored : {}) as Record<string, unknown>;
  const pick = <K extends keyof DeliveryPreferences>(key: K): DeliveryPreferences[K] => {
    const parsed = storedShape.shape[key].safeParse(raw[key]);
    return parsed.success ? (parsed.data as DeliveryPreferences[K]) : defaults[key];
  };
  const channels = { ...defaults.channels, ...(pick('channels') as Partial<DeliveryPreferences['channels']>) };
  return {
    digestEnabled: pick('digestEnabled'),
    frequency: pick('frequency'),
    hour: pick('hour'),
    timeZone: pick('timeZone'),
    channels,
    slackWebhookSealed: typeof raw.slackWebhookSealed === 'string' ? raw.slackWebhookSealed : null,
  };
}

export interface Recipient {
  id: string;
  name: string;
  email: string;
  role: Role;
  timeZone: string;
  active: boolean;
}

/** The users (active or not) and their preferences, in one query. */
export async function recipientsWithPreferences(db: DbOrTx, userIds?: string[]) {
  const rows = await db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      role: users.role,
      timeZone: users.timeZone,
      active: users.active,
      stored: userPreferences.value,
    })
    .from(users)
    .leftJoin(userPreferences, and(eq(userPreferences.userId, users.id), eq(userPreferences.key, DELIVERY_PREFERENCES_KEY)))
    .where(userIds ? inArray(users.id, userIds) : undefined);
  return rows.map(({ stored, ...user }) => ({ user: user as Recipient, preferences: readPreferences(user, stored) }));
}

export async function recipientById(db: DbOrTx, userId: string) {
  const [row] = await recipientsWithPreferences(db, [userId]);
  if (!row) throw notFound('User');
  return row;
}

/** The Slack URL to post to, or null (not set, not a manager, or sealed under a key no longer configured). */
export function slackWebhookOf(env: Pick<Env, 'encryptionKey'>, user: Recipient, prefs: StoredPreferences): string | null {
  if (!prefs.slackWebhookSealed || !mayUseSlack(user.role)) return null;
  try {
    return secretsFor(env).open(prefs.slackWebhookSealed, slackContext(user.id));
  } catch {
    return null;
  }
}

/** "https://hooks.slack.com/…/Xy12": enough to recognise it, not enough to use it. */
function webhookHint(url: string): string {
  const u = new URL(url);
  return `${u.host}/…${url.slice(-4)}`;
}

function ownId(actor: Actor): string {
  if (actor.id === null) throw forbidden('Only a signed-in user has delivery preferences');
  return actor.id;
}

export async function getDeliveryPreferences(db: DbOrTx, env: Env, actor: Actor, now: Date) {
  const { user, preferences } = await recipientById(db, ownId(actor));
  const { slackWebhookSealed: _sealed, ...prefs } = preferences;
  const webhook = slackWebhookOf(env, user, preferences);
  return {
    ...prefs,
    email: user.email,
    mail: { configured: env.mail.smtpUrl !== null },
    slack: { allowed: mayUseSlack(user.role), configured: webhook !== null, hint: webhook ? webhookHint(webhook) : null },
    nextDigestAt: prefs.digestEnabled ? nextDigestSlot(prefs, now).dueAt : null,
  };
}

export async function updateDeliveryPreferences(db: DbOrTx, env: Env, actor: Actor, input: DeliveryPreferencesUpdate, now: Date) {
  const userId = ownId(actor);
  const { user, preferences: before } = await recipientById(db, userId);
  const { slackWebhookUrl, channels, ...rest } = input;
  const errors: FieldErrors = {};
  const slackAllowed = mayUseSlack(user.role);

  let slackWebhookSealed = before.slackWebhookSealed;
  if (slackWebhookUrl !== undefined) {
    if (!slackAllowed && slackWebhookUrl !== null) {
      errors.slackWebhookUrl = ['Slack delivery is for managers and admins'];
    } else if (slackWebhookUrl !== null && !isSlackWebhookUrl(env, slackWebhookUrl)) {
      errors.slackWebhookUrl = [`Paste the incoming-webhook URL Slack gave you: it starts with ${env.slack.webhookBase}`];
    } else {
      slackWebhookSealed = slackWebhookUrl === null ? null : secretsFor(env).seal(slackWebhookUrl, slackContext(userId));
    }
  }
  const merged: StoredPreferences = { ...before, ...rest, channels: { ...before.channels, ...channels }, slackWebhookSealed };
  if (merged.channels.slack && !slackAllowed) errors.channels = ['Slack delivery is for managers and admins'];
  else if (merged.channels.slack && !merged.slackWebhookSealed) errors.channels = ['Paste a Slack incoming-webhook URL first'];
  if (merged.digestEnabled && !merged.channels.email && !merged.channels.inApp && !merged.channels.slack) {
    errors.channels = ['Choose at least one way to receive the digest, or turn the digest off'];
  }
  if (Object.keys(errors).length > 0) throw invalidFields(errors);

  await db
    .insert(userPreferences)
    .values({ userId, key: DELIVERY_PREFERENCES_KEY, value: merged, createdAt: now, updatedAt: now })
    .onDuplicateKeyUpdate({ set: { value: sql`values(${userPreferences.value})`, updatedAt: now } });
  return getDeliveryPreferences(db, env, actor, now);
}
