// The demo's customer-success side: rollout projects for won deals with milestones, and support cases
// with SLA due times (some of them breached).
import type { cases, milestones, projects } from '../../../drizzle/schema';
import type { CasePriority, CaseStatus, HealthStatus, MilestoneStatus, ProjectStatus } from '../../../shared/enums';
import { formatCaseNumber } from '../../domain/caseNumbers';
import { defaultSlaDueAt, slaHoursByPriority } from '../../../shared/caseSla';
import { addDays, type DemoContext, dayOf, earlierOf, HOUR, laterOf, MINUTE, workTimeBetween, workTimeOn } from './context';
import type { SalesData } from './sales';

export type ProjectRow = typeof projects.$inferInsert & { id: number; accountId: number; ownerId: string; createdAt: Date; projectName: string };
export type MilestoneRow = typeof milestones.$inferInsert;
export type CaseRow = typeof cases.$inferInsert & { id: number; accountId: number; ownerId: string; createdAt: Date; caseNumber: string; status: CaseStatus; closedAt: Date | null };

export interface SuccessData {
  projects: ProjectRow[];
  milestones: MilestoneRow[];
  cases: CaseRow[];
}

/** Oldest won deal first: the oldest rollouts are done, the newest have not started. */
const projectPlan: [ProjectStatus, HealthStatus][] = [
  ['Completed', 'Healthy'],
  ['Completed', 'Healthy'],
  ['In Progress', 'Healthy'],
  ['In Progress', 'At Risk'],
  ['In Progress', 'Healthy'],
  ['On Hold', 'At Risk'],
  ['In Progress', 'Critical'],
  ['In Progress', 'Healthy'],
  ['In Progress', 'At Risk'],
  ['In Progress', 'Healthy'],
  ['Not Started', 'Healthy'],
  ['Not Started', 'Healthy'],
];

const milestoneTitles = ['Hardware delivered', 'Installation & configuration', 'Admin training', 'User training', 'Data migration'];

const activeShare: Record<HealthStatus, [number, number]> = { Healthy: [70, 100], 'At Risk': [40, 70], Critical: [10, 40] };

export function buildSuccess(ctx: DemoContext, sales: SalesData): SuccessData {
  const out: SuccessData = { projects: [], milestones: [], cases: [] };
  const accountName = new Map(sales.accounts.map((a) => [a.id, a.accountName]));
  // One rollout per customer: the latest won deal of as many accounts as there are projects.
  const latestWon = new Map<number, SalesData['opportunities'][number]>();
  for (const o of sales.opportunities) {
    const seen = latestWon.get(o.accountId);
    if (o.stage === 'Closed Won' && (!seen || seen.closedAt!.getTime() < o.closedAt!.getTime())) latestWon.set(o.accountId, o);
  }
  const won = ctx.rng.sample([...latestWon.values()], projectPlan.length).sort((a, b) => a.closedAt!.getTime() - b.closedAt!.getTime());
  won.forEach((deal, i) => {
    const [status, healthStatus] = projectPlan[i]!;
    const project = buildProject(ctx, { deal, status, healthStatus, name: accountName.get(deal.accountId)!, csmIndex: i });
    out.projects.push(project);
    out.milestones.push(...buildMilestones(ctx, project, status, healthStatus));
  });
  out.cases = buildCases(ctx, sales);
  return out;
}

function buildProject(
  ctx: DemoContext,
  p: { deal: SalesData['opportunities'][number]; status: ProjectStatus; healthStatus: HealthStatus; name: string; csmIndex: number },
): ProjectRow {
  const { rng, now } = ctx;
  const closedAt = p.deal.closedAt!;
  let start = addDays(closedAt, rng.int(3, 10));
  let end = addDays(start, rng.int(60, 150));
  if (p.status === 'Not Started') {
    start = laterOf(start, addDays(now, rng.int(3, 20)));
    end = addDays(start, rng.int(60, 120));
  } else if (p.status === 'Completed') {
    start = addDays(closedAt, 3);
    end = laterOf(earlierOf(addDays(start, rng.int(45, 70)), addDays(now, -5)), addDays(start, 14));
  } else {
    start = earlierOf(start, addDays(now, -2));
    end = laterOf(end, addDays(now, 20));
  }
  const expectedUsers = rng.int(5, 80) * 5;
  const [min, max] = p.status === 'Completed' ? [85, 100] : activeShare[p.healthStatus];
  const activeUsers = p.status === 'Not Started' ? 0 : Math.round((expectedUsers * rng.int(min, max)) / 100);
  const createdAt = laterOf(addDays(closedAt, 1), closedAt);
  return {
    id: ctx.nextId('projects'),
    projectName: `${p.name} – ${rng.pick(['Rollout', 'Onboarding', 'Deployment', 'Implementation'])}`,
    accountId: p.deal.accountId,
    opportunityId: p.deal.id,
    status: p.status,
    healthStatus: p.healthStatus,
    expectedUsers,
    activeUsers,
    startDate: dayOf(start),
    targetEndDate: dayOf(end),
    ownerId: ctx.team.csms[p.csmIndex % ctx.team.csms.length]!.id,
    createdAt: earlierOf(createdAt, now),
    updatedAt: earlierOf(createdAt, now),
  };
}

