import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { milestones, projects } from '../../../drizzle/schema';
import { fixedClock } from '../../../server/lib/clock';
import type { SessionUser } from '../../../server/lib/actor';
import { auditTrail } from '../../helpers/audit';
import { callerFor } from '../../helpers/context';
import { clientError } from '../../helpers/errorShape';
import { makeAccount } from '../../helpers/factories/accounts';
import { makeOpportunity } from '../../helpers/factories/opportunities';
import { makeMilestone, makeProject } from '../../helpers/factories/projects';
import { makeUser } from '../../helpers/factories/users';
import { walkPages } from '../../helpers/paging';
import { useTestDatabase } from '../../helpers/testDatabase';

const t = useTestDatabase();
const clock = fixedClock(new Date('2026-11-23T10:00:00.000Z'));

let csm: SessionUser;
let otherCsm: SessionUser;
let manager: SessionUser;
let account: { id: number; accountName: string };
let otherAccount: { id: number };

beforeAll(async () => {
  csm = await makeUser(t.db, { role: 'csm', name: 'Cora Csm' });
  otherCsm = await makeUser(t.db, { role: 'csm' });
  manager = await makeUser(t.db, { role: 'manager' });
  account = await makeAccount(t.db, { ownerId: csm.id, accountName: 'Globex' });
  otherAccount = await makeAccount(t.db, { ownerId: csm.id });
});

const as = (user: SessionUser) => callerFor(t, user, clock);

const auditOf = (entityType: string, id: number) => auditTrail(t.db, entityType, id);

