// An uploaded file's rows as hygiene facts: the mapping an export's headers get, which rules run on a file,
// each row's facts (and the reason a broken row is left out), and that facts a file cannot have never make a
// rule hold.
import { describe, expect, it } from 'vitest';
import { customEffectiveRule } from '../../../../server/domain/hygiene/customRules';
import { defaultRules, evaluate } from '../../../../server/domain/hygiene/evaluate';
import {
  analysisMappingProblems,
  columnIndexes,
  exportDayOf,
  fileFactSet,
  fileRuleNeeds,
  fileSource,
  proposeAnalysisMapping,
  rowFacts,
  rulesForFile,
} from '../../../../server/domain/hygiene/fileFacts';
import { catalogue } from '../../../../server/domain/hygiene/catalogue';

const NOW = new Date('2026-11-20T12:00:00.000Z');

function facts(header: string[], cells: string[][], stageMapping = {}) {
  const mapping = proposeAnalysisMapping(header);
  const ctx = { columns: header, mapping, stageMapping, now: NOW };
  const at = columnIndexes(ctx);
  return { mapping, rows: cells.map((c, i) => rowFacts(i, c, ctx, at)) };
}

function findings(header: string[], cells: string[][]) {
  const { mapping, rows } = facts(header, cells);
  const deals = rows.flatMap((r) => (r.ok ? [r.facts] : []));
  const { applied } = rulesForFile(defaultRules(), mapping);
  return evaluate(fileFactSet(deals), applied, NOW).map((f) => `${f.recordId}:${f.ruleId}`);
}

describe('the mapping an export gets', () => {
  it("maps a Salesforce Data Export's API names, including the dates and forecast category rules read", () => {
    const header = ['Id', 'AccountId', 'Name', 'StageName', 'Amount', 'Probability', 'CloseDate', 'NextStep', 'ForecastCategory', 'ForecastCategoryName', 'OwnerId', 'CreatedDate', 'LastActivityDate', 'LastStageChangeDate', 'Loss_Reason__c', 'LossReason__c'];
    expect(proposeAnalysisMapping(header)).toEqual({
      opportunityName: 'Name',
      externalId: 'Id',
      stage: 'StageName',
      amount: 'Amount',
      closeDate: 'CloseDate',
      owner: 'OwnerId',
      account: 'AccountId',
      nextStep: 'NextStep',
      // The first of two columns that read alike wins (as in imports); the user can pick the other.
      lossReason: 'Loss_Reason__c',
      forecastCategory: 'ForecastCategoryName',
      createdAt: 'CreatedDate',
      lastActivityAt: 'LastActivityDate',
      stageEnteredAt: 'LastStageChangeDate',
    });
    expect(fileSource(header)).toBe('salesforce');
  });

  it('tells the source from the headers and the export day from the file name', () => {
    expect(fileSource(['Record ID', 'Deal Name', 'Deal Stage'])).toBe('hubspot');
    expect(fileSource(['opportunity_id', 'sales_agent', 'deal_stage'])).toBe('maven');
    expect(fileSource(['Name', 'Value'])).toBe('other');
    expect(exportDayOf('hubspot-crm-exports-all-deals-2023-04-03.csv')).toBe('2023-04-03');
    expect(exportDayOf('report1700000000000.csv')).toBeNull();
  });

  it('wants a name or id and a deal column, and columns the file has, once each', () => {
    expect(analysisMappingProblems(['Name', 'Domain'], { opportunityName: 'Name' })).toEqual({ stage: 'Choose at least the stage, the amount or the close date column' });
    expect(analysisMappingProblems(['Amount'], { amount: 'Amount' })).toEqual({ opportunityName: 'Choose the column that names each deal (or holds its record id)' });
    expect(analysisMappingProblems(['Name', 'Amount'], { opportunityName: 'Name', amount: 'Amount', closeDate: 'Amount', colour: 'Name', stage: 'Stage' })).toEqual({
      closeDate: 'The column "Amount" is already used for amount',
      colour: 'There is no field "colour" to analyse',
      stage: 'The file has no column "Stage"',
    });
  });
});

