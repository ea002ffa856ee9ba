// From a provider's message to a stored activity: screen it (blocklist, internal-only), match its outside
// participants to contacts, leads and account domains, and insert it once per Message-ID, linked to every
// record it belongs on. Nothing about an email that does not match is written anywhere.
import { recheckWaits } from '../automation/waits';
import { and, eq, inArray, isNotNull, isNull, ne, or, sql } from 'drizzle-orm';
import {
  accounts,
  activities,
  activityLinks,
  captureBlocklist,
  contacts,
  emailConnections,
  type EmailConnection,
  leads,
  opportunities,
  opportunityContacts,
} from '../../drizzle/schema';
import type { ActivityDirection } from '../../shared/enums';
import type { DbOrTx, Tx } from '../db';
import type { CapturedEmail } from '../domain/captureInput';
import { customerActivityAt, type RecordRef } from '../domain/customerActivity';
import {
  type CaptureScope,
  domainOf,
  emailDirection,
  type Matches,
  type Participant,
  placeEmail,
  screenEmail,
  type SkipReason,
} from '../domain/emailMatching';
import type { Env } from '../env';
import { enqueueOpportunityScan } from '../hygiene/jobs';
import { systemActor } from '../lib/actor';
import { insertCapturedActivity } from '../services/activities';
import { touchLastActivity } from '../services/relatedRecords';
import { getOrganisationSettings } from '../services/settings';

export const captureActor = systemActor('email capture');

/** The organisation's own domains: the admin setting, or ORG_DOMAINS while that is empty. */
export async function orgDomainsFor(db: DbOrTx, env: Env): Promise<string[]> {
  const settings = await getOrganisationSettings(db, captureActor);
  return settings.orgDomains.length > 0 ? settings.orgDomains : env.orgDomains;
}

/** What screening a mailbox's messages needs, read once per sync. */
export async function captureScopeFor(db: DbOrTx, env: Env, connection: EmailConnection): Promise<CaptureScope> {
  const [orgDomains, entries] = await Promise.all([
    orgDomainsFor(db, env),
    db
      .select({ value: captureBlocklist.value })
      .from(captureBlocklist)
      .where(or(eq(captureBlocklist.scope, 'org'), and(eq(captureBlocklist.scope, 'user'), eq(captureBlocklist.userId, connection.userId)))),
  ]);
  return { mailboxAddress: connection.emailAddress.toLowerCase(), orgDomains, blocklist: entries.map((e) => e.value) };
}

/** The records the outside addresses match: contacts and open leads by address, accounts by domain, and their open deals. */
export async function findMatches(db: DbOrTx, external: string[]): Promise<Matches> {
  const domains = [...new Set(external.map(domainOf))];
  const [contactRows, leadRows, accountRows] = await Promise.all([
    db.select({ id: contacts.id, email: contacts.email, accountId: contacts.accountId }).from(contacts).where(inArray(contacts.email, external)),
    db
      .select({ id: leads.id, email: leads.email })
      .from(leads)
      .where(and(inArray(leads.email, external), isNull(leads.convertedAt), ne(leads.status, 'Converted'))),
    db
      .select({ id: accounts.id, domain: accounts.domain })
      .from(accounts)
      .where(and(inArray(accounts.domain, domains), isNull(accounts.deletedAt))),
  ]);
  const contactIds = contactRows.map((c) => c.id);
  const opportunityRows =
    contactIds.length === 0
      ? []
      : await db
          .select({ id: opportunities.id, accountId: opportunities.accountId })
          .from(opportunities)
          .where(
            and(
              isNull(opportunities.closedAt),
              isNull(opportunities.deletedAt),
              or(
                inArray(opportunities.economicBuyerContactId, contactIds),
                inArray(opportunities.championContactId, contactIds),
                inArray(
                  opportunities.id,
                  db.select({ id: opportunityContacts.opportunityId }).from(opportunityContacts).where(inArray(opportunityContacts.contactId, contactIds)),
                ),
              ),
            ),
          )
          .orderBy(opportunities.id);
  return {
    contacts: contactRows.map((c) => ({ id: c.id, email: (c.email ?? '').toLowerCase(), accountId: c.accountId })),
    leads: leadRows.map((l) => ({ id: l.id, email: (l.email ?? '').toLowerCase() })),
    accounts: accountRows.map((a) => ({ id: a.id, domain: a.domain ?? '' })),
    opportunities: opportunityRows,
  };
}

export type { CapturedEmail };

export type CaptureOutcome = { stored: true; created: boolean; activityId: number } | { stored: false; reason: SkipReason };

/** Adds the further records an activity belongs on (idempotent) and moves their lastActivityAt. */
export async function linkActivity(tx: DbOrTx, activityId: number, occurredAt: Date, links: RecordRef[], now: Date, type: 'email' | 'meeting' = 'email') {
  if (links.length === 0) return;
  await tx
    .insert(activityLinks)
    .values(links.map((l) => ({ activityId, relatedToType: l.type, relatedToId: l.id, occurredAt })))
    .onDuplicateKeyUpdate({ set: { occurredAt: sql`values(${activityLinks.occurredAt})` } });
  const at = customerActivityAt({ type, occurredAt, completedAt: null }, now);
  if (at) await touchLastActivity(tx, links, at);
  // A deal's activity feeds its hygiene rules (stale deal, no contact with the champion ...).
  for (const link of links) if (link.type === 'opportunity') await enqueueOpportunityScan(tx, link.id, now);
  // An email linked to records may be the reply their waiting playbooks look for (the check reads its direction).
  if (type === 'email') await recheckWaits(tx, links, `activity:${activityId}`, now);
}