describe('projects.create', () => {
  it('creates a project linked to a deal of its account, with names for the screen, and audits it', async () => {
    const deal = await makeOpportunity(t.db, { ownerId: csm.id, accountId: account.id });
    const project = await as(csm).projects.create({
      projectName: 'Globex rollout',
      accountId: account.id,
      opportunityId: deal.id,
      expectedUsers: 200,
      startDate: '2026-12-01',
      targetEndDate: '2027-03-31',
    });
    expect(project).toMatchObject({
      projectName: 'Globex rollout',
      accountId: account.id,
      accountName: 'Globex',
      opportunityId: deal.id,
      opportunityName: deal.opportunityName,
      status: 'Not Started',
      healthStatus: 'Healthy',
      expectedUsers: 200,
      activeUsers: 0,
      startDate: '2026-12-01',
      targetEndDate: '2027-03-31',
      ownerId: csm.id,
      ownerName: 'Cora Csm',
      version: 1,
      milestones: [],
    });
    expect(project).not.toHaveProperty('deletedAt');
    expect(await auditOf('project', project.id)).toMatchObject([{ action: 'create', actorId: csm.id }]);
  });

  it("refuses a deal of another account, a deleted deal and an unknown or deleted account", async () => {
    const foreign = await makeOpportunity(t.db, { ownerId: csm.id, accountId: otherAccount.id });
    const gone = await makeOpportunity(t.db, { ownerId: csm.id, accountId: account.id, deletedAt: new Date() });
    for (const opportunityId of [foreign.id, gone.id, 99_999_999]) {
      const error = await clientError(as(csm).projects.create({ projectName: 'P', accountId: account.id, opportunityId }));
      expect(error.code).toBe('BAD_REQUEST');
      expect(error.fieldErrors?.opportunityId).toEqual(["Choose an opportunity of the project's account"]);
    }
    const deletedAccount = await makeAccount(t.db, { ownerId: csm.id, deletedAt: new Date() });
    for (const accountId of [deletedAccount.id, 99_999_999]) {
      const error = await clientError(as(csm).projects.create({ projectName: 'P', accountId }));
      expect(error.fieldErrors?.accountId).toEqual(['Choose an existing account']);
    }
  });

  it('refuses bad input with field errors', async () => {
    const error = await clientError(
      as(csm).projects.create({
        projectName: '',
        accountId: account.id,
        expectedUsers: -1,
        healthStatus: 'Fine' as never,
        startDate: '2026-13-01',
      }),
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(Object.keys(error.fieldErrors ?? {})).toEqual(
      expect.arrayContaining(['projectName', 'expectedUsers', 'healthStatus', 'startDate']),
    );
    const dates = await clientError(
      as(csm).projects.create({ projectName: 'P', accountId: account.id, startDate: '2027-02-01', targetEndDate: '2027-01-01' }),
    );
    expect(dates.fieldErrors?.targetEndDate).toEqual(['The target end date must be on or after the start date']);
  });

  it('lets only managers and admins create a project for someone else', async () => {
    expect((await clientError(as(csm).projects.create({ projectName: 'P', accountId: account.id, ownerId: otherCsm.id }))).code).toBe(
      'FORBIDDEN',
    );
    await expect(as(manager).projects.create({ projectName: 'P', accountId: account.id, ownerId: otherCsm.id })).resolves.toMatchObject({
      ownerId: otherCsm.id,
    });
  });
});

describe('projects.getById', () => {
  it('lists milestones by due date (undated last) and answers NOT_FOUND for missing or deleted projects', async () => {
    const project = await makeProject(t.db, { ownerId: csm.id, accountId: account.id });
    const late = await makeMilestone(t.db, { projectId: project.id, dueDate: '2027-02-01' });
    const undated = await makeMilestone(t.db, { projectId: project.id, dueDate: null });
    const early = await makeMilestone(t.db, { projectId: project.id, dueDate: '2026-12-15' });
    const found = await as(otherCsm).projects.getById({ id: project.id });
    expect(found.milestones.map((m) => m.id)).toEqual([early.id, late.id, undated.id]);
    const deleted = await makeProject(t.db, { ownerId: csm.id, accountId: account.id, deletedAt: new Date() });
    expect((await clientError(as(csm).projects.getById({ id: deleted.id }))).code).toBe('NOT_FOUND');
    expect((await clientError(as(csm).projects.getById({ id: 99_999_999 }))).code).toBe('NOT_FOUND');
  });
});

describe('projects.update', () => {
  it('changes the fields sent, bumps the version and audits the difference', async () => {
    const project = await makeProject(t.db, { ownerId: csm.id, accountId: account.id, expectedUsers: 100 });
    const updated = await as(csm).projects.update({ id: project.id, version: 1, healthStatus: 'At Risk', activeUsers: 30, status: 'In Progress' });
    expect(updated).toMatchObject({ healthStatus: 'At Risk', activeUsers: 30, status: 'In Progress', expectedUsers: 100, version: 2 });
    expect((await auditOf('project', project.id)).at(-1)).toMatchObject({
      action: 'update',
      changes: { healthStatus: ['Healthy', 'At Risk'], activeUsers: [0, 30], status: ['Not Started', 'In Progress'] },
    });
  });

  it('refuses a stale version with CONFLICT', async () => {
    const project = await makeProject(t.db, { ownerId: csm.id, accountId: account.id });
    await as(csm).projects.update({ id: project.id, version: 1, activeUsers: 5 });
    const stale = await clientError(as(csm).projects.update({ id: project.id, version: 1, activeUsers: 9 }));
    expect(stale.code).toBe('CONFLICT');
  });

  it("refuses another CSM's project but lets a manager change it", async () => {
    const project = await makeProject(t.db, { ownerId: otherCsm.id, accountId: account.id });
    expect((await clientError(as(csm).projects.update({ id: project.id, healthStatus: 'Critical' }))).code).toBe('FORBIDDEN');
    await expect(as(manager).projects.update({ id: project.id, healthStatus: 'Critical' })).resolves.toMatchObject({ healthStatus: 'Critical' });
  });

  it('keeps the deal on the same account as the project, and the dates in order', async () => {
    const deal = await makeOpportunity(t.db, { ownerId: csm.id, accountId: account.id });
    const project = await makeProject(t.db, { ownerId: csm.id, accountId: account.id, opportunityId: deal.id, startDate: '2027-01-01' });
    const moved = await clientError(as(csm).projects.update({ id: project.id, accountId: otherAccount.id }));
    expect(moved.fieldErrors?.opportunityId).toBeDefined();
    await expect(as(csm).projects.update({ id: project.id, accountId: otherAccount.id, opportunityId: null })).resolves.toMatchObject({
      accountId: otherAccount.id,
      opportunityId: null,
    });
    const dates = await clientError(as(csm).projects.update({ id: project.id, targetEndDate: '2026-12-31' }));
    expect(dates.fieldErrors?.targetEndDate).toBeDefined();
  });

  it('answers NOT_FOUND for a deleted project', async () => {
    const project = await makeProject(t.db, { ownerId: csm.id, accountId: account.id, deletedAt: new Date() });
    expect((await clientError(as(csm).projects.update({ id: project.id, activeUsers: 1 }))).code).toBe('NOT_FOUND');
  });
});

describe('project milestones', () => {
  it('adds, completes, reopens and removes a milestone, auditing each step', async () => {
    const project = await makeProject(t.db, { ownerId: csm.id, accountId: account.id });
    const added = await as(csm).projects.addMilestone({ projectId: project.id, title: 'Kick-off', dueDate: '2026-12-01' });
    expect(added).toMatchObject({ projectId: project.id, title: 'Kick-off', dueDate: '2026-12-01', status: 'Not Started', completedAt: null });

    const completed = await as(csm).projects.updateMilestone({ id: added.id, status: 'Completed' });
    expect(completed.completedAt).toEqual(clock.now());
    clock.advance(3_600_000);
    const retitled = await as(csm).projects.updateMilestone({ id: added.id, title: 'Kick-off meeting' });
    expect(retitled.completedAt).toEqual(completed.completedAt);
    const reopened = await as(csm).projects.updateMilestone({ id: added.id, status: 'In Progress' });
    expect(reopened.completedAt).toBeNull();

    await expect(as(csm).projects.removeMilestone({ id: added.id })).resolves.toEqual({ id: added.id });
    expect(await t.db.select().from(milestones).where(eq(milestones.id, added.id))).toHaveLength(0);
    expect((await auditOf('milestone', added.id)).map((a) => a.action)).toEqual(['create', 'update', 'update', 'update', 'delete']);
    // Milestone changes leave the project's version alone: nobody editing the project gets a false conflict.
    const [after] = await t.db.select().from(projects).where(eq(projects.id, project.id));
    expect(after!.version).toBe(project.version);
  });

  it('stamps completedAt when a milestone is added already completed', async () => {
    const project = await makeProject(t.db, { ownerId: csm.id, accountId: account.id });
    const added = await as(csm).projects.addMilestone({ projectId: project.id, title: 'Contract signed', status: 'Completed' });
    expect(added.completedAt).toEqual(clock.now());
  });

  it("refuses changes to another CSM's project's milestones; a manager may make them", async () => {
    const project = await makeProject(t.db, { ownerId: otherCsm.id, accountId: account.id });
    const milestone = await makeMilestone(t.db, { projectId: project.id });
    expect((await clientError(as(csm).projects.addMilestone({ projectId: project.id, title: 'Sneaky' }))).code).toBe('FORBIDDEN');
    expect((await clientError(as(csm).projects.updateMilestone({ id: milestone.id, status: 'Blocked' }))).code).toBe('FORBIDDEN');
    expect((await clientError(as(csm).projects.removeMilestone({ id: milestone.id }))).code).toBe('FORBIDDEN');
    await expect(as(manager).projects.updateMilestone({ id: milestone.id, status: 'Blocked' })).resolves.toMatchObject({ status: 'Blocked' });
  });

  it('answers NOT_FOUND for a missing milestone or project, and BAD_REQUEST for bad input', async () => {
    expect((await clientError(as(csm).projects.updateMilestone({ id: 99_999_999, title: 'x' }))).code).toBe('NOT_FOUND');
    expect((await clientError(as(csm).projects.removeMilestone({ id: 99_999_999 }))).code).toBe('NOT_FOUND');
    expect((await clientError(as(csm).projects.addMilestone({ projectId: 99_999_999, title: 'x' }))).code).toBe('NOT_FOUND');
    const project = await makeProject(t.db, { ownerId: csm.id, accountId: account.id });
    const bad = await clientError(as(csm).projects.addMilestone({ projectId: project.id, title: '', dueDate: 'soon', status: 'Done' as never }));
    expect(Object.keys(bad.fieldErrors ?? {})).toEqual(expect.arrayContaining(['title', 'dueDate', 'status']));
  });
});

describe('projects.list', () => {
  it('filters by owner, status, health, account, search and target end date, and never lists deleted projects', async () => {
    const owner = await makeUser(t.db, { role: 'csm' });
    const acct = await makeAccount(t.db, { ownerId: owner.id, accountName: 'Hooli' });
    const a = await makeProject(t.db, { ownerId: owner.id, accountId: acct.id, projectName: 'Hooli phase 1', status: 'In Progress', targetEndDate: '2027-01-15' });
    const b = await makeProject(t.db, { ownerId: owner.id, accountId: account.id, projectName: 'Globex upgrade', healthStatus: 'Critical', targetEndDate: '2027-04-01' });
    await makeProject(t.db, { ownerId: owner.id, accountId: acct.id, projectName: 'Hooli old', deletedAt: new Date() });
    const ids = async (input: Parameters<ReturnType<typeof as>['projects']['list']>[0]) =>
      (await as(csm).projects.list({ ownerId: owner.id, ...input })).items.map((p) => p.id).sort((x, y) => x - y);
    expect(await ids({})).toEqual([a.id, b.id]);
    expect(await ids({ status: 'In Progress' })).toEqual([a.id]);
    expect(await ids({ healthStatus: 'Critical' })).toEqual([b.id]);
    expect(await ids({ accountId: acct.id })).toEqual([a.id]);
    expect(await ids({ search: 'hooli' })).toEqual([a.id]);
    expect(await ids({ targetEndDate: { from: '2027-02-01' } })).toEqual([b.id]);
    expect(await ids({ targetEndDate: { from: '2027-01-15', to: '2027-01-15' } })).toEqual([a.id]);
    const [row] = (await as(csm).projects.list({ ownerId: owner.id, accountId: acct.id })).items;
    expect(row).toMatchObject({ accountName: 'Hooli', ownerName: owner.name });
    expect((await clientError(as(csm).projects.list({ targetEndDate: { from: '2027-02-01', to: '2027-01-01' } }))).code).toBe('BAD_REQUEST');
  });

  describe('keyset paging over 22 projects, 6 per page', () => {
    let owner: SessionUser;
    let rows: Awaited<ReturnType<typeof makeProject>>[];

    beforeAll(async () => {
      owner = await makeUser(t.db, { role: 'csm' });
      const base = Date.parse('2026-06-01T00:00:00.000Z');
      rows = [];
      for (let i = 0; i < 22; i += 1) {
        rows.push(
          await makeProject(t.db, {
            ownerId: owner.id,
            accountId: account.id,
            projectName: `Rollout ${String.fromCharCode(65 + (i % 5))}`,
            // Every fourth without a target date: NULLs must page correctly too.
            targetEndDate: i % 4 === 0 ? null : `2027-0${1 + (i % 3)}-15`,
            createdAt: new Date(base + Math.floor(i / 3) * 60_000),
            updatedAt: new Date(base + (i % 4) * 60_000),
          }),
        );
      }
    });

    it.each([
      ['targetEndDate', 'asc'],
      ['targetEndDate', 'desc'],
      ['projectName', 'asc'],
      ['projectName', 'desc'],
      ['createdAt', 'desc'],
      ['updatedAt', 'asc'],
    ] as const)('by %s %s: every project once, in order', async (sort, sortDirection) => {
      const walk = await walkPages((cursor) => as(csm).projects.list({ ownerId: owner.id, sort, sortDirection, limit: 6, cursor }), 10);
      expect(walk.pages).toBe(4);
      // MySQL orders NULL first ascending and last descending.
      const key = (p: (typeof rows)[number]) => {
        const v = p[sort];
        return v instanceof Date ? v.getTime() : v;
      };
      const expected = [...rows]
        .sort((x, y) => {
          const [kx, ky] = [key(x), key(y)];
          let cmp: number;
          if (kx === ky) cmp = x.id - y.id;
          else if (kx === null) cmp = -1;
          else if (ky === null) cmp = 1;
          else cmp = kx < ky ? -1 : 1;
          return sortDirection === 'asc' ? cmp : -cmp;
        })
        .map((p) => p.id);
      expect(walk.items.map((r) => r.id)).toEqual(expected);
    });
  });
});