describe('which rules run on a file', () => {
  it('has an entry for every shipped deal rule', () => {
    const dealRules = catalogue.filter((r) => r.recordType === 'opportunity').map((r) => r.id);
    expect(Object.keys(fileRuleNeeds).sort()).toEqual(dealRules.sort());
  });

  it('runs a rule only when its columns are mapped, never one needing what only the CRM knows', () => {
    const { applied, notApplied } = rulesForFile(defaultRules(), { opportunityName: 'Name', stage: 'Stage', closeDate: 'Close' });
    expect(applied.map((r) => r.definition.id).sort()).toEqual(['close_date_past', 'closing_this_month_early_stage', 'missing_close_date']);
    expect(notApplied).toContainEqual({ ruleId: 'missing_amount', reason: 'The file has no amount column' });
    expect(notApplied).toContainEqual({ ruleId: 'no_activity_14d', reason: 'The file has no last activity date or created date column' });
    expect(notApplied).toContainEqual({ ruleId: 'missing_contact', reason: 'Needs what only the CRM knows (activities, people, line items or stage history)' });
    expect(notApplied).toContainEqual({ ruleId: 'account_missing_industry', reason: 'A deal file has no accounts' });
  });

  it('runs a custom rule when every field it reads is in the file', () => {
    const onAmount = customEffectiveRule({ id: 1, name: 'Big', category: 'forecasting', severity: 'info', stages: [], conditions: [{ field: 'amount', operator: 'greater_than', value: 1000 }], message: 'Big', remediation: 'Check', enabled: true });
    const onPeople = customEffectiveRule({ id: 2, name: 'Alone', category: 'engagement', severity: 'info', stages: [], conditions: [{ field: 'contactCount', operator: 'less_than', value: 2 }], message: 'Alone', remediation: 'Meet', enabled: true });
    const fields = new Map([
      ['custom_1', ['amount'] as const],
      ['custom_2', ['contactCount'] as const],
    ]);
    const { applied, notApplied } = rulesForFile([onAmount, onPeople], { opportunityName: 'Name', amount: 'Amount' }, fields);
    expect(applied.map((r) => r.definition.id)).toEqual(['custom_1']);
    expect(notApplied.map((r) => r.ruleId)).toEqual(['custom_2']);
  });
});

describe('a row as facts', () => {
  const header = ['Record ID', 'Deal Name', 'Deal Stage', 'Amount', 'Close Date', 'Deal owner', 'Create Date'];

  it('reads the cells as exports write them', () => {
    const { rows } = facts(header, [['123', 'Acme, phase 2', 'Contract Sent', '$1,200.50', '2026-12-01 00:00', 'lenny@x.example (Deactivated User)', '2026-01-05 09:30']]);
    expect(rows[0]).toMatchObject({
      ok: true,
      deal: { fileRow: 2, dealKey: '123', dealName: 'Acme, phase 2', ownerName: 'lenny@x.example', stage: 'Negotiation', amountCents: 120050, closeDate: '2026-12-01' },
      facts: { id: 2, ownerActive: false, probability: 85, forecastCategory: 'Commit', createdAt: new Date('2026-01-05T09:30:00Z') },
    });
  });

  it('says why a row cannot be analysed', () => {
    const { rows } = facts(header, [
      ['', '', 'Contract Sent', '', '', '', ''],
      ['1', 'A', 'Maybe', '', '', '', ''],
      ['2', 'B', 'Contract Sent', 'ten', '', '', ''],
      ['3', 'C', 'Contract Sent', '', '12/01/2026', '', ''],
      ['4', 'D', 'Contract Sent', '', '', '', 'yesterday'],
    ]);
    expect(rows.map((r) => (r.ok ? null : `${r.fileRow}: ${r.reason}`))).toEqual([
      '2: The row has neither a deal name nor a record id',
      '3: Stage "Maybe" is not mapped to one of ours',
      '4: Amount "ten" is not a number',
      '5: Close date "12/01/2026" is not a date (YYYY-MM-DD)',
      '6: Created date "yesterday" is not a date (YYYY-MM-DD)',
    ]);
  });

  it("takes the user's stage mapping first, and an empty stage as Prospecting", () => {
    const { rows } = facts(header, [['1', 'A', 'Awaiting outcome', '', '', '', ''], ['2', 'B', '', '', '', '', '']], { 'Awaiting outcome': 'Proposal' });
    expect(rows.map((r) => r.ok && r.deal.stage)).toEqual(['Proposal', 'Prospecting']);
  });

  it('counts an empty owner cell as no active owner, and a file without an owner column as owned', () => {
    expect(findings(['Deal Name', 'Deal owner', 'Deal Stage'], [['A', '', 'Discovery'], ['B', 'Bo', 'Discovery']])).toEqual(['2:missing_owner']);
    expect(findings(['Deal Name', 'Deal Stage'], [['A', 'Discovery']])).toEqual([]);
  });
});

describe('facts a file does not state never make a rule hold', () => {
  const header = ['Deal Name', 'Deal Stage', 'Create Date', 'Last Activity Date', 'Close Date'];

  it('an idle rule runs from the dates the file gives, and not at all on a row giving neither', () => {
    expect(
      findings(header, [
        ['Never touched', 'Discovery', '2026-09-01', '', '2027-01-01'],
        ['Recent', 'Discovery', '2026-09-01', '2026-11-19', '2027-01-01'],
        ['No dates', 'Discovery', '', '', '2027-01-01'],
      ]),
    ).toEqual(['2:no_activity_30d']);
  });

  it('rules on people, activities, line items and stage history stay silent on any file', () => {
    const all = ['Record ID', 'Deal Name', 'Deal Stage', 'Amount', 'Close Date', 'Deal owner', 'Next step', 'Closed Lost Reason', 'Create Date', 'Last Activity Date', 'LastStageChangeDate', 'ForecastCategoryName'];
    const row = ['1', 'A', 'Negotiation', '1000', '2027-01-01', 'Bo', 'Call', '', '2026-11-01', '2026-11-19', '2026-11-10', 'Commit'];
    expect(findings(all, [row])).toEqual([]);
  });
});
