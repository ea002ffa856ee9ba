// attribution.summary: the won deals of a period and every touch behind them, collected in two set-based
// queries (no query per deal), then credited by the pure models in server/domain/attribution.ts.
import { sql } from 'drizzle-orm';
import { addDays, periodContaining, shiftPeriod, type Period } from '../../shared/periods';
import { centsToMoney, moneyToCents } from '../../shared/money';
import type { AttributionSummaryInput, TouchKind } from '../../shared/schemas/attribution';
import type { DbOrTx } from '../db';
import { attribute, type Touch, type TouchVia, type WonDeal } from '../domain/attribution';
import type { Actor } from '../lib/actor';
import { getOrganisationSettings } from '../services/settings';

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as T[];
}
const asDate = (v: unknown): Date => (v instanceof Date ? v : new Date(`${String(v).replace(' ', 'T')}Z`));

interface DealRow {
  id: number;
  name: string;
  accountName: string | null;
  ownerName: string | null;
  amount: string | null;
  closedAt: unknown;
}
interface TouchRow {
  dealId: number;
  kind: TouchKind;
  touchKey: string;
  label: string;
  at: unknown;
  via: TouchVia;
}

/** Deals won in [from, to) (UTC), the CTE both queries start from. */
const wonDeals = (from: Date, to: Date) => sql`
  won as (
    select id, closed_at from opportunities
    where stage = 'Closed Won' and deleted_at is null and closed_at >= ${from} and closed_at < ${to}
  )`;

/**
 * Every touch of the won deals: the originating lead's source (as of the lead's creation), the campaigns the
 * lead and the deal's contacts (contact roles, economic buyer, champion, the lead's converted contact) were
 * members of (as of joining), and the playbooks that enrolled the deal or its lead (as of enrolment).
 */
async function touchesOf(db: DbOrTx, from: Date, to: Date): Promise<TouchRow[]> {
  const result = await db.execute(sql`
    with ${wonDeals(from, to)},
    origin as (
      select l.id as lead_id, l.converted_opportunity_id as deal_id, l.lead_source, l.created_at, l.converted_contact_id
      from leads l join won on won.id = l.converted_opportunity_id
    ),
    deal_contacts as (
      select oc.opportunity_id as deal_id, oc.contact_id from opportunity_contacts oc join won on won.id = oc.opportunity_id
      union select o.id, o.economic_buyer_contact_id from opportunities o join won on won.id = o.id where o.economic_buyer_contact_id is not null
      union select o.id, o.champion_contact_id from opportunities o join won on won.id = o.id where o.champion_contact_id is not null
      union select deal_id, converted_contact_id from origin where converted_contact_id is not null
    )
    select deal_id as dealId, 'source' as kind, lead_source as touchKey, lead_source as label, created_at as at, 'lead' as via
      from origin where lead_source is not null and lead_source <> ''
    union all
    select origin.deal_id, 'campaign', cast(c.id as char), c.name, m.added_at, 'lead'
      from origin
      join campaign_members m on m.member_type = 'lead' and m.member_id = origin.lead_id
      join campaigns c on c.id = m.campaign_id
    union all
    select dc.deal_id, 'campaign', cast(c.id as char), c.name, m.added_at, 'contact'
      from deal_contacts dc
      join campaign_members m on m.member_type = 'contact' and m.member_id = dc.contact_id
      join campaigns c on c.id = m.campaign_id
    union all
    select won.id, 'playbook', cast(p.id as char), p.name, e.enrolled_at, 'deal'
      from won
      join playbook_enrolments e on e.record_type = 'opportunity' and e.record_id = won.id
      join playbooks p on p.id = e.playbook_id
    union all
    select origin.deal_id, 'playbook', cast(p.id as char), p.name, e.enrolled_at, 'lead'
      from origin
      join playbook_enrolments e on e.record_type = 'lead' and e.record_id = origin.lead_id
      join playbooks p on p.id = e.playbook_id`);
  return rowsOf<TouchRow>(result);
}

async function dealsOf(db: DbOrTx, from: Date, to: Date): Promise<DealRow[]> {
  const result = await db.execute(sql`
    with ${wonDeals(from, to)}
    select o.id, o.opportunity_name as name, a.account_name as accountName, u.name as ownerName, o.amount, o.closed_at as closedAt
    from won join opportunities o on o.id = won.id
    left join accounts a on a.id = o.account_id
    left join users u on u.id = o.owner_id
    order by o.closed_at, o.id`);
  return rowsOf<DealRow>(result);
}