/** Screens, matches and stores one email of a mailbox, in the caller's transaction. */
export async function captureEmail(tx: Tx, connection: EmailConnection, scope: CaptureScope, email: CapturedEmail, now: Date): Promise<CaptureOutcome> {
  const screening = screenEmail(email.participants, scope);
  if (!screening.keep) return { stored: false, reason: screening.reason };
  const matches = await findMatches(tx, screening.external);
  const sender = email.participants.find((p) => p.role === 'from')?.email ?? null;
  const accountOf = new Map(matches.contacts.map((c) => [`contact:${c.id}`, c.accountId]));
  const placement = placeEmail(matches, sender, (ref) => (ref.type === 'account' ? ref.id : (accountOf.get(`${ref.type}:${ref.id}`) ?? null)));
  if (!placement) return { stored: false, reason: 'unmatched' };

  const direction: ActivityDirection = emailDirection(email.participants, scope);
  const { id, created } = await insertCapturedActivity(
    tx,
    captureActor,
    {
      type: 'email',
      subject: email.subject || '(no subject)',
      body: email.snippet,
      occurredAt: email.occurredAt,
      direction,
      relatedTo: placement.primary,
      emailMessageId: email.messageId,
      provider: connection.provider,
      providerMessageId: email.providerMessageId,
      providerThreadId: email.providerThreadId,
      participants: email.participants,
      ownerId: connection.userId,
      captureConnectionId: connection.id,
    },
    now,
  );
  await linkActivity(tx, id, email.occurredAt, placement.links, now);
  return { stored: true, created, activityId: id };
}

export interface SyncCounts {
  seen: number;
  stored: number;
  internal: number;
  blocked: number;
  unmatched: number;
  failed: number;
}

export const emptyCounts = (): SyncCounts => ({ seen: 0, stored: 0, internal: 0, blocked: 0, unmatched: 0, failed: 0 });

export function countOutcome(counts: SyncCounts, outcome: CaptureOutcome | 'failed'): void {
  counts.seen += 1;
  if (outcome === 'failed') counts.failed += 1;
  else if (outcome.stored) counts.stored += 1;
  else counts[outcome.reason] += 1;
}

/** Adds a sync's counts to the connection's running totals. */
export async function addCounts(db: DbOrTx, connectionId: number, c: SyncCounts): Promise<void> {
  await db
    .update(emailConnections)
    .set({
      messagesSeen: sql`${emailConnections.messagesSeen} + ${c.seen}`,
      messagesStored: sql`${emailConnections.messagesStored} + ${c.stored}`,
      skippedInternal: sql`${emailConnections.skippedInternal} + ${c.internal}`,
      skippedBlocked: sql`${emailConnections.skippedBlocked} + ${c.blocked}`,
      skippedUnmatched: sql`${emailConnections.skippedUnmatched} + ${c.unmatched}`,
      messagesFailed: sql`${emailConnections.messagesFailed} + ${c.failed}`,
    })
    .where(eq(emailConnections.id, connectionId));
}

/**
 * Lead conversion: the lead's captured email and meetings (on the lead, or linked to it) also go on the new
 * contact, its account and the deal, so the customer's history is there from day one. They stay on the lead too.
 */
export async function carryCapturedToConverted(
  tx: DbOrTx,
  leadId: number,
  targets: { contactId: number; accountId: number; opportunityId: number | null },
  now: Date,
): Promise<number> {
  const rows = await tx
    .selectDistinct({ id: activities.id, type: activities.type, occurredAt: activities.occurredAt })
    .from(activities)
    .leftJoin(activityLinks, and(eq(activityLinks.activityId, activities.id), eq(activityLinks.relatedToType, 'lead'), eq(activityLinks.relatedToId, leadId)))
    .where(
      and(
        isNotNull(activities.captureConnectionId),
        or(and(eq(activities.relatedToType, 'lead'), eq(activities.relatedToId, leadId)), isNotNull(activityLinks.id)),
      ),
    );
  if (rows.length === 0) return 0;
  const refs: RecordRef[] = [
    { type: 'contact', id: targets.contactId },
    { type: 'account', id: targets.accountId },
    ...(targets.opportunityId !== null ? [{ type: 'opportunity' as const, id: targets.opportunityId }] : []),
  ];
  await tx
    .insert(activityLinks)
    .values(rows.flatMap((r) => refs.map((ref) => ({ activityId: r.id, relatedToType: ref.type, relatedToId: ref.id, occurredAt: r.occurredAt }))))
    .onDuplicateKeyUpdate({ set: { occurredAt: sql`values(${activityLinks.occurredAt})` } });
  const latest = rows.map((r) => customerActivityAt({ type: r.type, occurredAt: r.occurredAt, completedAt: null }, now)).reduce((a, b) => (b && (!a || b > a) ? b : a), null as Date | null);
  if (latest) await touchLastActivity(tx, refs, latest);
  if (targets.opportunityId !== null) await enqueueOpportunityScan(tx, targets.opportunityId, now);
  return rows.length;
}
