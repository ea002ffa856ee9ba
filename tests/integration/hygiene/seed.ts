// A small pipeline whose hygiene results are known by hand: each record is built to trigger exactly the
// rules listed in `expected` (and the clean deal none).
import { eq } from 'drizzle-orm';
import { activities, users } from '../../../drizzle/schema';
import type { Db } from '../../../server/db';
import { makeAccount } from '../../helpers/factories/accounts';
import { makeActivity } from '../../helpers/factories/activities';
import { makeCase } from '../../helpers/factories/cases';
import { makeContact } from '../../helpers/factories/contacts';
import { makeOpportunity } from '../../helpers/factories/opportunities';
import { makeProduct } from '../../helpers/factories/products';
import { makeMilestone, makeProject } from '../../helpers/factories/projects';
import { makeUser } from '../../helpers/factories/users';

const DAY = 86_400_000;
const iso = (d: Date) => d.toISOString().slice(0, 10);

export async function seedPipeline(db: Db, now: Date) {
  const ago = (days: number) => new Date(now.getTime() - days * DAY);
  const ahead = (days: number) => iso(new Date(now.getTime() + days * DAY));
  const rep = await makeUser(db, { role: 'rep' });
  const gone = await makeUser(db, { role: 'rep' });
  await db.update(users).set({ active: false }).where(eq(users.id, gone.id));
  const manager = await makeUser(db, { role: 'manager' });
  await makeProduct(db);

  const a1 = await makeAccount(db, { ownerId: rep.id, industry: 'Software', domain: 'dup.example', createdAt: ago(300), lastActivityAt: ago(1) });
  const a2 = await makeAccount(db, { ownerId: rep.id, industry: null, domain: 'dup.example', createdAt: ago(300) });
  const a3 = await makeAccount(db, { ownerId: rep.id, industry: 'Retail', domain: 'customer.example', createdAt: ago(300), lastActivityAt: ago(90) });
  const c1 = await makeContact(db, { ownerId: rep.id, accountId: a1.id, lastActivityAt: ago(1) });
  const c2 = await makeContact(db, { ownerId: rep.id, accountId: a1.id, email: null, phone: null });

  // Clean: Discovery, economic buyer linked, next step planned, met yesterday, closing in 40 days.
  const clean = await makeOpportunity(db, {
    ownerId: rep.id, accountId: a1.id, stage: 'Discovery', amount: '10000.00', closeDate: ahead(40),
    nextStep: 'Demo', nextStepDate: ahead(3), economicBuyerContactId: c1.id,
    createdAt: ago(5), stageEnteredAt: ago(5), lastActivityAt: ago(1),
  });
  await makeActivity(db, { ownerId: rep.id, type: 'meeting', relatedToType: 'opportunity', relatedToId: clean.id, accountId: a1.id, occurredAt: ago(1) });
  // Late and bare: Negotiation, past close date, nobody linked, no MEDDIC.
  const late = await makeOpportunity(db, {
    ownerId: rep.id, accountId: a1.id, stage: 'Negotiation', amount: '8000.00', closeDate: iso(ago(1)), createdAt: ago(3), stageEnteredAt: ago(3), lastActivityAt: ago(2),
  });
  const orphan = await makeOpportunity(db, { ownerId: gone.id, accountId: a2.id, stage: 'Prospecting', amount: '5000.00', closeDate: ahead(40), createdAt: ago(2), stageEnteredAt: ago(2) });
  const won = await makeOpportunity(db, { ownerId: rep.id, accountId: a3.id, stage: 'Closed Won', amount: '9000.00', closeDate: iso(ago(100)), createdAt: ago(200), closedAt: ago(100) });
  await makeOpportunity(db, { ownerId: rep.id, accountId: a1.id, stage: 'Negotiation', closeDate: iso(ago(10)), deletedAt: ago(1) });

  const project = await makeProject(db, { ownerId: manager.id, accountId: a3.id, status: 'In Progress', expectedUsers: 10, activeUsers: 2, startDate: iso(ago(60)) });
  await makeMilestone(db, { projectId: project.id, dueDate: iso(ago(3)), status: 'In Progress' });
  await makeMilestone(db, { projectId: project.id, dueDate: iso(ago(3)), status: 'Completed' });
  const breached = await makeCase(db, { ownerId: manager.id, accountId: a3.id, createdAt: ago(2), slaDueAt: ago(1) });
  // On track for days: the factory's default SLA would turn at risk within a day of the test's clock.
  await makeCase(db, { ownerId: manager.id, accountId: a3.id, createdAt: ago(1), slaDueAt: new Date(now.getTime() + 10 * DAY) });

  const expected = [
    ['duplicate_account_domain', 'account', a1.id],
    ['duplicate_account_domain', 'account', a2.id],
    ['account_missing_industry', 'account', a2.id],
    ['account_no_activity_60d', 'account', a3.id],
    ['contact_missing_email', 'contact', c2.id],
    ...[
      'close_date_past', 'missing_contact', 'no_next_step', 'commit_without_economic_buyer', 'no_economic_buyer_late', 'no_champion',
      'no_paper_process', 'no_decision_process', 'no_decision_criteria', 'no_identified_pain', 'single_threaded',
    ].map((r) => [r, 'opportunity', late.id]),
    ['missing_owner', 'opportunity', orphan.id],
    ['missing_contact', 'opportunity', orphan.id],
    ['closed_won_missing_line_items', 'opportunity', won.id],
    ['project_overdue_milestone', 'project', project.id],
    ['project_adoption_low', 'project', project.id],
    ['case_sla_breached', 'case', breached.id],
  ].map(([ruleId, recordType, recordId]) => `${ruleId}|${recordType}|${recordId}`);

  return { rep, gone, manager, accounts: { a1, a2, a3 }, contacts: { c1, c2 }, deals: { clean, late, orphan, won }, project, breached, expected: expected.sort() };
}

export { activities };
