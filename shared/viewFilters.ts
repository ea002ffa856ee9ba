// A saved view's URL query (?q=&owner=&status=...) read as the filter part of its list's `list` input: what the
// list screens send and what a playbook's segment trigger evaluates on the server (server/automation/segments.ts),
// so both read a view the same way. A value that is not one of a filter's values (a hand-edited URL) is ignored.
import { caseStatuses, casePriorities, healthStatuses, leadStatuses, projectStatuses } from './enums';
import { stages, type Stage } from './stages';
import type { CaseStatus, CasePriority, HealthStatus, LeadStatus, ProjectStatus } from './enums';

type Params = Record<string, string | undefined>;

const oneOf = <V extends string>(value: string | undefined, allowed: readonly V[]): V | undefined =>
  value && (allowed as readonly string[]).includes(value) ? (value as V) : undefined;
const textOf = (value: string | undefined) => (value ? value : undefined);

/** What every list filters by: the search box and the owner. */
function common(p: Params) {
  return { search: textOf(p.q), ownerId: textOf(p.owner) };
}

export const viewFilters = {
  leads: (p: Params) => ({ ...common(p), status: oneOf<LeadStatus>(p.status, leadStatuses), leadSource: textOf(p.leadSource) }),
  contacts: (p: Params) => common(p),
  opportunities: (p: Params) => ({
    ...common(p),
    stage: oneOf<Stage>(p.stage, stages),
    open: p.open === '1' || undefined,
    team: p.team === '1' || undefined,
  }),
  projects: (p: Params) => ({
    ...common(p),
    status: oneOf<ProjectStatus>(p.status, projectStatuses),
    healthStatus: oneOf<HealthStatus>(p.health, healthStatuses),
  }),
  cases: (p: Params) => {
    const sla = oneOf(p.sla, ['breached', 'ok'] as const);
    return {
      ...common(p),
      status: oneOf<CaseStatus>(p.status, caseStatuses),
      priority: oneOf<CasePriority>(p.priority, casePriorities),
      breached: sla === undefined ? undefined : sla === 'breached',
    };
  },
};
