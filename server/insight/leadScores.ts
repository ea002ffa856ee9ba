// Lead scores (server/domain/leadScoring.ts): recomputed through the job queue when a lead's activities
// change (insight.scoreLead) and for every open lead nightly (insight.scoreLeads, as decay moves every day).
// Set-based: a batch of leads and one grouped aggregate of their activities, one UPDATE per batch.
// leads.score explains one lead's number from the same facts.
import { onLeadsScored } from '../automation/recordTriggers';
import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import { activities, leads } from '../../drizzle/schema';
import { type DbOrTx, inTransaction } from '../db';
import { ENGAGEMENT_WINDOW_DAYS, type EngagementFacts, type LeadScore, leadScore, type ScoringTargets } from '../domain/leadScoring';
import type { Actor } from '../lib/actor';
import { systemActor } from '../lib/actor';
import { notFound } from '../lib/errors';
import { getOrganisationSettings } from '../services/settings';
import { getLead } from '../services/leads';

const BATCH = 500;
const DAY_MS = 86_400_000;
const a = activities;

/** Converted leads keep the score they were converted with. */
const scoredStatuses = sql`${leads.status} <> 'Converted'`;

export async function scoringTargets(db: DbOrTx): Promise<ScoringTargets> {
  const settings = await getOrganisationSettings(db, systemActor('lead scoring'));
  return { targetIndustries: settings.targetIndustries, targetRegions: settings.targetRegions };
}

/** Each lead's engagement facts from its activities: one grouped range of activities_related_idx. */
async function engagementOf(db: DbOrTx, leadIds: number[], now: Date): Promise<Map<number, EngagementFacts>> {
  const since = new Date(now.getTime() - ENGAGEMENT_WINDOW_DAYS * DAY_MS);
  const recent = sql`${a.occurredAt} >= ${since} and ${a.occurredAt} <= ${now}`;
  const rows = await db
    .select({
      leadId: a.relatedToId,
      emails: sql<number>`coalesce(sum(${a.type} = 'email' and ${recent}), 0)`.mapWith(Number),
      meetings: sql<number>`coalesce(sum(${a.type} = 'meeting' and ${recent}), 0)`.mapWith(Number),
      replied: sql<number>`coalesce(max(${a.type} = 'email' and ${a.direction} = 'inbound'), 0)`.mapWith(Number),
      // As lastActivityAt counts it (domain/customerActivity.ts): a task when completed, nothing in the future.
      lastAt: sql<Date | null>`max(least(case when ${a.type} = 'task' then ${a.completedAt} else ${a.occurredAt} end, ${now}))`,
    })
    .from(a)
    .where(and(eq(a.relatedToType, 'lead'), inArray(a.relatedToId, leadIds)))
    .groupBy(a.relatedToId);
  return new Map(
    rows.map((r) => [
      r.leadId,
      { emails: r.emails, meetings: r.meetings, replied: r.replied > 0, lastActivityAt: r.lastAt ? new Date(r.lastAt) : null },
    ]),
  );
}

const noEngagement: EngagementFacts = { emails: 0, meetings: 0, replied: false, lastActivityAt: null };

type LeadFacts = Pick<typeof leads.$inferSelect, 'id' | 'industry' | 'employees' | 'region' | 'title' | 'score'>;

const leadFacts = { id: leads.id, industry: leads.industry, employees: leads.employees, region: leads.region, title: leads.title, score: leads.score };

async function scoreBatch(db: DbOrTx, batch: LeadFacts[], targets: ScoringTargets, now: Date): Promise<number> {
  if (batch.length === 0) return 0;
  const engagement = await engagementOf(db, batch.map((l) => l.id), now);
  const changed = batch
    .map((l) => ({ id: l.id, before: l.score, after: leadScore(engagement.get(l.id) ?? noEngagement, l, targets, now).total }))
    .filter((l) => l.after !== l.before);
  if (changed.length === 0) return 0;
  // A computed number, not an edit: neither audited nor stamped as an update (updated_at stays).
  const cases = sql.join(changed.map((c) => sql`when ${c.id} then ${c.after}`), sql` `);
  await inTransaction(db, async (tx) => {
    await tx.execute(sql`update leads set score = case id ${cases} end where id in (${sql.join(changed.map((c) => sql`${c.id}`), sql`, `)})`);
    // Where a score crosses MQL or SQL: the lead playbooks' trigger, in the same transaction.
    await onLeadsScored(tx, changed, now);
  });
  return changed.length;
}

/** Rescores the given leads (the job after an activity changed). Returns how many scores changed. */
export async function rescoreLeads(db: DbOrTx, leadIds: number[], now: Date): Promise<number> {
  if (leadIds.length === 0) return 0;
  const targets = await scoringTargets(db);
  let changed = 0;
  for (let i = 0; i < leadIds.length; i += BATCH) {
    const batch = await db.select(leadFacts).from(leads).where(and(inArray(leads.id, leadIds.slice(i, i + BATCH)), scoredStatuses));
    changed += await scoreBatch(db, batch, targets, now);
  }
  return changed;
}

/** Every unconverted lead, a batch at a time by id (the nightly job). */
export async function rescoreAllLeads(db: DbOrTx, now: Date): Promise<{ scored: number; changed: number }> {
  const targets = await scoringTargets(db);
  let after = 0;
  let scored = 0;
  let changed = 0;
  for (;;) {
    const batch = await db.select(leadFacts).from(leads).where(and(gt(leads.id, after), scoredStatuses)).orderBy(asc(leads.id)).limit(BATCH);
    if (batch.length === 0) break;
    changed += await scoreBatch(db, batch, targets, now);
    scored += batch.length;
    after = batch.at(-1)!.id;
  }
  return { scored, changed };
}

/** leads.score: why one lead has its score, from its facts now (access as for reading the lead). */
export async function leadScoreBreakdown(db: DbOrTx, actor: Actor, { id }: { id: number }, now: Date): Promise<LeadScore & { stored: number }> {
  const lead = await getLead(db, actor, { id });
  if (!lead) throw notFound('Lead');
  const [targets, engagement] = await Promise.all([scoringTargets(db), engagementOf(db, [id], now)]);
  return { ...leadScore(engagement.get(id) ?? noEngagement, lead, targets, now), stored: lead.score };
}

