// Sending digests: one digests row per user and slot (the unique key is the dedupe), content built once and
// kept, then each chosen channel delivered and remembered, so a retry after a failure (SMTP down) sends only
// what has not gone out yet. A failure throws after recording itself: the job queue retries with backoff.
import { and, desc, eq, inArray, ne, notInArray } from 'drizzle-orm';
import { digests } from '../../drizzle/schema';
import type { DeliveryChannel, DigestContent, DigestKind, DigestStatus } from '../../shared/schemas/delivery';
import type { DbOrTx } from '../db';
import { digestHtml, digestSlackText, digestSubject, digestText, dueDigestSlot, isDigestEmpty, latestDigestSlot } from '../domain/digests';
import type { Env } from '../env';
import { enqueue } from '../jobs/enqueue';
import { mailerFor } from '../integrations/mailer';
import { postToSlack } from '../integrations/slack';
import type { Actor } from '../lib/actor';
import { forbidden, notFound } from '../lib/errors';
import { keysetAfter, keysetOrder, toPage } from '../lib/keyset';
import { calendarDay } from '../../shared/periods';
import { buildDigestContent } from './digestContent';
import { notify } from './notifications';
import { type Recipient, recipientById, recipientsWithPreferences, slackWebhookOf } from './preferences';

export type Digest = typeof digests.$inferSelect;

export class DigestDeliveryError extends Error {}

/** What delivering needs of the configuration. */
export type DeliveryEnv = Pick<Env, 'mail' | 'slack' | 'encryptionKey' | 'publicUrl'>;

export interface DigestTarget {
  userId: string;
  kind: DigestKind;
  periodKey: string;
  /** The recipient's local day of the slot, for the heading. */
  localDate: string;
}

async function digestRow(db: DbOrTx, t: Pick<DigestTarget, 'userId' | 'kind' | 'periodKey'>): Promise<Digest | undefined> {
  const [row] = await db
    .select()
    .from(digests)
    .where(and(eq(digests.userId, t.userId), eq(digests.kind, t.kind), eq(digests.periodKey, t.periodKey)));
  return row;
}

/** The last digest that went out (previews aside): the forecast change and "since" count from it. */
async function previousDigest(db: DbOrTx, userId: string, excludeId: number | null) {
  const [row] = await db
    .select({ content: digests.content, sentAt: digests.sentAt })
    .from(digests)
    .where(and(eq(digests.userId, userId), eq(digests.status, 'Sent'), notInArray(digests.kind, ['preview', 'review']), excludeId ? ne(digests.id, excludeId) : undefined))
    .orderBy(desc(digests.sentAt))
    .limit(1);
  return row ?? null;
}

async function setStatus(db: DbOrTx, id: number, patch: Partial<Digest>, now: Date) {
  await db.update(digests).set({ ...patch, updatedAt: now }).where(eq(digests.id, id));
}

/**
 * Builds and delivers one digest, or finishes delivering one that failed before. A digest already Sent or
 * Skipped is left alone (a second scheduler, a replayed job). Empty scheduled digests are Skipped; a preview
 * always goes out, saying when there is nothing to say. Throws DigestDeliveryError when a channel failed.
 */
/** Makes a digest's content for its recipient; `previous` is their last delivered digest of the same kind family. */
export type DigestBuilder = (
  db: DbOrTx,
  recipient: Recipient,
  target: DigestTarget,
  now: Date,
) => Promise<{ content: DigestContent; alwaysSend: boolean }>;

const roleDigest: DigestBuilder = async (db, user, target, now) => {
  const previous = await previousDigest(db, user.id, null);
  const content = await buildDigestContent(db, user, target.kind, target.localDate, now, previous);
  return { content, alwaysSend: target.kind === 'preview' };
};