function buildMilestones(ctx: DemoContext, project: ProjectRow, status: ProjectStatus, health: HealthStatus): MilestoneRow[] {
  const { rng, now } = ctx;
  const middle = rng.sample(milestoneTitles, rng.int(1, 3)).sort((a, b) => milestoneTitles.indexOf(a) - milestoneTitles.indexOf(b));
  const titles = ['Kickoff', ...middle, 'Go-live'];
  const start = new Date(`${project.startDate}T12:00:00Z`).getTime();
  const end = new Date(`${project.targetEndDate}T12:00:00Z`).getTime();
  const due = titles.map((_, i) => new Date(start + ((end - start) * i) / (titles.length - 1)));
  const pastDue = due.filter((d) => d.getTime() < now.getTime()).length;
  let inProgressGiven = false;
  return titles.map((title, i) => {
    let state: MilestoneStatus = 'Not Started';
    if (status === 'Completed') state = 'Completed';
    else if (status === 'Not Started' || status === 'Cancelled') state = 'Not Started';
    else if (i < pastDue) {
      // Overdue work shows where a project is in trouble.
      const fromEnd = pastDue - i;
      if (status === 'On Hold' && fromEnd === 1) state = 'Blocked';
      else if (health === 'Critical' && fromEnd === 1) state = 'Blocked';
      else if (health === 'Critical' && fromEnd === 2) state = 'In Progress';
      else if (health === 'At Risk' && fromEnd === 1) state = 'In Progress';
      else state = 'Completed';
    } else if (!inProgressGiven && status === 'In Progress') {
      state = 'In Progress';
    }
    if (state === 'In Progress') inProgressGiven = true;
    const dueDate = due[i]!;
    const completedAt =
      state === 'Completed'
        ? earlierOf(laterOf(workTimeOn(ctx, addDays(dueDate, -rng.int(0, 3))), project.createdAt), new Date(now.getTime() - HOUR))
        : null;
    const createdAt = project.createdAt;
    return {
      id: ctx.nextId('milestones'),
      projectId: project.id,
      title,
      dueDate: dayOf(dueDate),
      status: state,
      completedAt,
      createdAt,
      updatedAt: completedAt ?? createdAt,
    };
  });
}

const caseSubjects = [
  'GTX Pro units fail to boot after firmware update',
  'Request for 20 additional MG Special units',
  'Damaged units in the last delivery',
  'Invoice does not match the purchase order',
  'Remote management console is slow',
  'Warranty claim for GTK 500 power supply',
  'Users cannot connect to the new docking stations',
  'Training session needs to be rescheduled',
  'Question about the extended warranty terms',
  'Fan noise on GTX Plus Pro units',
];

const caseStatusPlan: CaseStatus[] = [
  ...Array<CaseStatus>(5).fill('New'),
  ...Array<CaseStatus>(7).fill('Working'),
  ...Array<CaseStatus>(4).fill('Waiting on Customer'),
  ...Array<CaseStatus>(3).fill('Escalated'),
  ...Array<CaseStatus>(6).fill('Closed'),
];

const priorityWeights: [CasePriority, number][] = [
  ['Low', 5],
  ['Medium', 10],
  ['High', 7],
  ['Urgent', 3],
];

function buildCases(ctx: DemoContext, sales: SalesData): CaseRow[] {
  const { rng, now } = ctx;
  // Customers: the accounts with a won deal.
  const customerIds = [...new Set(sales.opportunities.filter((o) => o.stage === 'Closed Won').map((o) => o.accountId))];
  return rng.shuffle(caseStatusPlan).map((status, i) => {
    const accountId = rng.pick(customerIds);
    const contact = rng.pick(sales.contacts.filter((c) => c.accountId === accountId));
    const priority = rng.weighted(priorityWeights);
    const slaMs = slaHoursByPriority[priority] * HOUR;
    // Open cases were opened recently; about 4 in 10 of them are past their SLA.
    const openedAt =
      status === 'Closed'
        ? workTimeBetween(ctx, addDays(now, -60), addDays(now, -5))
        : new Date(now.getTime() - Math.max(20 * MINUTE, rng.next() * slaMs * 1.7));
    const closedAt = status === 'Closed' ? new Date(openedAt.getTime() + Math.max(HOUR, rng.next() * slaMs * 1.3)) : null;
    const id = ctx.nextId('cases');
    return {
      id,
      caseNumber: formatCaseNumber(id),
      accountId,
      contactId: contact.id,
      subject: caseSubjects[i % caseSubjects.length]!,
      description: 'Reported by the customer by email. See the activity timeline for the conversation.',
      status,
      priority,
      slaDueAt: defaultSlaDueAt(priority, openedAt),
      closedAt,
      ownerId: ctx.team.csms[i % ctx.team.csms.length]!.id,
      createdAt: openedAt,
      updatedAt: closedAt ?? openedAt,
    };
  });
}
