// An uploaded pipeline file as hygiene facts (server/domain/README.md, "Analysing a file"): the columns it can
// map, which rules a file can answer (a rule needing activities, people, line items or stage history never runs
// on a file, nor one whose column is not mapped), and each row as the same OpportunityFacts the live scan reads.
// Facts a file cannot have are set so that no rule run on it reads them. Pure: no I/O.
import type { CustomRuleField } from '../../../shared/hygieneCustomRules';
import { forecastCategories, type ForecastCategory, isOpenStage, type Stage, stageDefaults } from '../../../shared/stages';
import { importFields, matchAliases, normaliseHeader, ownerReference } from '../imports/fields';
import { stageFrom } from '../imports/stages';
import { amountCell, dateCell, dateTimeCell, percentCell } from '../imports/values';
import type { EffectiveRule } from './evaluate';
import { emptyFacts } from './evaluate';
import { type Facts, type OpportunityFacts, ownerMedians } from './facts';

export interface AnalysisField {
  key: string;
  label: string;
  /** Normalised headers that map to the field, best first. */
  aliases: string[];
}

const fromImport = (key: string, aliases?: string[]): AnalysisField => {
  const field = importFields.opportunities.find((f) => f.key === key)!;
  return { key, label: field.label, aliases: aliases ?? field.aliases };
};

/** The import's opportunity fields (same alias table), plus the dates and category exports carry that rules read. */
export const analysisFields: AnalysisField[] = [
  fromImport('opportunityName'),
  fromImport('externalId'),
  fromImport('stage'),
  fromImport('amount'),
  fromImport('closeDate'),
  fromImport('owner'),
  fromImport('account', importFields.opportunities.find((f) => f.key === 'account')!.aliases),
  fromImport('nextStep'),
  fromImport('lossReason'),
  // Never proposed (as in imports): other CRMs write their own stage's default on every deal.
  fromImport('probability'),
  { key: 'forecastCategory', label: 'Forecast category', aliases: ['forecastcategoryname', 'forecastcategory', 'hsmanualforecastcategory'] },
  { key: 'createdAt', label: 'Created date', aliases: ['createdate', 'createddate', 'createdon', 'datecreated', 'createdat'] },
  { key: 'lastActivityAt', label: 'Last activity date', aliases: ['lastactivitydate', 'lastactivity'] },
  { key: 'stageEnteredAt', label: 'Date entered current stage', aliases: ['laststagechangedate', 'stagechangedate', 'dateenteredcurrentstage'] },
];

export type AnalysisFieldKey = (typeof analysisFields)[number]['key'];
export type AnalysisMapping = Record<string, string>;

/** The imports' alias matching over the analysis's own fields. */
export function proposeAnalysisMapping(columns: string[]): AnalysisMapping {
  return matchAliases(analysisFields, columns).mapping;
}

/** A file is a pipeline when it has a column only deals have: a stage, an amount or a close date. */
export const DEAL_COLUMNS = ['stage', 'amount', 'closeDate'] as const;
export const hasDealColumn = (mapping: AnalysisMapping) => DEAL_COLUMNS.some((k) => mapping[k] !== undefined);

export const NO_DEAL_COLUMN_MESSAGE =
  'This file has no column we recognise as a deal\'s (a stage, an amount or a close date), so it does not look like a pipeline export. ' +
  'Export your deals or opportunities from HubSpot or Salesforce and upload that file. Nothing of this file was kept.';

/** Field-level problems of a mapping the user chose. */
export function analysisMappingProblems(columns: string[], mapping: AnalysisMapping): Record<string, string> {
  const problems: Record<string, string> = {};
  const known = new Set(columns);
  const keys = new Set(analysisFields.map((f) => f.key));
  const used = new Map<string, string>();
  for (const [field, column] of Object.entries(mapping)) {
    if (!keys.has(field)) problems[field] = `There is no field "${field}" to analyse`;
    else if (!known.has(column)) problems[field] = `The file has no column "${column}"`;
    else if (used.has(column)) problems[field] = `The column "${column}" is already used for ${analysisFields.find((f) => f.key === used.get(column))!.label.toLowerCase()}`;
    used.set(column, field);
  }
  if (!mapping.opportunityName && !mapping.externalId) problems.opportunityName = 'Choose the column that names each deal (or holds its record id)';
  if (!hasDealColumn(mapping)) problems.stage = 'Choose at least the stage, the amount or the close date column';
  return problems;
}

