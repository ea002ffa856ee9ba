// Whom a trigger holds now: the records a switched-on playbook enrols at once, and what the preview counts. The
// SQL narrows the candidates; the same pure tests the change-time triggers use (domain/playbookTriggers.ts) decide.
import { and, desc, eq, gte, isNull, ne, notInArray } from 'drizzle-orm';
import { cases, leads, opportunities, playbookEnrolments, projects } from '../../drizzle/schema';
import { type PlaybookTrigger, recordTypeOf } from '../../shared/schemas/playbooks';
import type { DbOrTx } from '../db';
import {
  caseNearsSla,
  FINISHED_PROJECT,
  leadArrivalMatches,
  leadCampaign,
  leadIsQualified,
  projectIsAtRisk,
  qualificationScore,
} from '../domain/playbookTriggers';
import { loadSegmentView, segmentMatches } from './segments';
import { audienceCondition } from './triggers';

export interface AudienceMember {
  id: number;
  name: string;
}

/** The trigger's records now (most recently changed first), less those active in the playbook. */
export async function audienceOf(db: DbOrTx, trigger: PlaybookTrigger, playbookId: number | undefined, now: Date): Promise<AudienceMember[]> {
  const active = playbookId === undefined
    ? new Set<number>()
    : new Set(
        (await db
          .select({ id: playbookEnrolments.recordId })
          .from(playbookEnrolments)
          .where(and(eq(playbookEnrolments.playbookId, playbookId), eq(playbookEnrolments.recordType, recordTypeOf(trigger)), eq(playbookEnrolments.state, 'active')))).map((r) => r.id),
      );
  const members = await candidates(db, trigger, playbookId, now);
  return members.filter((m) => !active.has(m.id));
}

async function candidates(db: DbOrTx, trigger: PlaybookTrigger, playbookId: number | undefined, now: Date): Promise<AudienceMember[]> {
  switch (trigger.type) {
    case 'dealEntersStage':
      return db
        .select({ id: opportunities.id, name: opportunities.opportunityName })
        .from(opportunities)
        .where(audienceCondition(trigger.stage, playbookId))
        .orderBy(desc(opportunities.updatedAt));
    case 'leadQualified': {
      const rows = await db
        .select({ id: leads.id, firstName: leads.firstName, lastName: leads.lastName, score: leads.score, status: leads.status })
        .from(leads)
        .where(and(gte(leads.score, qualificationScore(trigger.level)), ne(leads.status, 'Converted')))
        .orderBy(desc(leads.updatedAt));
      return rows.filter((l) => leadIsQualified(trigger, l)).map(leadMember);
    }
    case 'leadArrives': {
      // Arrived and not yet worked: New leads from the source and campaign.
      const rows = await db
        .select({ id: leads.id, firstName: leads.firstName, lastName: leads.lastName, leadSource: leads.leadSource, extraFields: leads.extraFields })
        .from(leads)
        .where(and(eq(leads.status, 'New'), trigger.source ? eq(leads.leadSource, trigger.source) : undefined))
        .orderBy(desc(leads.createdAt));
      return rows.filter((l) => leadArrivalMatches(trigger, { leadSource: l.leadSource, campaign: leadCampaign(l.extraFields) })).map(leadMember);
    }
    case 'projectAtRisk': {
      const rows = await db
        .select({ id: projects.id, name: projects.projectName, healthStatus: projects.healthStatus, status: projects.status })
        .from(projects)
        .where(and(isNull(projects.deletedAt), ne(projects.healthStatus, 'Healthy'), notInArray(projects.status, [...FINISHED_PROJECT])))
        .orderBy(desc(projects.updatedAt));
      return rows.filter((p) => projectIsAtRisk(trigger, p)).map(({ id, name }) => ({ id, name }));
    }
    case 'caseNearsSla': {
      const rows = await db
        .select({ id: cases.id, caseNumber: cases.caseNumber, subject: cases.subject, status: cases.status, slaDueAt: cases.slaDueAt, createdAt: cases.createdAt })
        .from(cases)
        .where(ne(cases.status, 'Closed'))
        .orderBy(cases.slaDueAt);
      return rows
        .filter((c) => caseNearsSla(c, now))
        .map((c) => ({ id: c.id, name: `${c.caseNumber} ${c.subject}` }));
    }
    case 'entersSegment':
      // Who is in the view now: switching on enrols them; after that the segment job enrols each newcomer.
      return segmentMatches(db, await loadSegmentView(db, trigger), now);
  }
}

const leadMember = (l: { id: number; firstName: string; lastName: string }) => ({ id: l.id, name: `${l.firstName} ${l.lastName}` });
