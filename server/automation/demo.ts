// The demo's automation: a website form posting leads through web-to-lead (a few leads it created over the last
// days, and a couple of refused posts), so Settings -> Web-to-lead has something to show; and the three default
// playbooks switched on a day ago, so the deals in Proposal, three of the New leads (staggered) and the at-risk
// projects are part-way through them once the worker has run; the form's older leads went through the new-lead
// follow-up last week (demoEmail.ts), so its email sends have something to show.
import { createHash, randomBytes } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import { leads, playbooks, savedViews, webhookEvents, webToLeadSources } from '../../drizzle/schema';
import type { DbOrTx } from '../db';
import type { SecretBox } from '../lib/crypto';
import { systemActor } from '../lib/actor';
import { installDefaultPlaybooks } from './defaults';
import { seedDemoEmailHistory } from './demoEmail';
import { audienceOf } from './audience';
import { getPlaybook, savePlaybook, setPlaybookEnabled } from './playbooks';
import { loadSegmentView, resetSegmentMembers, segmentMatches } from './segments';
import { enrolRecords } from './triggers';
import { eventExternalId, WEB_TO_LEAD_PROVIDER } from './webToLead';

const HOUR = 3_600_000;

const formLeads = [
  { firstName: 'Noor', lastName: 'Haddad', company: 'Brightline Logistics', title: 'VP Operations', utm_source: 'google', campaign: 'Winter webinar' },
  { firstName: 'Felix', lastName: 'Lindqvist', company: 'Nordhavn Foods', title: 'Head of IT', utm_source: 'linkedin', campaign: 'Winter webinar' },
  { firstName: 'Amara', lastName: 'Osei', company: 'Kestrel Health', title: 'COO', utm_source: 'newsletter' },
  { firstName: 'Diego', lastName: 'Alvarez', company: 'Sierra Components', title: 'Procurement Lead', utm_source: 'google' },
  { firstName: 'Hana', lastName: 'Kobayashi', company: 'Tsubame Retail', title: 'Director of Sales Ops', utm_source: 'linkedin', campaign: 'Q4 ebook' },
  { firstName: 'Owen', lastName: 'Gallagher', company: 'Harbourview Insurance', title: 'CIO', utm_source: 'direct' },
];

export async function seedDemoAutomation(tx: DbOrTx, { ownerId, now, secrets }: { ownerId: string; now: Date; secrets: SecretBox }) {
  const name = 'Website demo form';
  const publicId = `wls_${randomBytes(12).toString('base64url')}`;
  const secret = `whsec_${randomBytes(32).toString('base64url')}`;
  const [source] = await tx
    .insert(webToLeadSources)
    .values({
      publicId,
      name,
      ownerId,
      secretSealed: secrets.seal(secret, `web_to_lead_sources:${publicId}:secret`),
      receivedCount: formLeads.length,
      lastReceivedAt: new Date(now.getTime() - 2 * HOUR),
      rejectedCount: 2,
      lastRejectedAt: new Date(now.getTime() - 30 * HOUR),
      createdAt: new Date(now.getTime() - 20 * 24 * HOUR),
      updatedAt: new Date(now.getTime() - 20 * 24 * HOUR),
    })
    .$returningId();
  const posts = formLeads.map((lead, i) => {
    const at = new Date(now.getTime() - (2 + i * 31) * HOUR);
    const { utm_source, campaign, ...own } = lead;
    const email = `${own.firstName}.${own.lastName}@${own.company.split(' ')[0]!.toLowerCase()}.example`.toLowerCase();
    return { at, own: { ...own, email }, extra: { utm_source, ...(campaign ? { campaign } : {}) } };
  });
  await tx.insert(leads).values(
    posts.map((p, i) => ({ ...p.own, leadSource: name, status: i < 3 ? ('New' as const) : ('Working' as const), ownerId, extraFields: p.extra, createdAt: p.at, updatedAt: p.at })),
  );
  await tx.insert(webhookEvents).values(
    posts.map((p, i) => {
      const body = JSON.stringify({ ...p.own, ...p.extra });
      return {
        provider: WEB_TO_LEAD_PROVIDER,
        externalId: eventExternalId(publicId, `demo-form-${i + 1}`),
        payload: { sourceId: source!.id, bodyHash: createHash('sha256').update(body).digest('hex'), lead: JSON.parse(body) as unknown },
        receivedAt: p.at,
        processedAt: new Date(p.at.getTime() + 1500),
        status: 'processed' as const,
        createdAt: p.at,
        updatedAt: p.at,
      };
    }),
  );
}

