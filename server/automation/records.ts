// What a step needs of the enrolled record, whichever kind it is: whether it still belongs in the playbook (the
// exit rules, checked before each step), the template values, and whom an email step writes to.
import { and, asc, eq, gte, isNotNull } from 'drizzle-orm';
import { accounts, activities, activityLinks, cases, contacts, leads, opportunities, opportunityContacts, projects } from '../../drizzle/schema';
import type { PlaybookRecordType, PlaybookTrigger } from '../../shared/schemas/playbooks';
import { closedStages } from '../../shared/stages';
import type { DbOrTx } from '../db';
import { caseExitReason, leadExitReason, projectExitReason, projectHealthyAgain } from '../domain/playbookTriggers';
import type { TemplateValues } from '../domain/templates';

type Person = { firstName: string; lastName: string; email: string | null };

export type EnrolledRecord =
  | { exit: string; deleted?: boolean }
  | { exit: null; recordType: PlaybookRecordType; id: number; accountId: number | null; values: TemplateValues; recipient: Person | null };

const person = { firstName: contacts.firstName, lastName: contacts.lastName, email: contacts.email };

/** Whom a deal's email step writes to: the champion, else the economic buyer, else its first contact with an email. */
async function dealRecipient(tx: DbOrTx, deal: { id: number; championContactId: number | null; economicBuyerContactId: number | null }) {
  for (const id of [deal.championContactId, deal.economicBuyerContactId]) {
    if (id === null) continue;
    const [row] = await tx.select(person).from(contacts).where(eq(contacts.id, id));
    if (row?.email) return row;
  }
  const [first] = await tx
    .select(person)
    .from(opportunityContacts)
    .innerJoin(contacts, eq(contacts.id, opportunityContacts.contactId))
    .where(and(eq(opportunityContacts.opportunityId, deal.id), isNotNull(contacts.email)))
    .orderBy(asc(opportunityContacts.id))
    .limit(1);
  return first ?? null;
}

/** An inbound email on the record since `since`: filed on it, or captured and linked to it (activity_links). */
export async function replyArrived(tx: DbOrTx, recordType: PlaybookRecordType, recordId: number, since: Date): Promise<boolean> {
  const inbound = and(eq(activities.type, 'email'), eq(activities.direction, 'inbound'), gte(activities.occurredAt, since));
  const [filed] = await tx
    .select({ id: activities.id })
    .from(activities)
    .where(and(eq(activities.relatedToType, recordType), eq(activities.relatedToId, recordId), inbound))
    .limit(1);
  if (filed) return true;
  const [linked] = await tx
    .select({ id: activities.id })
    .from(activityLinks)
    .innerJoin(activities, eq(activities.id, activityLinks.activityId))
    .where(and(eq(activityLinks.relatedToType, recordType), eq(activityLinks.relatedToId, recordId), gte(activityLinks.occurredAt, since), inbound))
    .limit(1);
  return Boolean(linked);
}

/** Deals, leads and contacts leave on a reply: someone answered, the sequence has done its work. */
export const exitsOnReply = (recordType: PlaybookRecordType) => recordType === 'opportunity' || recordType === 'lead' || recordType === 'contact';