/**
 * What each deal rule reads that a file may hold: null when the rule needs a fact no export carries
 * (activities, the people on the deal, line items, tasks, stage history, MEDDIC fields), else the fields that
 * must be mapped for it to run. Rules on accounts, contacts, projects and cases never run on a deal file.
 */
export const fileRuleNeeds: Record<string, AnalysisFieldKey[] | null> = {
  missing_amount: ['amount', 'stage'],
  missing_close_date: ['closeDate'],
  missing_contact: null,
  amount_outlier: ['amount', 'owner'],
  missing_owner: ['owner'],
  close_date_past: ['closeDate'],
  no_next_step: ['nextStep', 'stage'],
  next_step_overdue: null,
  no_activity_14d: ['lastActivityAt', 'createdAt'],
  no_activity_30d: ['lastActivityAt', 'createdAt'],
  stale_in_stage: ['stageEnteredAt'],
  created_and_idle: null,
  overdue_tasks: null,
  probability_stage_mismatch: ['probability', 'stage'],
  commit_without_economic_buyer: null,
  close_date_pushed_twice: null,
  close_date_pushed_thrice: null,
  closing_this_month_early_stage: ['closeDate', 'stage'],
  large_deal_low_stage_near_close: ['amount', 'owner', 'closeDate', 'stage'],
  closed_won_missing_line_items: null,
  category_override_commit_early: ['forecastCategory', 'stage'],
  stage_skipped: null,
  backwards_move: null,
  no_identified_pain: null,
  no_decision_criteria: null,
  no_economic_buyer_late: null,
  no_champion: null,
  no_paper_process: null,
  no_decision_process: null,
  closed_lost_no_reason: ['lossReason', 'stage'],
  single_threaded: null,
  no_meeting_30d: null,
  only_outbound_21d: null,
  champion_silent: null,
  unanswered_inbound_2d: null,
  discount_over_limit: null,
  security_review_missing: null,
};

/** Custom-rule fields a file can fill, by the analysis field that holds them. */
const customFieldSource: Partial<Record<CustomRuleField, AnalysisFieldKey>> = {
  amount: 'amount',
  closeDate: 'closeDate',
  nextStep: 'nextStep',
  probability: 'probability',
  forecastCategory: 'forecastCategory',
  lossReason: 'lossReason',
  createdAt: 'createdAt',
  stageEnteredAt: 'stageEnteredAt',
  lastActivityAt: 'lastActivityAt',
};

const fieldLabel = (key: string) => analysisFields.find((f) => f.key === key)?.label.toLowerCase() ?? key;

/** The rules in force split into those run on the file and those that are not, each with the reason. */
export function rulesForFile(
  rules: readonly EffectiveRule[],
  mapping: AnalysisMapping,
  customFields: Map<string, readonly CustomRuleField[]> = new Map(),
): { applied: EffectiveRule[]; notApplied: { ruleId: string; reason: string }[] } {
  const applied: EffectiveRule[] = [];
  const notApplied: { ruleId: string; reason: string }[] = [];
  for (const rule of rules) {
    const id = rule.definition.id;
    if (!rule.enabled) continue;
    if (rule.definition.recordType !== 'opportunity') {
      notApplied.push({ ruleId: id, reason: `A deal file has no ${rule.definition.recordType}s` });
      continue;
    }
    let needs: readonly string[] | null;
    if (rule.definition.custom) {
      const fields = customFields.get(id) ?? [];
      const sources = fields.map((f) => customFieldSource[f]);
      needs = sources.every((s) => s !== undefined) ? [...new Set(sources as string[])] : null;
    } else {
      needs = fileRuleNeeds[id] ?? null;
    }
    if (needs === null) {
      notApplied.push({ ruleId: id, reason: 'Needs what only the CRM knows (activities, people, line items or stage history)' });
      continue;
    }
    const missing = needs.filter((k) => !mapping[k]);
    if (missing.length > 0) notApplied.push({ ruleId: id, reason: `The file has no ${missing.map(fieldLabel).join(' or ')} column` });
    else applied.push(rule);
  }
  return { applied, notApplied };
}

