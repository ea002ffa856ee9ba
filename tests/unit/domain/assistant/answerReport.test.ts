// An answer's deal look-up as a report definition: each tool kind, its filters and groupings, named periods
// as the fiscal period's days, and the answers that cannot be a report. Every definition must compile.
import { describe, expect, it } from 'vitest';
import { type AnswerCall, answerReport, describeFilter, reportNameFor } from '../../../../server/domain/assistant/answerReport';
import { compileReport } from '../../../../server/domain/reports/compile';
import { reportDefinition } from '../../../../shared/schemas/reports';

const calendar = { today: '2026-12-02', fiscalYearStartMonth: 1 };
const february = { today: '2026-12-02', fiscalYearStartMonth: 2 };

function definitionOf(calls: AnswerCall[], ctx = calendar, stepIndex?: number) {
  const result = answerReport(calls, ctx, stepIndex);
  if (!result.ok) throw new Error(result.reason);
  // Valid under the report schema and the whitelist, as saveReport will check it.
  expect(reportDefinition.parse(result.definition)).toEqual(result.definition);
  compileReport(result.definition, { actorId: 'user-1', now: new Date('2026-12-02T12:00:00Z') });
  return result;
}

describe('answerReport', () => {
  it('turns list_opportunities into a list report with its filters, missing fields and sort', () => {
    const { definition, stepIndex, notes } = definitionOf([
      {
        tool: 'list_opportunities',
        ok: true,
        input: { owner: 'me', stage: ['Proposal', 'Negotiation'], open: true, closeDateFrom: '2026-10-01', closeDateTo: '2026-12-31', accountId: 7, amountMin: 10000, missing: ['economicBuyer', 'champion', 'nextStep'], sort: 'amount', sortDirection: 'desc', limit: 10 },
      },
    ]);
    expect(stepIndex).toBe(0);
    expect(definition).toEqual({
      entity: 'opportunities',
      columns: ['opportunityName', 'accountName', 'stage', 'amount', 'closeDate', 'owner'],
      filters: [
        { field: 'owner', op: 'eq', value: 'me' },
        { field: 'stage', op: 'in', value: ['Proposal', 'Negotiation'] },
        { field: 'open', op: 'eq', value: true },
        { field: 'closeDate', op: 'between', value: ['2026-10-01', '2026-12-31'] },
        { field: 'accountId', op: 'eq', value: 7 },
        { field: 'amount', op: 'gte', value: 10000 },
        { field: 'economicBuyer', op: 'isEmpty' },
        { field: 'champion', op: 'isEmpty' },
        { field: 'nextStep', op: 'isEmpty' },
      ],
      groupBy: [],
      aggregates: [],
      sort: [{ by: 'amount', direction: 'desc' }],
    });
    expect(notes.join(' ')).toContain('at most 10');
  });

  it('keeps one-sided date ranges and another owner by id', () => {
    const { definition } = definitionOf([{ tool: 'list_opportunities', ok: true, input: { owner: 'user-9', closeDateTo: '2026-12-31', sort: 'updatedAt', sortDirection: 'asc', limit: 25 } }]);
    expect(definition.filters).toEqual([
      { field: 'owner', op: 'eq', value: 'user-9' },
      { field: 'closeDate', op: 'lte', value: '2026-12-31' },
    ]);
    expect(definition.sort).toEqual([{ by: 'updatedAt', direction: 'asc' }]);
  });

  it('turns aggregate_opportunities into a grouped report with count, total and average amount', () => {
    const { definition, notes } = definitionOf([{ tool: 'aggregate_opportunities', ok: true, input: { groupBy: 'owner', open: true, stage: ['Proposal'] } }]);
    expect(definition).toMatchObject({
      columns: [],
      groupBy: [{ field: 'owner' }],
      aggregates: [{ fn: 'count' }, { fn: 'sum', field: 'amount' }, { fn: 'avg', field: 'amount' }],
      filters: [
        { field: 'stage', op: 'in', value: ['Proposal'] },
        { field: 'open', op: 'eq', value: true },
      ],
    });
    expect(notes.join(' ')).toContain('not report totals');
    expect(definitionOf([{ tool: 'aggregate_opportunities', ok: true, input: { groupBy: 'account' } }]).definition.groupBy).toEqual([{ field: 'accountName' }]);
    expect(definitionOf([{ tool: 'aggregate_opportunities', ok: true, input: { groupBy: 'closeMonth' } }]).definition.groupBy).toEqual([{ field: 'closeDate', bucket: 'month' }]);
    expect(definitionOf([{ tool: 'aggregate_opportunities', ok: true, input: { groupBy: 'none' } }]).definition.groupBy).toEqual([]);
  });

  it('shows won and lost as stage groups when the aggregate is about closed deals (a win rate)', () => {
    const { definition, notes } = definitionOf([
      { tool: 'aggregate_opportunities', ok: true, input: { groupBy: 'closedQuarter', competitor: 'Acme', closedFrom: '2026-04-01', closedTo: '2026-09-30' } },
    ]);
    expect(definition.groupBy).toEqual([{ field: 'closedAt', bucket: 'quarter' }, { field: 'stage' }]);
    expect(definition.filters).toEqual([
      { field: 'closedAt', op: 'between', value: ['2026-04-01', '2026-09-30'] },
      { field: 'competitor', op: 'eq', value: 'Acme' },
    ]);
    expect(notes.join(' ')).toContain('Closed Won and Closed Lost');
    // Grouped by stage already: nothing to add.
    expect(definitionOf([{ tool: 'aggregate_opportunities', ok: true, input: { groupBy: 'stage', open: false } }]).definition.groupBy).toEqual([{ field: 'stage' }]);
  });

  it('saves a named period as the days of the fiscal period it meant on the day it was asked', () => {
    const q4 = definitionOf([{ tool: 'list_opportunities', ok: true, input: { closePeriod: 'this_quarter', sort: 'closeDate', sortDirection: 'asc', limit: 25 } }]);
    expect(q4.definition.filters).toEqual([{ field: 'closeDate', op: 'between', value: ['2026-10-01', '2026-12-31'] }]);
    expect(q4.notes[0]).toBe('Close date: "this quarter" was Q4 2026 (2026-10-01 to 2026-12-31) when you asked; the report keeps those dates.');

    // Fiscal year from February: this quarter is Q4 FY2027, 1 November to 31 January; last year FY2026.
    const fiscal = definitionOf([{ tool: 'aggregate_opportunities', ok: true, input: { groupBy: 'stage', closePeriod: 'this_quarter', closedPeriod: 'last_year' } }], february);
    expect(fiscal.definition.filters).toEqual([
      { field: 'closeDate', op: 'between', value: ['2026-11-01', '2027-01-31'] },
      { field: 'closedAt', op: 'between', value: ['2025-02-01', '2026-01-31'] },
    ]);
    expect(fiscal.notes.join(' ')).toContain('Q4 FY2027');
  });

  it('groups fiscal quarters by month when the fiscal year does not start in January', () => {
    const { definition, notes } = definitionOf([{ tool: 'aggregate_opportunities', ok: true, input: { groupBy: 'closeQuarter', open: true } }], february);
    expect(definition.groupBy).toEqual([{ field: 'closeDate', bucket: 'month' }]);
    expect(notes[0]).toContain('calendar quarters');
    expect(definitionOf([{ tool: 'aggregate_opportunities', ok: true, input: { groupBy: 'closeQuarter' } }]).definition.groupBy).toEqual([{ field: 'closeDate', bucket: 'quarter' }]);
  });

  it('uses the last deal look-up that ran, or the step asked for', () => {
    const calls: AnswerCall[] = [
      { tool: 'aggregate_opportunities', ok: true, input: { groupBy: 'stage' } },
      { tool: 'list_opportunities', ok: true, input: { open: true, sort: 'closeDate', sortDirection: 'asc', limit: 25 } },
      { tool: 'list_opportunities', ok: false, input: null },
      { tool: 'record_timeline', ok: true, input: { type: 'opportunity', id: 1 } },
    ];
    expect(answerReport(calls, calendar)).toMatchObject({ ok: true, stepIndex: 1, definition: { groupBy: [] } });
    expect(answerReport(calls, calendar, 0)).toMatchObject({ ok: true, stepIndex: 0, definition: { groupBy: [{ field: 'stage' }] } });
    expect(answerReport(calls, calendar, 2)).toEqual({ ok: false, reason: 'Step 3 was refused, so it has no result to save.' });
    expect(answerReport(calls, calendar, 3)).toEqual({ ok: false, reason: "Step 4 cannot be a report: a record's timeline is on its page, not in a report." });
    expect(answerReport(calls, calendar, 9)).toEqual({ ok: false, reason: 'The answer has no step 10.' });
  });

  it('says why an answer without a deal look-up cannot be a report', () => {
    expect(answerReport([], calendar)).toEqual({ ok: false, reason: 'This answer looked nothing up in the CRM, so there is no query to save as a report.' });
    const searched = answerReport([{ tool: 'search_records', ok: true, input: { query: 'Acme' } }, { tool: 'get_opportunity', ok: true, input: { id: 3 } }], calendar);
    expect(searched).toEqual({
      ok: false,
      reason: "Only answers that list or count deals can be saved as a report: a search for records by name has no report equivalent; one deal's details are on its page, not in a report.",
    });
    // A deal look-up whose stored input no longer validates is not used.
    expect(answerReport([{ tool: 'list_opportunities', ok: true, input: null }], calendar).ok).toBe(false);
  });
});

describe('reportNameFor and describeFilter', () => {
  it('names the report after the question and says each filter in words', () => {
    expect(reportNameFor('Which of my deals have no economic buyer?\nThanks')).toBe('Which of my deals have no economic buyer');
    expect(reportNameFor(null)).toBe('Report from Ask the CRM');
    expect(reportNameFor('x'.repeat(200))).toHaveLength(120);
    const names = new Map([['user-9', 'Rita Rep']]);
    expect(describeFilter({ field: 'owner', op: 'eq', value: 'user-9' }, names)).toBe('Owner is Rita Rep');
    expect(describeFilter({ field: 'owner', op: 'eq', value: 'me' }, names)).toBe('Owner is me');
    expect(describeFilter({ field: 'open', op: 'eq', value: true }, names)).toBe('Open is yes');
    expect(describeFilter({ field: 'closeDate', op: 'between', value: ['2026-10-01', '2026-12-31'] }, names)).toBe('Close date between 2026-10-01 and 2026-12-31');
    expect(describeFilter({ field: 'economicBuyer', op: 'isEmpty' }, names)).toBe('Economic buyer is empty');
  });
});