/** The months or quarters from `from` to `to`, every one listed (empty ones too, so a chart has no gaps). */
function periodsBetween(from: string, to: string, bucket: Period['kind'], fiscalYearStartMonth: number): Period[] {
  const out: Period[] = [];
  for (let p = periodContaining(from, bucket, fiscalYearStartMonth); p.start <= to && out.length < 60; p = shiftPeriod(p, 1, fiscalYearStartMonth)) out.push(p);
  return out;
}

const money = (cents: bigint) => centsToMoney(cents);

export async function attributionSummary(db: DbOrTx, actor: Actor, input: AttributionSummaryInput) {
  const { fiscalYearStartMonth } = await getOrganisationSettings(db, actor);
  const { from, to, bucket } = input.period;
  // Days are UTC days: a deal won at 23:30 in New York on the last day counts in the next period.
  const start = new Date(`${from}T00:00:00.000Z`);
  const end = new Date(`${addDays(to, 1)}T00:00:00.000Z`);
  const [dealRows, touchRows] = await Promise.all([dealsOf(db, start, end), touchesOf(db, start, end)]);
  const touchesByDeal = new Map<number, Touch[]>();
  for (const t of touchRows) {
    const list = touchesByDeal.get(Number(t.dealId)) ?? [];
    list.push({ kind: t.kind, key: String(t.touchKey), label: String(t.label), at: asDate(t.at), via: t.via });
    touchesByDeal.set(Number(t.dealId), list);
  }
  const deals: WonDeal[] = dealRows.map((d) => ({
    id: Number(d.id),
    amountCents: d.amount ? moneyToCents(String(d.amount)) : 0n,
    closedAt: asDate(d.closedAt),
    touches: touchesByDeal.get(Number(d.id)) ?? [],
  }));
  const periods = periodsBetween(from, to, bucket, fiscalYearStartMonth);
  const periodOf = (closedAt: Date) => periodContaining(closedAt.toISOString().slice(0, 10), bucket, fiscalYearStartMonth).label;
  const result = attribute(deals, input.model, input.windowDays, periodOf);
  const byLabel = new Map(result.periods.map((p) => [p.period, p]));
  const dealInfo = new Map(dealRows.map((d) => [Number(d.id), d]));
  const rowsOfKind = (kind: TouchKind) =>
    result.totals.filter((t) => t.kind === kind).map((t) => ({ key: t.key, label: t.label, amount: money(t.cents), deals: t.deals }));
  const unattributed = result.totals.find((t) => t.kind === 'unattributed');
  return {
    model: input.model,
    windowDays: input.windowDays,
    period: { from, to, bucket },
    wonRevenue: money(result.totalCents),
    dealCount: deals.length,
    bySource: rowsOfKind('source'),
    byCampaign: rowsOfKind('campaign'),
    byPlaybook: rowsOfKind('playbook'),
    unattributed: { amount: money(unattributed?.cents ?? 0n), deals: unattributed?.deals ?? 0 },
    periods: periods.map((p) => {
      const got = byLabel.get(p.label);
      return {
        label: p.label,
        start: p.start,
        end: p.end,
        wonRevenue: money(got?.totalCents ?? 0n),
        source: money(got?.byKind.source ?? 0n),
        campaign: money(got?.byKind.campaign ?? 0n),
        playbook: money(got?.byKind.playbook ?? 0n),
        unattributed: money(got?.byKind.unattributed ?? 0n),
      };
    }),
    deals: result.deals.map((d) => {
      const info = dealInfo.get(d.id)!;
      return {
        id: d.id,
        name: info.name,
        accountName: info.accountName,
        ownerName: info.ownerName,
        amount: info.amount ? money(moneyToCents(String(info.amount))) : '0.00',
        closedAt: asDate(info.closedAt),
        credits: d.credits.map((c) => ({ kind: c.kind, key: c.key, label: c.label, amount: money(c.cents) })),
        touches: d.touches.map((t) => ({ kind: t.kind, key: t.key, label: t.label, at: t.at, via: t.via ?? 'deal' })),
      };
    }),
  };
}