/** One deal of the file, as the report shows it. */
export interface FileDeal {
  /** The row as a spreadsheet numbers it (the header is row 1). */
  fileRow: number;
  dealKey: string;
  dealName: string;
  ownerName: string | null;
  stage: Stage;
  amountCents: number | null;
  closeDate: string | null;
}

export type RowOutcome = { ok: true; deal: FileDeal; facts: OpportunityFacts } | { ok: false; fileRow: number; reason: string };

const MAX_TEXT = 255;
const cut = (v: string) => (v.length > MAX_TEXT ? v.slice(0, MAX_TEXT) : v);
const isoDay = /^\d{4}-\d{2}-\d{2}$/;
const validDay = (d: string) => isoDay.test(d) && !Number.isNaN(Date.parse(`${d}T00:00:00Z`));

const forecastByName = new Map(forecastCategories.map((c) => [normaliseHeader(c), c]));
/** Salesforce's ForecastCategory API values (BestCase, Closed, Omitted, Pipeline, Forecast = Commit). */
forecastByName.set('forecast', 'Commit');

export interface FileRowContext {
  columns: string[];
  mapping: AnalysisMapping;
  stageMapping: Record<string, Stage | null>;
  /** The moment the file is evaluated as of: facts a row does not state default to it (so "older than" never holds). */
  now: Date;
}

/** Index of each mapped field's column, computed once per file. */
export function columnIndexes(ctx: Pick<FileRowContext, 'columns' | 'mapping'>): Partial<Record<string, number>> {
  return Object.fromEntries(Object.entries(ctx.mapping).map(([field, column]) => [field, ctx.columns.indexOf(column)]));
}

/**
 * A data row (index counted from 0 below the header) as facts, or the reason it cannot be analysed: no name
 * nor id, a stage the mapping does not place, an amount or date that is not one.
 */
