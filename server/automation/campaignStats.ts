// What the campaign pages show: each campaign's members, the leads among them, the deals they became (a
// lead's conversion; a contact's deals through its contact roles, economic buyer or champion, or the lead it
// was converted from), the won revenue and the return on its cost. Each number comes from one grouped query
// over every campaign asked for.
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { accounts, campaignMembers, campaigns, contacts, leads, opportunities, users } from '../../drizzle/schema';
import { canEdit } from '../../shared/access';
import { centsToMoney, moneyToCents } from '../../shared/money';
import type { CampaignMemberSource } from '../../shared/schemas/campaigns';
import type { DbOrTx } from '../db';
import { campaignReturn } from '../domain/attribution';
import type { Actor } from '../lib/actor';
import { notFound } from '../lib/errors';

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as T[];
}

/** The (campaign, deal) pairs of the given campaigns, each once: the derived table every deal number reads. */
const campaignDeals = (ids: number[]) => sql`
  select m.campaign_id, l.converted_opportunity_id as deal_id, m.member_type, m.member_id
    from campaign_members m join leads l on m.member_type = 'lead' and l.id = m.member_id
    where m.campaign_id in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)}) and l.converted_opportunity_id is not null
  union
  select m.campaign_id, oc.opportunity_id, m.member_type, m.member_id
    from campaign_members m join opportunity_contacts oc on m.member_type = 'contact' and oc.contact_id = m.member_id
    where m.campaign_id in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})
  union
  select m.campaign_id, l.converted_opportunity_id, m.member_type, m.member_id
    from campaign_members m join leads l on m.member_type = 'contact' and l.converted_contact_id = m.member_id
    where m.campaign_id in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)}) and l.converted_opportunity_id is not null
  union
  select m.campaign_id, o.id, m.member_type, m.member_id
    from campaign_members m join opportunities o on m.member_type = 'contact' and (o.economic_buyer_contact_id = m.member_id or o.champion_contact_id = m.member_id)
    where m.campaign_id in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`;

interface Numbers {
  memberCount: number;
  leadCount: number;
  contactCount: number;
  dealCount: number;
  wonDealCount: number;
  wonRevenue: string;
}

async function numbersOf(db: DbOrTx, ids: number[]): Promise<Map<number, Numbers>> {
  const out = new Map<number, Numbers>();
  if (ids.length === 0) return out;
  const idList = sql.join(ids.map((id) => sql`${id}`), sql`, `);
  // Members whose lead or contact was deleted drop out here (the join), as they do everywhere else.
  const [memberRows, dealRows] = await Promise.all([
    db.execute(sql`
      select m.campaign_id as id, count(*) as members, sum(m.member_type = 'lead') as leads, sum(m.member_type = 'contact') as contacts
      from campaign_members m
      left join leads l on m.member_type = 'lead' and l.id = m.member_id
      left join contacts c on m.member_type = 'contact' and c.id = m.member_id
      where m.campaign_id in (${idList}) and (l.id is not null or c.id is not null)
      group by m.campaign_id`),
    db.execute(sql`
      select d.campaign_id as id, count(*) as deals, sum(o.stage = 'Closed Won') as wonDeals,
        coalesce(sum(case when o.stage = 'Closed Won' then o.amount end), 0) as wonRevenue
      from (select distinct campaign_id, deal_id from (${campaignDeals(ids)}) pairs) d
      join opportunities o on o.id = d.deal_id and o.deleted_at is null
      group by d.campaign_id`),
  ]);
  for (const id of ids) out.set(id, { memberCount: 0, leadCount: 0, contactCount: 0, dealCount: 0, wonDealCount: 0, wonRevenue: '0.00' });
  for (const r of rowsOf<{ id: number; members: unknown; leads: unknown; contacts: unknown }>(memberRows)) {
    Object.assign(out.get(Number(r.id))!, { memberCount: Number(r.members), leadCount: Number(r.leads ?? 0), contactCount: Number(r.contacts ?? 0) });
  }
  for (const r of rowsOf<{ id: number; deals: unknown; wonDeals: unknown; wonRevenue: unknown }>(dealRows)) {
    Object.assign(out.get(Number(r.id))!, { dealCount: Number(r.deals), wonDealCount: Number(r.wonDeals ?? 0), wonRevenue: centsToMoney(moneyToCents(String(r.wonRevenue))) });
  }
  return out;
}

const campaignColumns = {
  id: campaigns.id,
  name: campaigns.name,
  type: campaigns.type,
  channel: campaigns.channel,
  startDate: campaigns.startDate,
  endDate: campaigns.endDate,
  cost: campaigns.cost,
  ownerId: campaigns.ownerId,
  ownerName: users.name,
  version: campaigns.version,
  createdAt: campaigns.createdAt,
  updatedAt: campaigns.updatedAt,
};

const withNumbers = (actor: Actor, c: { id: number; cost: string; ownerId: string }, n: Numbers) => ({
  ...n,
  roi: campaignReturn(moneyToCents(n.wonRevenue), moneyToCents(c.cost)),
  canEdit: canEdit(actor, c.ownerId),
});

