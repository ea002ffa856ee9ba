// Projects: post-sale rollouts at customer accounts, with their milestones. Soft-deleted (deletedAt).
import { onProjectChanged } from '../automation/recordTriggers';
import { and, asc, eq, getTableColumns, isNull, type SQL, sql } from 'drizzle-orm';
import { accounts, milestones, opportunities, type Project, projects, users } from '../../drizzle/schema';
import {
  END_BEFORE_START,
  endsBeforeStart,
  type ProjectCreate,
  type ProjectList,
  type ProjectSort,
  type ProjectUpdate,
} from '../../shared/schemas/projects';
import { type DbOrTx, inTransaction, type Tx } from '../db';
import { assertCanWrite } from '../lib/access';
import type { Actor } from '../lib/actor';
import { enqueueRecordScan } from '../hygiene/jobs';
import { insertAudited, recordDeleteAudit, recordUpdateAudit } from '../lib/audit';
import { fieldError, notFound } from '../lib/errors';
import { keysetAfter, keysetOrder, toPage } from '../lib/keyset';
import { matchesSearch, withinRange } from '../lib/listFilters';
import { assertOwnerChangeAllowed, resolveOwner } from '../lib/owners';
import { assertCurrentVersion, sentFields } from '../lib/updates';
import { assertAccountExists } from './accounts';
import { notifyAssignment } from '../delivery/assignments';
import { notifyProjectHealthChange } from '../delivery/alerts';

/** Enough for any real rollout plan. */
const MAX_MILESTONES_SHOWN = 500;

const { deletedAt: _deletedAt, ...projectColumns } = getTableColumns(projects);

const sortColumns = {
  projectName: projects.projectName,
  targetEndDate: projects.targetEndDate,
  createdAt: projects.createdAt,
  updatedAt: projects.updatedAt,
} satisfies Record<ProjectSort, unknown>;

const notDeleted = isNull(projects.deletedAt);
/** A deleted account's or deal's name is not shown. */
const liveAccountOfProject = and(eq(accounts.id, projects.accountId), isNull(accounts.deletedAt));
const liveOpportunityOfProject = and(eq(opportunities.id, projects.opportunityId), isNull(opportunities.deletedAt));

/** Loads a project to change it (row-locked): NOT_FOUND if missing or deleted, FORBIDDEN unless owner/manager/admin. */
export async function loadProjectForWrite(tx: Tx, actor: Actor, id: number): Promise<Project> {
  const [row] = await tx.select().from(projects).where(and(eq(projects.id, id), notDeleted)).for('update');
  if (!row) throw notFound('Project');
  assertCanWrite(actor, row.ownerId, 'project');
  return row;
}

export async function getProject(db: DbOrTx, _actor: Actor, { id }: { id: number }) {
  const [row] = await db
    .select({
      ...projectColumns,
      accountName: accounts.accountName,
      opportunityName: opportunities.opportunityName,
      ownerName: users.name,
    })
    .from(projects)
    .innerJoin(users, eq(users.id, projects.ownerId))
    .leftJoin(accounts, liveAccountOfProject)
    .leftJoin(opportunities, liveOpportunityOfProject)
    .where(and(eq(projects.id, id), notDeleted));
  if (!row) throw notFound('Project');
  const plan = await db
    .select()
    .from(milestones)
    .where(eq(milestones.projectId, id))
    // By due date, undated milestones last.
    .orderBy(sql`${milestones.dueDate} IS NULL`, asc(milestones.dueDate), asc(milestones.id))
    .limit(MAX_MILESTONES_SHOWN);
  return { ...row, milestones: plan };
}

/** The list's filters as a WHERE, live projects only (also a saved view's segment, server/automation/segments.ts). */
export function projectFilterCondition(input: Pick<ProjectList, 'ownerId' | 'status' | 'healthStatus' | 'accountId' | 'search' | 'targetEndDate'>): SQL | undefined {
  return and(
    notDeleted,
    input.ownerId ? eq(projects.ownerId, input.ownerId) : undefined,
    input.status ? eq(projects.status, input.status) : undefined,
    input.healthStatus ? eq(projects.healthStatus, input.healthStatus) : undefined,
    input.accountId ? eq(projects.accountId, input.accountId) : undefined,
    matchesSearch(input.search, [projects.projectName]),
    withinRange(projects.targetEndDate, input.targetEndDate),
  );
}