export function rowFacts(index: number, cells: string[], ctx: FileRowContext, at: Partial<Record<string, number>>): RowOutcome {
  const fileRow = index + 2;
  const cell = (field: string) => (at[field] === undefined || at[field]! < 0 ? undefined : (cells[at[field]!] ?? '').trim());
  const fail = (reason: string): RowOutcome => ({ ok: false, fileRow, reason });

  const name = cell('opportunityName') ?? '';
  const externalId = cell('externalId') ?? '';
  if (!name && !externalId) return fail('The row has neither a deal name nor a record id');

  const stageText = cell('stage');
  let stage: Stage = 'Prospecting';
  if (stageText !== undefined) {
    const mapped = stageFrom(stageText, ctx.stageMapping);
    if (!mapped) return fail(`Stage "${stageText}" is not mapped to one of ours`);
    stage = mapped;
  }

  let amountCents: number | null = null;
  const amountText = cell('amount');
  if (amountText) {
    const amount = amountCell(amountText);
    if (amount === null || !/^-?\d+\.\d{2}$/.test(amount)) return fail(`Amount "${amountText}" is not a number`);
    amountCents = Math.round(Number(amount) * 100);
  }

  let closeDate: string | null = null;
  const closeText = cell('closeDate');
  if (closeText) {
    const day = dateCell(closeText);
    if (!day || !validDay(day)) return fail(`Close date "${closeText}" is not a date (YYYY-MM-DD)`);
    closeDate = day;
  }

  const moment = (field: string, label: string): Date | null | string => {
    const text = cell(field);
    if (!text) return null;
    const at = dateTimeCell(text);
    return at === 'invalid' || at === null ? `${label} "${text}" is not a date (YYYY-MM-DD)` : at;
  };
  const createdAt = moment('createdAt', 'Created date');
  if (typeof createdAt === 'string') return fail(createdAt);
  const lastActivityAt = moment('lastActivityAt', 'Last activity date');
  if (typeof lastActivityAt === 'string') return fail(lastActivityAt);
  const stageEnteredAt = moment('stageEnteredAt', 'Date entered current stage');
  if (typeof stageEnteredAt === 'string') return fail(stageEnteredAt);

  let probability = stageDefaults[stage].probability;
  const probabilityText = cell('probability');
  if (probabilityText) {
    const p = percentCell(probabilityText);
    if (typeof p !== 'number' || p < 0 || p > 100) return fail(`Probability "${probabilityText}" is not a percentage`);
    probability = p;
  }

  let forecastCategory: ForecastCategory = stageDefaults[stage].forecastCategory;
  const categoryText = cell('forecastCategory');
  if (categoryText) forecastCategory = forecastByName.get(normaliseHeader(categoryText)) ?? forecastCategory;

  // An owner column with an empty cell, or HubSpot's "(Deactivated User)": nobody active owns the deal.
  const ownerText = cell('owner');
  const ownerName = ownerText === undefined ? null : ownerReference(ownerText) || null;
  const ownerActive = ownerText === undefined ? true : ownerName !== null && !/\((deactivated user|inactive)\)\s*$/i.test(ownerText);

  const dealName = cut(name || externalId);
  const now = ctx.now;
  const facts: OpportunityFacts = {
    id: fileRow,
    name: dealName,
    ownerId: ownerName?.toLowerCase() ?? '',
    ownerName: ownerName ?? '(none)',
    ownerActive,
    accountId: null,
    stage,
    amountCents,
    closeDate,
    probability,
    forecastCategory,
    nextStep: cell('nextStep') ?? null,
    nextStepDate: null,
    economicBuyerContactId: null,
    championContactId: null,
    identifiedPain: null,
    decisionCriteria: null,
    decisionProcess: null,
    paperProcess: null,
    lossReason: cell('lossReason') ?? null,
    pushCount: 0,
    createdAt: createdAt ?? now,
    stageEnteredAt: stageEnteredAt ?? now,
    lastActivityAt,
    contactCount: 0,
    contactLastActivity: [],
    championLastActivityAt: null,
    lastMeetingAt: null,
    lastInboundEmailAt: null,
    lastOutboundEmailAt: null,
    overdueTasks: 0,
    lineItemCount: 0,
    maxDiscountPercent: 0,
    discountApproved: false,
    maxForwardJump: 0,
    lastBackwardMoveAt: null,
    everAdvanced: true,
    everInSecurityReview: true,
    accountSecurityPosture: null,
  };
  const deal: FileDeal = { fileRow, dealKey: cut(externalId || name), dealName, ownerName: ownerName ? cut(ownerName) : null, stage, amountCents, closeDate };
  return { ok: true, deal, facts };
}

/** The file's deals as a fact set: the owner medians come from the file's own open deals; no stage history. */
export function fileFactSet(deals: OpportunityFacts[]): Facts {
  const facts = emptyFacts({ ownerMedianAmountCents: ownerMedians(deals, isOpenStage) });
  facts.opportunities = deals;
  return facts;
}

/** Where the file comes from, by its headers (shown on the report; mapping does not depend on it). */
export function fileSource(columns: string[]): 'hubspot' | 'salesforce' | 'maven' | 'other' {
  const headers = new Set(columns.map(normaliseHeader));
  if (headers.has('dealstage') && headers.has('salesagent')) return 'maven';
  if (['recordid', 'hsobjectid', 'dealname', 'hubspotownerid'].some((h) => headers.has(h))) return 'hubspot';
  if (['stagename', 'opportunityname', 'opportunityowner', 'forecastcategoryname', 'isclosed'].some((h) => headers.has(h))) return 'salesforce';
  return 'other';
}

/** The day a file's name says it was exported ("hubspot-crm-exports-all-deals-2023-04-03.csv"), if any. */
export function exportDayOf(fileName: string): string | null {
  const m = /(\d{4}-\d{2}-\d{2})/.exec(fileName);
  return m && validDay(m[1]!) ? m[1]! : null;
}
