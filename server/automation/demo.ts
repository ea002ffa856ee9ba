// The demo's automation: a website form posting leads through web-to-lead (a few leads it created over the last
// days, and a couple of refused posts), so Settings -> Web-to-lead has something to show; and the three default
// playbooks switched on a day ago, so the deals in Proposal, the New leads and the at-risk projects are part-way
// through them once the worker has run.
import { createHash, randomBytes } from 'node:crypto';
import { leads, webhookEvents, webToLeadSources } from '../../drizzle/schema';
import type { DbOrTx } from '../db';
import type { SecretBox } from '../lib/crypto';
import { systemActor } from '../lib/actor';
import { installDefaultPlaybooks } from './defaults';
import { setPlaybookEnabled } from './playbooks';
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

export async function seedDemoPlaybooks(tx: DbOrTx, now: Date) {
  const switchedOnAt = new Date(now.getTime() - 26 * HOUR);
  const ids = await installDefaultPlaybooks(tx, switchedOnAt);
  // Their first steps are past due: the worker runs them at start, as it would have yesterday.
  for (const id of ids) await setPlaybookEnabled(tx, systemActor('demo data'), { id, enabled: true }, switchedOnAt);
}