/** Every campaign, newest start first (an organisation runs tens of them, not thousands: no paging). */
export async function listCampaigns(db: DbOrTx, actor: Actor) {
  const rows = await db
    .select(campaignColumns)
    .from(campaigns)
    .leftJoin(users, eq(users.id, campaigns.ownerId))
    .orderBy(sql`${campaigns.startDate} is null`, desc(campaigns.startDate), desc(campaigns.id))
    .limit(500);
  const numbers = await numbersOf(db, rows.map((r) => r.id));
  return rows.map((r) => ({ ...r, ...withNumbers(actor, r, numbers.get(r.id)!) }));
}

/** Members shown on a campaign's page: the latest this many (the count above the table is the whole). */
export const MEMBER_PAGE = 200;

export async function getCampaign(db: DbOrTx, actor: Actor, { id }: { id: number }) {
  const [row] = await db.select(campaignColumns).from(campaigns).leftJoin(users, eq(users.id, campaigns.ownerId)).where(eq(campaigns.id, id));
  if (!row) throw notFound('Campaign');
  const numbers = (await numbersOf(db, [id])).get(id)!;
  const memberResult = await db.execute(sql`
    select m.member_type as type, m.member_id as id, m.added_via as addedVia, m.added_at as addedAt,
      coalesce(l.first_name, c.first_name) as firstName, coalesce(l.last_name, c.last_name) as lastName,
      coalesce(l.email, c.email) as email, coalesce(l.company, a.account_name) as company, l.status as leadStatus,
      l.converted_opportunity_id as convertedOpportunityId
    from ${campaignMembers} m
    left join ${leads} l on m.member_type = 'lead' and l.id = m.member_id
    left join ${contacts} c on m.member_type = 'contact' and c.id = m.member_id
    left join ${accounts} a on a.id = c.account_id
    where m.campaign_id = ${id} and (l.id is not null or c.id is not null)
    order by m.added_at desc, m.id desc
    limit ${MEMBER_PAGE}`);
  const pairs = rowsOf<{ dealId: number; memberType: string; memberId: number }>(
    await db.execute(sql`select deal_id as dealId, member_type as memberType, member_id as memberId from (${campaignDeals([id])}) pairs`),
  );
  const dealIds = [...new Set(pairs.map((p) => Number(p.dealId)))];
  const deals = dealIds.length
    ? await db
        .select({
          id: opportunities.id,
          opportunityName: opportunities.opportunityName,
          accountName: accounts.accountName,
          stage: opportunities.stage,
          amount: opportunities.amount,
          closeDate: opportunities.closeDate,
          ownerName: users.name,
        })
        .from(opportunities)
        .leftJoin(accounts, eq(accounts.id, opportunities.accountId))
        .leftJoin(users, eq(users.id, opportunities.ownerId))
        .where(and(inArray(opportunities.id, dealIds), sql`${opportunities.deletedAt} is null`))
        .orderBy(desc(opportunities.closeDate), desc(opportunities.id))
    : [];
  const viaCount = new Map<number, { leads: number; contacts: number }>();
  for (const p of pairs) {
    const v = viaCount.get(Number(p.dealId)) ?? { leads: 0, contacts: 0 };
    if (p.memberType === 'lead') v.leads += 1;
    else v.contacts += 1;
    viaCount.set(Number(p.dealId), v);
  }
  return {
    ...row,
    ...withNumbers(actor, row, numbers),
    members: rowsOf<Record<string, unknown>>(memberResult).map((m) => ({
      type: m.type as 'lead' | 'contact',
      id: Number(m.id),
      addedVia: m.addedVia as CampaignMemberSource,
      addedAt: m.addedAt instanceof Date ? m.addedAt : new Date(`${String(m.addedAt).replace(' ', 'T')}Z`),
      firstName: String(m.firstName ?? ''),
      lastName: String(m.lastName ?? ''),
      email: (m.email as string | null) ?? null,
      company: (m.company as string | null) ?? null,
      leadStatus: (m.leadStatus as string | null) ?? null,
      convertedOpportunityId: m.convertedOpportunityId === null ? null : Number(m.convertedOpportunityId),
    })),
    deals: deals.map((d) => ({ ...d, via: viaCount.get(d.id) ?? { leads: 0, contacts: 0 } })),
  };
}

/** The campaigns a lead or contact joined, latest first, with how and when. */
export async function campaignsOfRecord(db: DbOrTx, _actor: Actor, input: { type: 'lead' | 'contact'; id: number }) {
  return db
    .select({ id: campaigns.id, name: campaigns.name, type: campaigns.type, addedVia: campaignMembers.addedVia, addedAt: campaignMembers.addedAt })
    .from(campaignMembers)
    .innerJoin(campaigns, eq(campaigns.id, campaignMembers.campaignId))
    .where(and(eq(campaignMembers.memberType, input.type), eq(campaignMembers.memberId, input.id)))
    .orderBy(desc(campaignMembers.addedAt), desc(campaigns.id))
    .limit(100);
}