export async function loadEnrolledRecord(tx: DbOrTx, recordType: PlaybookRecordType, id: number, trigger: PlaybookTrigger, ownerName: string | undefined): Promise<EnrolledRecord> {
  const owner = { 'owner.name': ownerName };
  switch (recordType) {
    case 'opportunity': {
      const [deal] = await tx
        .select({
          id: opportunities.id,
          opportunityName: opportunities.opportunityName,
          stage: opportunities.stage,
          deletedAt: opportunities.deletedAt,
          accountId: opportunities.accountId,
          championContactId: opportunities.championContactId,
          economicBuyerContactId: opportunities.economicBuyerContactId,
          accountName: accounts.accountName,
        })
        .from(opportunities)
        .leftJoin(accounts, eq(accounts.id, opportunities.accountId))
        .where(eq(opportunities.id, id));
      if (!deal || deal.deletedAt) return { exit: 'The deal was deleted', deleted: true };
      const startedClosed = trigger.type === 'dealEntersStage' && closedStages.includes(trigger.stage);
      if (closedStages.includes(deal.stage) && !startedClosed) return { exit: `The deal closed (${deal.stage})` };
      const recipient = await dealRecipient(tx, deal);
      return {
        exit: null,
        recordType,
        id,
        accountId: deal.accountId,
        recipient,
        values: {
          ...owner,
          'contact.firstName': recipient?.firstName,
          'contact.lastName': recipient?.lastName,
          'opportunity.opportunityName': deal.opportunityName,
          'opportunity.stage': deal.stage,
          'account.accountName': deal.accountName,
        },
      };
    }
    case 'lead': {
      const [lead] = await tx.select().from(leads).where(eq(leads.id, id));
      if (!lead) return { exit: 'The lead was deleted', deleted: true };
      const exit = leadExitReason(lead);
      if (exit) return { exit };
      return {
        exit: null,
        recordType,
        id,
        accountId: null,
        recipient: { firstName: lead.firstName, lastName: lead.lastName, email: lead.email },
        values: {
          ...owner,
          'lead.firstName': lead.firstName,
          'lead.lastName': lead.lastName,
          'lead.company': lead.company,
          'lead.leadSource': lead.leadSource,
          'contact.firstName': lead.firstName,
          'contact.lastName': lead.lastName,
        },
      };
    }
    case 'project': {
      const [project] = await tx
        .select({ project: projects, accountName: accounts.accountName })
        .from(projects)
        .leftJoin(accounts, eq(accounts.id, projects.accountId))
        .where(eq(projects.id, id));
      if (!project) return { exit: 'The project was deleted', deleted: true };
      const p = project.project;
      const exit = projectExitReason(p);
      // Healthy again ends an at-risk playbook; one a saved view started goes on until the project finishes.
      if (exit && !(projectHealthyAgain(p) && trigger.type !== 'projectAtRisk')) return { exit };
      return {
        exit: null,
        recordType,
        id,
        accountId: p.accountId,
        recipient: null,
        values: { ...owner, 'project.projectName': p.projectName, 'project.healthStatus': p.healthStatus, 'account.accountName': project.accountName },
      };
    }
    case 'case': {
      const [row] = await tx
        .select({ c: cases, accountName: accounts.accountName })
        .from(cases)
        .leftJoin(accounts, eq(accounts.id, cases.accountId))
        .where(eq(cases.id, id));
      if (!row) return { exit: 'The case was deleted', deleted: true };
      const exit = caseExitReason(row.c);
      if (exit) return { exit };
      const [contact] = row.c.contactId === null ? [] : await tx.select(person).from(contacts).where(eq(contacts.id, row.c.contactId));
      return {
        exit: null,
        recordType,
        id,
        accountId: row.c.accountId,
        recipient: contact ?? null,
        values: {
          ...owner,
          'case.caseNumber': row.c.caseNumber,
          'case.subject': row.c.subject,
          'account.accountName': row.accountName,
          'contact.firstName': contact?.firstName,
          'contact.lastName': contact?.lastName,
        },
      };
    }
    case 'contact': {
      // A contact enters a playbook only through a saved view; it leaves when deleted (or on a reply).
      const [row] = await tx
        .select({ c: contacts, accountName: accounts.accountName })
        .from(contacts)
        .leftJoin(accounts, eq(accounts.id, contacts.accountId))
        .where(eq(contacts.id, id));
      if (!row) return { exit: 'The contact was deleted', deleted: true };
      return {
        exit: null,
        recordType,
        id,
        accountId: row.c.accountId,
        recipient: { firstName: row.c.firstName, lastName: row.c.lastName, email: row.c.email },
        values: { ...owner, 'contact.firstName': row.c.firstName, 'contact.lastName': row.c.lastName, 'account.accountName': row.accountName },
      };
    }
  }
}
