// The "a record enters a saved segment" trigger: a shared saved view of leads, contacts, deals, projects or cases.
// Its records are found with the list's own filters (the services' *FilterCondition, fed by shared/viewFilters.ts),
// in one query, so the view, the preview and the enrolments never disagree. A periodic job (segmentSweepJob)
// compares who matches now with who matched at its last run (playbook_segment_members) and enrols the newcomers.
import { and, desc, eq, ne, notInArray, type SQL, sql } from 'drizzle-orm';
import type { AnyMySqlColumn, MySqlTable } from 'drizzle-orm/mysql-core';
import { cases, contacts, leads, opportunities, playbooks, playbookSegmentMembers, projects, savedViews, users } from '../../drizzle/schema';
import type { PlaybookTrigger } from '../../shared/schemas/playbooks';
import { closedStages } from '../../shared/stages';
import { viewFilters } from '../../shared/viewFilters';
import { affectedRows, type DbOrTx, inTransaction } from '../db';
import { userActor } from '../lib/actor';
import { fieldError } from '../lib/errors';
import type { Logger } from '../lib/log';
import { caseFilterCondition } from '../services/cases';
import { contactFilterCondition } from '../services/contacts';
import { leadFilterCondition } from '../services/leads';
import { opportunityFilterConditions } from '../services/opportunities';
import { projectFilterCondition } from '../services/projects';
import { teamOwnerIds } from '../services/teams';
import { enabledPlaybooks, enrolRecords } from './triggers';

type SegmentTrigger = Extract<PlaybookTrigger, { type: 'entersSegment' }>;
export interface SegmentMember {
  id: number;
  name: string;
}
export interface SegmentView {
  id: number;
  name: string;
  list: SegmentTrigger['list'];
  params: Record<string, string>;
  ownerId: string;
  ownerRole: 'rep' | 'manager' | 'admin';
  ownerName: string;
}

/**
 * The trigger's view, if a playbook may watch it: it exists, is shared with everyone (a playbook runs for the whole
 * organisation and any manager may edit it, so it must not hang on someone's private view) and is of the trigger's
 * list. Otherwise a field error on `trigger.viewId`.
 */
export async function loadSegmentView(db: DbOrTx, trigger: SegmentTrigger): Promise<SegmentView> {
  const [view] = await db
    .select({ id: savedViews.id, name: savedViews.name, list: savedViews.list, params: savedViews.params, shared: savedViews.shared, ownerId: savedViews.ownerId, ownerRole: users.role, ownerName: users.name })
    .from(savedViews)
    .innerJoin(users, eq(users.id, savedViews.ownerId))
    .where(eq(savedViews.id, trigger.viewId));
  if (!view || !view.shared) throw fieldError('invalid', 'trigger.viewId', 'Choose a shared saved view (this one is private or was deleted)');
  if (view.list !== trigger.list) throw fieldError('invalid', 'trigger.viewId', `This view is of the ${view.list} list, not ${trigger.list}`);
  return { ...view, list: trigger.list, ownerRole: view.ownerRole as SegmentView['ownerRole'] };
}

/** The view as SQL: its list's table and the list's own WHERE for the view's filters. */
interface SegmentSource {
  table: MySqlTable;
  id: AnyMySqlColumn;
  name: SQL;
  updatedAt: AnyMySqlColumn;
  where: SQL | undefined;
}

/** A view's "my team" filter means the team of the person who saved it. */
async function segmentSource(db: DbOrTx, view: SegmentView, now: Date): Promise<SegmentSource> {
  switch (view.list) {
    case 'leads':
      // A converted lead is the record of what it became: never enrolled.
      return { table: leads, id: leads.id, name: sql`CONCAT(${leads.firstName}, ' ', ${leads.lastName})`, updatedAt: leads.updatedAt, where: and(leadFilterCondition(viewFilters.leads(view.params)), ne(leads.status, 'Converted')) };
    case 'contacts':
      return { table: contacts, id: contacts.id, name: sql`CONCAT(${contacts.firstName}, ' ', ${contacts.lastName})`, updatedAt: contacts.updatedAt, where: contactFilterCondition(viewFilters.contacts(view.params)) };
    case 'opportunities': {
      const f = viewFilters.opportunities(view.params);
      const team = f.team ? await teamOwnerIds(db, userActor({ id: view.ownerId, role: view.ownerRole, name: view.ownerName })) : null;
      // Open deals only: a closed deal leaves its playbooks (the exit rules), so enrolling one would end at once.
      const where = and(...opportunityFilterConditions({ ...f, stage: f.stage ? [f.stage] : undefined }, team), notInArray(opportunities.stage, [...closedStages]));
      return { table: opportunities, id: opportunities.id, name: sql`${opportunities.opportunityName}`, updatedAt: opportunities.updatedAt, where };
    }
    case 'projects':
      return { table: projects, id: projects.id, name: sql`${projects.projectName}`, updatedAt: projects.updatedAt, where: projectFilterCondition(viewFilters.projects(view.params)) };
    case 'cases':
      return { table: cases, id: cases.id, name: sql`CONCAT(${cases.caseNumber}, ' ', ${cases.subject})`, updatedAt: cases.updatedAt, where: caseFilterCondition(viewFilters.cases(view.params), now) };
  }
}