/** How long before the demo's now the new-lead follow-up took each of its leads: one is a day in, one started this morning, one is about to. */
const NEW_LEAD_ENROLMENTS_AGO = [26 * HOUR, 5 * HOUR, HOUR / 2];

export async function seedDemoPlaybooks(tx: DbOrTx, now: Date) {
  const switchedOnAt = new Date(now.getTime() - 26 * HOUR);
  const ids = await installDefaultPlaybooks(tx, switchedOnAt);
  const actor = systemActor('demo data');
  const installed = await tx.select({ id: playbooks.id, defaultKey: playbooks.defaultKey }).from(playbooks).where(inArray(playbooks.id, ids));
  const keyOf = new Map(installed.map((p) => [p.id, p.defaultKey]));
  for (const id of ids) {
    if (keyOf.get(id) !== 'new-lead-follow-up') {
      // Their first steps are past due: the worker runs them at start, as it would have yesterday.
      await setPlaybookEnabled(tx, actor, { id, enabled: true }, switchedOnAt);
      continue;
    }
    // Switched on for every New lead at once, a rep's My day would open on a dozen follow-ups; the demo shows
    // the playbook a few leads at a time instead, as leads arriving one by one would start it.
    const { trigger } = await getPlaybook(tx, actor, { id });
    const audience = await audienceOf(tx, trigger, id, switchedOnAt);
    await tx.update(playbooks).set({ enabled: true, updatedAt: switchedOnAt }).where(eq(playbooks.id, id));
    for (const [i, ago] of NEW_LEAD_ENROLMENTS_AGO.entries()) {
      const lead = audience[i];
      if (lead) await enrolRecords(tx, id, [lead.id], new Date(now.getTime() - ago));
    }
    // Last week's leads from the website form went through it too: its email sends, replies and a skipped one.
    await seedDemoEmailHistory(tx, id, 1, now);
  }
}

/**
 * A playbook on a saved segment: the manager's shared view of New leads from the website. It was switched on a week
 * ago, so the leads in the view now are members already; one entered two hours ago and is on its way through:
 * the owner was told at once, a qualifying task comes at T+2 days, and one still New at T+5 days is set to Nurture.
 */
export async function seedDemoSegmentPlaybook(tx: DbOrTx, managerId: string, now: Date) {
  const [view] = await tx
    .insert(savedViews)
    .values({ ownerId: managerId, list: 'leads', name: 'New website leads', params: { status: 'New', leadSource: 'Website', sort: 'createdAt', dir: 'desc' }, shared: true })
    .$returningId();
  const actor = systemActor('demo data');
  const weekAgo = new Date(now.getTime() - 7 * 24 * HOUR);
  const saved = await savePlaybook(
    tx,
    actor,
    {
      name: 'New website leads: qualify or nurture',
      description: 'Every lead entering the shared view "New website leads": a heads-up, a qualifying task, and Nurture if still New after 5 days.',
      trigger: { type: 'entersSegment', list: 'leads', viewId: view!.id, viewName: null },
      steps: [
        { delay: { amount: 0, unit: 'hours' }, action: { type: 'notifyOwner', message: 'New website lead: {{lead.firstName}} {{lead.lastName}} at {{lead.company}}' } },
        { delay: { amount: 2, unit: 'days' }, action: { type: 'createTask', subject: 'Qualify {{lead.firstName}} at {{lead.company}}, or mark them Nurture', dueInDays: 0 } },
        { delay: { amount: 5, unit: 'days' }, action: { type: 'setField', field: 'status', value: 'Nurture' } },
      ],
    },
    weekAgo,
  );
  await tx.update(playbooks).set({ enabled: true, updatedAt: weekAgo }).where(eq(playbooks.id, saved.id));
  const segment = await loadSegmentView(tx, { type: 'entersSegment', list: 'leads', viewId: view!.id, viewName: null });
  const members = await segmentMatches(tx, segment, now);
  await resetSegmentMembers(tx, saved.id, segment.id, members.map((m) => m.id), weekAgo);
  const newest = members[0];
  if (newest) await enrolRecords(tx, saved.id, [newest.id], new Date(now.getTime() - 2 * HOUR));
}