export async function listProjects(db: DbOrTx, _actor: Actor, input: ProjectList) {
  const column = sortColumns[input.sort];
  const rows = await db
    .select({ ...projectColumns, accountName: accounts.accountName, ownerName: users.name })
    .from(projects)
    .innerJoin(users, eq(users.id, projects.ownerId))
    .leftJoin(accounts, liveAccountOfProject)
    .where(and(projectFilterCondition(input), keysetAfter(column, projects.id, input.sortDirection, input.cursor)))
    .orderBy(...keysetOrder(column, projects.id, input.sortDirection))
    .limit(input.limit + 1);
  return toPage(rows, input.limit, (row) => row[input.sort]);
}

/** The linked deal must be a live opportunity of the project's own account. */
async function assertOpportunityOfAccount(db: DbOrTx, opportunityId: number, accountId: number): Promise<void> {
  const [row] = await db
    .select({ accountId: opportunities.accountId })
    .from(opportunities)
    .where(and(eq(opportunities.id, opportunityId), isNull(opportunities.deletedAt)));
  if (row?.accountId !== accountId) {
    throw fieldError('invalid', 'opportunityId', "Choose an opportunity of the project's account");
  }
}

export async function createProject(db: DbOrTx, actor: Actor, input: ProjectCreate, now: Date) {
  return inTransaction(db, async (tx) => {
    const ownerId = await resolveOwner(tx, actor, input.ownerId);
    await assertAccountExists(tx, input.accountId);
    if (input.opportunityId !== null) await assertOpportunityOfAccount(tx, input.opportunityId, input.accountId);
    const id = await insertAudited(tx, projects, { ...input, ownerId }, { actor, entityType: 'project', now });
    await enqueueRecordScan(tx, 'project', id, now);
    await notifyAssignment(tx, actor, { type: 'project', id, name: input.projectName }, { previousOwnerId: null, ownerId }, now);
    await onProjectChanged(tx, { id, healthStatus: input.healthStatus, status: input.status }, 'Healthy', now);
    return getProject(tx, actor, { id });
  });
}

export async function updateProject(db: DbOrTx, actor: Actor, input: ProjectUpdate, now: Date) {
  return inTransaction(db, async (tx) => {
    const before = await loadProjectForWrite(tx, actor, input.id);
    assertCurrentVersion(before, input.version, 'project');
    const { id, version: _version, ...rest } = input;
    const changes = sentFields(rest);
    await assertOwnerChangeAllowed(tx, actor, before.ownerId, changes.ownerId);
    const merged = { ...before, ...changes };
    if (merged.accountId !== before.accountId) await assertAccountExists(tx, merged.accountId);
    if (merged.opportunityId !== null && (merged.opportunityId !== before.opportunityId || merged.accountId !== before.accountId)) {
      await assertOpportunityOfAccount(tx, merged.opportunityId, merged.accountId);
    }
    if (endsBeforeStart(merged)) throw fieldError('invalid', 'targetEndDate', END_BEFORE_START);
    await tx
      .update(projects)
      .set({ ...changes, version: before.version + 1, updatedAt: now })
      .where(eq(projects.id, id));
    await recordUpdateAudit(tx, { actor, entityType: 'project', entityId: id, before, after: changes });
    await enqueueRecordScan(tx, 'project', id, now);
    const name = merged.projectName;
    await notifyAssignment(tx, actor, { type: 'project', id, name }, { previousOwnerId: before.ownerId, ownerId: changes.ownerId }, now);
    await notifyProjectHealthChange(tx, actor, { ...merged, id }, before.healthStatus, now);
    await onProjectChanged(tx, { ...merged, id }, before.healthStatus, now);
    return getProject(tx, actor, { id });
  });
}

/** Soft delete (deletedAt): it leaves lists and searches; its milestones stay with it. */
export async function deleteProject(db: DbOrTx, actor: Actor, { id }: { id: number }, now: Date): Promise<{ id: number }> {
  return inTransaction(db, async (tx) => {
    const before = await loadProjectForWrite(tx, actor, id);
    await tx
      .update(projects)
      .set({ deletedAt: now, version: before.version + 1, updatedAt: now })
      .where(eq(projects.id, id));
    await recordDeleteAudit(tx, { actor, entityType: 'project', entityId: id, before });
    await enqueueRecordScan(tx, 'project', id, now); // resolves its results
    return { id };
  });
}
