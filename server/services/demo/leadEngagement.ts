// Recent back-and-forth with the demo's qualified and working leads, so lead scoring shows sales-qualified
// (75+) and marketing-qualified (50+) leads on first start: an email out, the lead's reply and meetings in
// the last days for qualified leads, an older exchange for working ones. Its own seeded generator, so the
// rest of the demo is unchanged; ids follow the other activities'.
import { createRandom } from '../../domain/random';
import type { ActivityRow } from './activities';
import { type DemoContext, DAY, HOUR } from './context';
import type { LeadRow } from './leads';

export function buildLeadEngagement(ctx: DemoContext, leads: LeadRow[], seed: number): ActivityRow[] {
  const rng = createRandom(seed);
  const rows: ActivityRow[] = [];
  const add = (lead: LeadRow, type: 'email' | 'meeting', direction: 'inbound' | 'outbound' | null, daysAgo: number, subject: string) => {
    const occurredAt = new Date(ctx.now.getTime() - daysAgo * DAY - rng.int(1, 8) * HOUR);
    if (occurredAt.getTime() < lead.createdAt.getTime()) return;
    rows.push({
      id: ctx.nextId('activities'),
      type,
      subject,
      body: null,
      occurredAt,
      dueAt: null,
      completedAt: null,
      direction,
      relatedToType: 'lead',
      relatedToId: lead.id,
      accountId: null,
      ownerId: lead.ownerId,
      createdAt: occurredAt,
      updatedAt: occurredAt,
    });
  };
  for (const lead of leads.filter((l) => l.status === 'Qualified')) {
    add(lead, 'email', 'outbound', 8, `Agenda for our call, ${lead.firstName}`);
    add(lead, 'email', 'inbound', 7, `Re: Agenda for our call`);
    add(lead, 'meeting', null, 5, `Discovery call with ${lead.company}`);
    add(lead, 'meeting', null, 2, `Demo for ${lead.company}'s team`);
  }
  for (const lead of leads.filter((l) => l.status === 'Working')) {
    add(lead, 'email', 'outbound', 16, `Following up on your enquiry`);
    add(lead, 'meeting', null, 12, `Intro call with ${lead.firstName}`);
  }
  return rows;
}