/** The view's records now, most recently changed first, as its list shows them. */
export async function segmentMatches(db: DbOrTx, view: SegmentView, now: Date): Promise<SegmentMember[]> {
  const src = await segmentSource(db, view, now);
  return db
    .select({ id: sql<number>`${src.id}`.mapWith(Number), name: sql<string>`${src.name}` })
    .from(src.table)
    .where(src.where)
    .orderBy(desc(src.updatedAt), desc(src.id));
}

const CHUNK = 1000;
const chunks = <T>(items: T[]) => Array.from({ length: Math.ceil(items.length / CHUNK) }, (_, i) => items.slice(i * CHUNK, (i + 1) * CHUNK));

/** Records the view's members as seen now (when a playbook is switched on: those already in are not "entering"). */
export async function resetSegmentMembers(tx: DbOrTx, playbookId: number, viewId: number, ids: number[], now: Date): Promise<void> {
  await tx.delete(playbookSegmentMembers).where(eq(playbookSegmentMembers.playbookId, playbookId));
  for (const part of chunks(ids)) {
    await tx.insert(playbookSegmentMembers).values(part.map((recordId) => ({ playbookId, viewId, recordId, enteredAt: now })));
  }
}

/**
 * One playbook's look at its segment: records matching now and not at the last look are enrolled (enrolRecords
 * skips one already active); those gone from it are forgotten, so coming back is entering again. Set-based: one
 * query for the view, one for the last members, then bulk writes, in one transaction.
 */
export async function sweepSegment(db: DbOrTx, playbookId: number, trigger: SegmentTrigger, now: Date): Promise<{ entered: number; left: number; enrolled: number }> {
  return inTransaction(db, async (tx) => {
    // Two sweeps of one playbook at once take turns: the second sees the first's members.
    await tx.select({ id: playbooks.id }).from(playbooks).where(eq(playbooks.id, playbookId)).for('update');
    const view = await loadSegmentView(tx, trigger);
    const src = await segmentSource(tx, view, now);
    // A new version watching another view starts afresh.
    await tx.delete(playbookSegmentMembers).where(and(eq(playbookSegmentMembers.playbookId, playbookId), ne(playbookSegmentMembers.viewId, view.id)));
    const mine = and(eq(playbookSegmentMembers.playbookId, playbookId), eq(playbookSegmentMembers.viewId, view.id));
    // Anti-joins in the database, so the work follows the changes, not the size of the segment.
    const entered = (
      await tx
        .select({ id: sql<number>`${src.id}`.mapWith(Number) })
        .from(src.table)
        .where(and(src.where, notInArray(src.id, tx.select({ id: playbookSegmentMembers.recordId }).from(playbookSegmentMembers).where(mine))))
    ).map((r) => r.id);
    const stillIn = tx.select({ id: src.id }).from(src.table).where(src.where);
    const left = affectedRows(await tx.delete(playbookSegmentMembers).where(and(mine, notInArray(playbookSegmentMembers.recordId, stillIn))));
    for (const part of chunks(entered)) {
      await tx.insert(playbookSegmentMembers).values(part.map((recordId) => ({ playbookId, viewId: view.id, recordId, enteredAt: now })));
    }
    let enrolled = 0;
    for (const part of chunks(entered)) enrolled += await enrolRecords(tx, playbookId, part, now);
    return { entered: entered.length, left, enrolled };
  });
}

/** The periodic job: every switched-on segment playbook looks at its view. One whose view is unusable is skipped. */
export async function sweepSegments(db: DbOrTx, now: Date, log?: Logger): Promise<{ playbookId: number; enrolled: number }[]> {
  const results: { playbookId: number; enrolled: number }[] = [];
  for (const playbook of await enabledPlaybooks(db, 'entersSegment')) {
    if (playbook.trigger.type !== 'entersSegment') continue;
    try {
      const { enrolled } = await sweepSegment(db, playbook.id, playbook.trigger, now);
      results.push({ playbookId: playbook.id, enrolled });
    } catch (error) {
      log?.warn('segment playbook skipped', { playbookId: playbook.id, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return results;
}
