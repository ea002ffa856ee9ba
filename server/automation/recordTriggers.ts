// Lead, project and case triggers and exits, called in the transaction of the change (server/domain/README.md,
// "Playbooks"): a lead created from a source or campaign, a lead's score crossing MQL or SQL, a project's health
// turning At Risk or Critical, a case entering the last 20% of its SLA (the SLA sweep, or an edit that moves it).
import { and, eq, inArray } from 'drizzle-orm';
import { playbookEnrolments } from '../../drizzle/schema';
import type { CaseStatus, HealthStatus, ProjectStatus } from '../../shared/enums';
import type { DbOrTx } from '../db';
import {
  caseExitReason,
  caseNearsSla,
  leadArrivalMatches,
  leadBecameQualified,
  leadCampaign,
  projectExitReason,
  projectHealthyAgain,
  projectIsAtRisk,
  projectTurnedAtRisk,
} from '../domain/playbookTriggers';
import { enabledPlaybooks, enrolRecords, exitRecordEnrolments } from './triggers';

export async function onLeadCreated(tx: DbOrTx, lead: { id: number; leadSource: string | null; extraFields?: unknown }, now: Date) {
  const facts = { leadSource: lead.leadSource, campaign: leadCampaign(lead.extraFields) };
  for (const p of await enabledPlaybooks(tx, 'leadArrives')) {
    if (p.trigger.type === 'leadArrives' && leadArrivalMatches(p.trigger, facts)) await enrolRecords(tx, p.id, [lead.id], now);
  }
}

/** Scores that changed (before, after): a crossing of a playbook's level enrols the lead. */
export async function onLeadsScored(tx: DbOrTx, changed: { id: number; before: number; after: number }[], now: Date) {
  if (changed.length === 0) return;
  for (const p of await enabledPlaybooks(tx, 'leadQualified')) {
    const trigger = p.trigger;
    if (trigger.type !== 'leadQualified') continue;
    const crossed = changed.filter((c) => leadBecameQualified(trigger, c.before, c.after)).map((c) => c.id);
    await enrolRecords(tx, p.id, crossed, now);
  }
}

export const onLeadConverted = (tx: DbOrTx, leadId: number, now: Date) => exitRecordEnrolments(tx, 'lead', leadId, 'The lead converted', now);

type ProjectFacts = { id: number; healthStatus: HealthStatus; status: ProjectStatus; deletedAt?: Date | null };

/** A project saved (created: previousHealth Healthy): its health crossing a playbook's level enrols it; healthy again or closed exits. */
export async function onProjectChanged(tx: DbOrTx, project: ProjectFacts, previousHealth: HealthStatus, now: Date) {
  const exit = projectExitReason(project);
  // Healthy again ends only the at-risk playbooks; a project a saved view enrolled goes on.
  if (exit) return exitRecordEnrolments(tx, 'project', project.id, exit, now, projectHealthyAgain(project) ? 'projectAtRisk' : undefined);
  for (const p of await enabledPlaybooks(tx, 'projectAtRisk')) {
    const t = p.trigger;
    if (t.type === 'projectAtRisk' && projectTurnedAtRisk(t, previousHealth, project.healthStatus) && projectIsAtRisk(t, project)) {
      await enrolRecords(tx, p.id, [project.id], now);
    }
  }
}

type CaseFacts = { id: number; status: CaseStatus; slaDueAt: Date; createdAt: Date };

/** A case saved (before: null when created): closed exits; crossing into the last 20% of its SLA enrols. */
export async function onCaseChanged(tx: DbOrTx, before: CaseFacts | null, c: CaseFacts, now: Date) {
  const exit = caseExitReason(c);
  if (exit) return exitRecordEnrolments(tx, 'case', c.id, exit, now);
  if (!caseNearsSla(c, now) || (before && caseNearsSla(before, now))) return;
  for (const p of await enabledPlaybooks(tx, 'caseNearsSla')) await enrolRecords(tx, p.id, [c.id], now);
}

/**
 * The SLA sweep's part (delivery's alert job): open cases that time brought into the last 20% of their window
 * enrol in the switched-on case playbooks, once per playbook (a case enrolled in it before is left alone).
 */
export async function enrolCasesNearSla(db: DbOrTx, now: Date, candidates: CaseFacts[]): Promise<number> {
  const near = candidates.filter((c) => caseNearsSla(c, now)).map((c) => c.id);
  if (near.length === 0) return 0;
  let enrolled = 0;
  for (const p of await enabledPlaybooks(db, 'caseNearsSla')) {
    const seen = await db
      .select({ id: playbookEnrolments.recordId })
      .from(playbookEnrolments)
      .where(and(eq(playbookEnrolments.playbookId, p.id), eq(playbookEnrolments.recordType, 'case'), inArray(playbookEnrolments.recordId, near)));
    const done = new Set(seen.map((s) => s.id));
    enrolled += await enrolRecords(db, p.id, near.filter((id) => !done.has(id)), now);
  }
  return enrolled;
}
