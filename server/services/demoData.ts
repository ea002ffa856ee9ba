// The demo organisation loaded into an empty database on first start (server/bootstrap.ts): a team with
// every role and a few months of sales and customer-success records, the same every time (seeded), dated
// relative to now. One transaction: a failed load leaves the database empty, and the next start tries again.
import { eq, max } from 'drizzle-orm';
import type { AnyMySqlColumn, MySqlTable } from 'drizzle-orm/mysql-core';
import {
  accounts,
  activities,
  cases,
  contacts,
  forecastSnapshotOpportunities,
  forecastSnapshots,
  leads,
  lineItems,
  milestones,
  notifications,
  opportunities,
  organisationSettings,
  opportunityStageHistory,
  products,
  projects,
  quotas,
  winLossAnalysis,
  savedViews,
  users as usersTable,
} from '../../drizzle/schema';
import type { Role } from '../../shared/enums';
import type { Db, DbOrTx } from '../db';
import { loadDemoImport } from '../imports/demo';
import { buildDemoOrganisation, type DemoTeam, type DemoUser } from './demo';
import type { DemoTable } from './demo/context';
import { seedDemoDeadJob } from '../delivery/demo';
import { deliverDemoDigests } from '../delivery/digests';
import { seedDemoReview } from '../delivery/pipelineReviews';
import { insertUserWithPassword } from './users';
import { seedDemoHygiene } from '../hygiene/demo';
import { seedDemoConversation, seedDemoDealReviews, seedDemoPrompts } from '../assistant/demo';
import { seedDemoReports } from '../reports/demo';
import { seedDemoCapture } from '../capture/demo';
import { seedDemoAutomation, seedDemoPlaybooks, seedDemoSegmentPlaybook } from '../automation/demo';
import { seedDemoCampaigns } from '../automation/campaignDemo';
import type { SecretBox } from '../lib/crypto';
import { rescoreAllLeads } from '../insight/leadScores';
import { refreshStageFlows } from '../insight/stageFlowAggregate';

/** The organisation's lead scoring targets in the demo (Settings → Organisation). */
const demoScoringTargets: [string, string[]][] = [
  ['targetIndustries', ['Software', 'Technology', 'Financial Services']],
  ['targetRegions', ['North America', 'EMEA']],
];

/** Shown on the console at first start; a demo organisation is for trying the product, not for real data. */
export const DEMO_PASSWORD = 'demo1234';

export interface DemoLogin {
  email: string;
  password: string;
  role: string;
}

/** Two teams: Dana's reps in the Americas, Sam's in Europe (`manager` is the manager's email). */
const demoPeople: { name: string; email: string; role: Role; timeZone: string; manager?: string }[] = [
  { name: 'Jordan Blake', email: 'admin@example.com', role: 'admin', timeZone: 'America/New_York' },
  { name: 'Dana Whitfield', email: 'dana.whitfield@example.com', role: 'manager', timeZone: 'America/New_York' },
  { name: 'Sam Ortiz', email: 'sam.ortiz@example.com', role: 'manager', timeZone: 'Europe/London' },
  { name: 'Priya Natarajan', email: 'priya.natarajan@example.com', role: 'rep', manager: 'dana.whitfield@example.com', timeZone: 'America/New_York' },
  { name: 'Marcus Chen', email: 'marcus.chen@example.com', role: 'rep', manager: 'dana.whitfield@example.com', timeZone: 'America/Los_Angeles' },
  { name: 'Elena Rossi', email: 'elena.rossi@example.com', role: 'rep', manager: 'sam.ortiz@example.com', timeZone: 'Europe/Berlin' },
  { name: 'Tom Becker', email: 'tom.becker@example.com', role: 'rep', manager: 'sam.ortiz@example.com', timeZone: 'Europe/London' },
  { name: 'Grace Okafor', email: 'grace.okafor@example.com', role: 'csm', timeZone: 'America/Chicago' },
  { name: 'Liam Murphy', email: 'liam.murphy@example.com', role: 'csm', timeZone: 'Europe/Dublin' },
];

/** Tables whose ids the demo picks itself. */
const idTables: [DemoTable, MySqlTable, AnyMySqlColumn][] = [
  ['accounts', accounts, accounts.id],
  ['contacts', contacts, contacts.id],
  ['products', products, products.id],
  ['opportunities', opportunities, opportunities.id],
  ['opportunityStageHistory', opportunityStageHistory, opportunityStageHistory.id],
  ['lineItems', lineItems, lineItems.id],
  ['leads', leads, leads.id],
  ['projects', projects, projects.id],
  ['milestones', milestones, milestones.id],
  ['cases', cases, cases.id],
  ['activities', activities, activities.id],
  ['forecastSnapshots', forecastSnapshots, forecastSnapshots.id],
];

/** A shared team view from a manager and a rep's own, so the views row has something to show. */
function demoViews(team: DemoTeam): (typeof savedViews.$inferInsert)[] {
  const manager = team.managers[0]!;
  const rep = team.reps[0]!;
  return [
    { ownerId: manager.id, list: 'opportunities', name: 'Big deals in negotiation', params: { stage: 'Negotiation', sort: 'amount', dir: 'desc' }, shared: true },
    { ownerId: rep.id, list: 'opportunities', name: 'My proposals', params: { owner: rep.id, stage: 'Proposal' }, shared: false },
  ];
}