export async function deliverDigest(db: DbOrTx, env: DeliveryEnv, target: DigestTarget, now: Date, build: DigestBuilder = roleDigest): Promise<Digest> {
  const { user, preferences } = await recipientById(db, target.userId);
  let row = await digestRow(db, target);
  if (row && (row.status === 'Sent' || row.status === 'Skipped')) return row;
  if (!user.active) throw new DigestDeliveryError('The recipient is no longer active');

  if (!row) {
    const { content, alwaysSend } = await build(db, user, target, now);
    const preview = target.kind === 'preview';
    const skipped = !alwaysSend && isDigestEmpty(content);
    // INSERT IGNORE on (user, kind, period): of two racing builders, one row wins and both read it back.
    await db
      .insert(digests)
      .ignore()
      .values({
        userId: user.id,
        kind: target.kind,
        periodKey: target.periodKey,
        status: skipped ? 'Skipped' : 'Pending',
        content,
        subject: digestSubject(content, preview),
        deliveredChannels: [],
        createdAt: now,
        updatedAt: now,
      });
    row = (await digestRow(db, target))!;
    if (row.status === 'Skipped') return row;
  }

  const content = row.content as DigestContent;
  const preview = row.kind === 'preview';
  const delivered = new Set<DeliveryChannel>(row.deliveredChannels ?? []);
  const errors: string[] = [];
  const webhook = slackWebhookOf(env, user, preferences);
  const mailer = mailerFor(env);
  // The in-app copy always exists: it is where the digest is read later, and where mail stays without SMTP.
  const wanted: DeliveryChannel[] = ['inApp'];
  if (preferences.channels.email && mailer) wanted.push('email');
  if (preferences.channels.slack && webhook) wanted.push('slack');

  for (const channel of wanted) {
    if (delivered.has(channel)) continue;
    try {
      if (channel === 'inApp') {
        await notify(
          db,
          [{ userId: user.id, kind: 'digest', title: row.subject ?? digestSubject(content, preview), recordType: 'digest', recordId: row.id, dedupeKey: `digest:${row.id}` }],
          now,
        );
      } else if (channel === 'email') {
        await mailer!.send({
          to: user.email,
          subject: row.subject ?? digestSubject(content, preview),
          text: digestText(content, env.publicUrl, preview),
          html: digestHtml(content, env.publicUrl, preview),
        });
      } else {
        await postToSlack(env, webhook!, { text: digestSlackText(content, env.publicUrl, preview) });
      }
      delivered.add(channel);
      await setStatus(db, row.id, { deliveredChannels: [...delivered] }, now);
    } catch (error) {
      errors.push(`${channel === 'inApp' ? 'In-app' : channel === 'email' ? 'Email' : 'Slack'}: ${(error as Error).message}`);
    }
  }
  const status: DigestStatus = errors.length > 0 ? 'Failed' : 'Sent';
  await setStatus(db, row.id, { status, error: errors.length > 0 ? errors.join('\n') : null, sentAt: status === 'Sent' ? now : null }, now);
  const after = (await digestRow(db, target))!;
  if (errors.length > 0) throw new DigestDeliveryError(errors.join('; '));
  return after;
}

/** Delivers to the inbox only (the demo's digests: never mailed, whatever SMTP_URL says). */
export const IN_APP_ONLY: DeliveryEnv = { mail: { smtpUrl: null, from: '' }, slack: { webhookBase: 'https://hooks.slack.com/' }, encryptionKey: Buffer.alloc(32), publicUrl: '' };

/**
 * The demo's delivered digests: each demo user's latest slot, in the app only (never mailed, whatever
 * SMTP_URL says), so the inbox opens with real ones.
 */
export async function deliverDemoDigests(db: DbOrTx, userIds: string[], now: Date): Promise<void> {
  for (const { user, preferences } of await recipientsWithPreferences(db, userIds)) {
    const slot = latestDigestSlot(preferences, now);
    await deliverDigest(db, IN_APP_ONLY, { userId: user.id, kind: slot.kind, periodKey: slot.periodKey, localDate: slot.localDate }, now);
  }
}

