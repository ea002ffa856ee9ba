import { describe, expect, it } from 'vitest';
import { viewFilters } from '../../../shared/viewFilters';

describe("a saved view's filters", () => {
  it('reads the common search and owner and each list its own', () => {
    expect(viewFilters.leads({ q: 'acme', owner: 'u1', status: 'New', leadSource: 'Web', sort: 'score' })).toEqual({ search: 'acme', ownerId: 'u1', status: 'New', leadSource: 'Web' });
    expect(viewFilters.opportunities({ stage: 'Proposal', open: '1', team: '1' })).toMatchObject({ stage: 'Proposal', open: true, team: true });
    expect(viewFilters.projects({ status: 'In Progress', health: 'Critical' })).toMatchObject({ status: 'In Progress', healthStatus: 'Critical' });
    expect(viewFilters.cases({ sla: 'breached', priority: 'High' })).toMatchObject({ breached: true, priority: 'High' });
    expect(viewFilters.cases({ sla: 'ok' })).toMatchObject({ breached: false });
  });

  it('ignores values that are not a filter value, as the lists do', () => {
    expect(viewFilters.leads({ status: 'Hot' }).status).toBeUndefined();
    expect(viewFilters.opportunities({ stage: 'Nowhere', open: 'yes' })).toMatchObject({ stage: undefined, open: undefined });
    expect(viewFilters.cases({ sla: 'soon' }).breached).toBeUndefined();
    expect(viewFilters.contacts({ q: '' })).toEqual({ search: undefined, ownerId: undefined });
  });
});