/** `secrets`: the app's secret box, for what the demo keeps sealed (a web-to-lead source's secret); without it that part is left out. */
export async function loadDemoData(db: Db, now: Date = new Date(), options: { secrets?: SecretBox } = {}): Promise<DemoLogin[]> {
  const loaded = await db.transaction(async (tx) => {
    const users: DemoUser[] = [];
    for (const person of demoPeople) {
      const id = await insertUserWithPassword(tx, { ...person, password: DEMO_PASSWORD });
      users.push({ id, name: person.name, email: person.email, role: person.role, timeZone: person.timeZone });
    }
    for (const person of demoPeople.filter((p) => p.manager)) {
      const managerId = users.find((u) => u.email === person.manager)!.id;
      await tx.update(usersTable).set({ managerId }).where(eq(usersTable.email, person.email));
    }
    const team: DemoTeam = {
      admin: users.find((u) => u.role === 'admin')!,
      managers: users.filter((u) => u.role === 'manager'),
      reps: users.filter((u) => u.role === 'rep'),
      csms: users.filter((u) => u.role === 'csm'),
    };
    const org = buildDemoOrganisation(team, now, await lastIds(tx));
    // Every row's references are inserted before it.
    await insertChunks(tx, accounts, org.accounts);
    await insertChunks(tx, contacts, org.contacts);
    await insertChunks(tx, products, org.products);
    await insertChunks(tx, opportunities, org.opportunities);
    await insertChunks(tx, opportunityStageHistory, org.stageHistory);
    await insertChunks(tx, lineItems, org.lineItems);
    await insertChunks(tx, leads, org.leads);
    await insertChunks(tx, projects, org.projects);
    await insertChunks(tx, milestones, org.milestones);
    await insertChunks(tx, cases, org.cases);
    await insertChunks(tx, activities, org.activities);
    await insertChunks(tx, forecastSnapshots, org.forecastSnapshots);
    await insertChunks(tx, forecastSnapshotOpportunities, org.forecastSnapshotOpportunities);
    await insertChunks(tx, winLossAnalysis, org.winLoss);
    await insertChunks(tx, quotas, org.quotas);
    // Lead scoring's targets, then every demo lead scored from its activities as the nightly job would.
    await tx.insert(organisationSettings).values(demoScoringTargets.map(([key, value]) => ({ key, value, createdAt: now, updatedAt: now })));
    await rescoreAllLeads(tx, now);
    // The funnel's precomputed counts, as the nightly insight.stageFlows job keeps them.
    await refreshStageFlows(tx, now);
    await seedDemoHygiene(tx, now);
    if (options.secrets) await seedDemoAutomation(tx, { ownerId: team.reps[0]!.id, now, secrets: options.secrets });
    await seedDemoPlaybooks(tx, now);
    await seedDemoCampaigns(tx, { ownerId: team.reps[0]!.id, managerId: team.managers[0]!.id, now });
    await insertChunks(tx, notifications, org.notifications);
    await insertChunks(tx, savedViews, demoViews(team));
    await seedDemoSegmentPlaybook(tx, team.managers[0]!.id, now);
    // Delivered digests of the manager, a rep and a CSM, built from the demo's own records.
    const idOf = (email: string) => users.find((u) => u.email === email)!.id;
    await deliverDemoDigests(tx, ['dana.whitfield@example.com', 'priya.natarajan@example.com', 'grace.okafor@example.com'].map(idOf), now);
    await seedDemoCapture(tx, now);
    // A mailbox sync that died, and the admins' alert about it: the admin's inbox is not empty.
    await seedDemoDeadJob(tx, now);
    await seedDemoReview(tx, idOf('dana.whitfield@example.com'), now);
    await seedDemoDealReviews(tx, now);
    await seedDemoConversation(tx, users.find((u) => u.email === 'priya.natarajan@example.com')!, now);
    await seedDemoPrompts(tx, team.admin, now);
    const byEmail = (email: string) => users.find((u) => u.email === email)!;
    await seedDemoReports(tx, { manager: byEmail('dana.whitfield@example.com'), rep: byEmail('priya.natarajan@example.com'), admin: team.admin }, now);
    return { admin: team.admin, accountNames: org.accounts.slice(0, 6).map((a) => a.accountName) };
  });
  // A finished import to look at, run through the real import once the records it links to are committed.
  await loadDemoImport(db, loaded.admin, loaded.accountNames, now);
  return demoPeople.map((p) => ({ email: p.email, password: DEMO_PASSWORD, role: p.role }));
}

/** Multi-row inserts of a few hundred rows each. */
async function insertChunks<T extends MySqlTable>(tx: DbOrTx, table: T, rows: T['$inferInsert'][]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) await tx.insert(table).values(rows.slice(i, i + 500));
}

/** The highest id in each table: the demo's ids follow it, so its rows can reference each other up front. */
async function lastIds(tx: DbOrTx): Promise<Record<DemoTable, number>> {
  const out = {} as Record<DemoTable, number>;
  for (const [name, table, id] of idTables) {
    const [row] = await tx.select({ last: max(id) }).from(table);
    out[name] = Number(row?.last ?? 0);
  }
  return out;
}