export const digestDedupeKey = (t: Pick<DigestTarget, 'userId' | 'kind' | 'periodKey'>) => `digest:${t.kind}:${t.periodKey}:user:${t.userId}`;

/**
 * The scheduler's tick: every active user whose digest slot has come (in their zone, within the catch-up
 * window) and has no digest for it yet gets one delivery job, deduplicated per user and slot.
 */
export async function enqueueDueDigests(db: DbOrTx, now: Date): Promise<number> {
  const due = (await recipientsWithPreferences(db))
    .filter(({ user, preferences }) => user.active && preferences.digestEnabled)
    .flatMap(({ user, preferences }) => {
      const slot = dueDigestSlot(preferences, now);
      return slot ? [{ userId: user.id, kind: slot.kind, periodKey: slot.periodKey, localDate: slot.localDate }] : [];
    });
  if (due.length === 0) return 0;
  const existing = await db
    .select({ userId: digests.userId, kind: digests.kind, periodKey: digests.periodKey })
    .from(digests)
    .where(and(inArray(digests.userId, due.map((d) => d.userId)), inArray(digests.periodKey, [...new Set(due.map((d) => d.periodKey))])));
  const done = new Set(existing.map(digestDedupeKey));
  let offered = 0;
  for (const target of due) {
    if (done.has(digestDedupeKey(target))) continue;
    await enqueue(db, { type: 'delivery.sendDigest', payload: target, dedupeKey: digestDedupeKey(target) }, now);
    offered += 1;
  }
  return offered;
}

/** "Send me a preview now": today's digest, delivered at once to the user's channels; the outcome is returned. */
export async function sendDigestPreview(db: DbOrTx, env: DeliveryEnv, actor: Actor, now: Date) {
  if (actor.id === null) throw forbidden('Only a signed-in user receives digests');
  const { preferences } = await recipientById(db, actor.id);
  const target = { userId: actor.id, kind: 'preview' as const, periodKey: now.toISOString(), localDate: calendarDay(now, preferences.timeZone) };
  try {
    return summary(await deliverDigest(db, env, target, now));
  } catch (error) {
    if (!(error instanceof DigestDeliveryError)) throw error;
    return summary((await digestRow(db, target))!);
  }
}

function summary(row: Digest) {
  return { id: row.id, status: row.status, deliveredChannels: row.deliveredChannels ?? [], error: row.error };
}

const listColumns = {
  id: digests.id,
  kind: digests.kind,
  periodKey: digests.periodKey,
  status: digests.status,
  subject: digests.subject,
  deliveredChannels: digests.deliveredChannels,
  error: digests.error,
  sentAt: digests.sentAt,
  createdAt: digests.createdAt,
};

/** The user's own digests, newest first: what went out, what was skipped and what failed. */
export async function listDigests(db: DbOrTx, actor: Actor, params: { cursor?: string | null; limit: number }) {
  if (actor.id === null) throw forbidden('Only a signed-in user receives digests');
  const rows = await db
    .select(listColumns)
    .from(digests)
    .where(and(eq(digests.userId, actor.id), keysetAfter(digests.createdAt, digests.id, 'desc', params.cursor)))
    .orderBy(...keysetOrder(digests.createdAt, digests.id, 'desc'))
    .limit(params.limit + 1);
  return toPage(rows, params.limit, (r) => r.createdAt);
}

/** One digest as it was sent, for its recipient (or an admin looking into a failure). */
export async function getDigest(db: DbOrTx, actor: Actor, { id }: { id: number }) {
  const [row] = await db.select().from(digests).where(eq(digests.id, id));
  if (!row || (row.userId !== actor.id && actor.role !== 'admin')) throw notFound('Digest');
  return { ...summary(row), kind: row.kind, subject: row.subject, content: row.content as DigestContent | null, sentAt: row.sentAt, createdAt: row.createdAt };
}

