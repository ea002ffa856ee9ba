// Reading rule results: the filtered, keyset-paged list (hygiene.results), one record's open results with
// its deal health (the opportunity page), and the health of many deals at once (lists and the board).
import { and, eq, inArray, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import type { MySqlSelect, SelectedFields } from 'drizzle-orm/mysql-core';
import { accounts, cases, contacts, opportunities, projects, ruleResults, users } from '../../drizzle/schema';
import type { HygieneResultList } from '../../shared/schemas/hygiene';
import { healthLabel } from '../../shared/scoreBands';
import type { DbOrTx } from '../db';
import { catalogue, type RuleDefinition, type RuleRecordType, type Severity } from '../domain/hygiene/catalogue';
import { dealHealth } from '../domain/hygiene/health';
import type { Actor } from '../lib/actor';
import { keysetAfter, keysetOrder, toPage } from '../lib/keyset';
import { hiddenRuleIds } from './hiddenRules';
import { ruleDefinitions } from './rules';
import { lastSeenOf } from './scan';

const severityOrder: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

/** The name of the record a result is on, whichever table it is in (its left join is the one that matched). */
export const recordName = sql<string | null>`coalesce(${opportunities.opportunityName}, ${accounts.accountName}, concat(${contacts.firstName}, ' ', ${contacts.lastName}), ${projects.projectName}, concat(${cases.caseNumber}, ' ', ${cases.subject}))`;

/** The columns a result is shown with: the rule's words, the record's name and stage, who should act. */
const resultColumns = {
  id: ruleResults.id,
  ruleId: ruleResults.ruleId,
  recordType: ruleResults.recordType,
  recordId: ruleResults.recordId,
  severity: ruleResults.severity,
  message: ruleResults.message,
  details: ruleResults.details,
  firstSeenAt: ruleResults.firstSeenAt,
  lastSeenAt: lastSeenOf,
  resolvedAt: ruleResults.resolvedAt,
  occurrence: ruleResults.occurrence,
  ownerId: ruleResults.ownerId,
  ownerName: users.name,
  recordName,
  stage: opportunities.stage,
  amount: opportunities.amount,
  accountId: opportunities.accountId,
};

/** Results joined to their owner and record (for names, the deal's stage): the base of every results query. */
export function joinedResults<T extends SelectedFields>(db: DbOrTx, columns: T) {
  const query = db.select(columns).from(ruleResults).$dynamic();
  // Left joins keep the row shape (drizzle's generics cannot follow a join chain applied in a helper).
  return withRecords(query as unknown as MySqlSelect) as unknown as typeof query;
}

function withRecords(query: MySqlSelect): MySqlSelect {
  return query
    .leftJoin(users, eq(users.id, ruleResults.ownerId))
    .leftJoin(opportunities, and(eq(ruleResults.recordType, 'opportunity'), eq(opportunities.id, ruleResults.recordId)))
    .leftJoin(accounts, and(eq(ruleResults.recordType, 'account'), eq(accounts.id, ruleResults.recordId)))
    .leftJoin(contacts, and(eq(ruleResults.recordType, 'contact'), eq(contacts.id, ruleResults.recordId)))
    .leftJoin(projects, and(eq(ruleResults.recordType, 'project'), eq(projects.id, ruleResults.recordId)))
    .leftJoin(cases, and(eq(ruleResults.recordType, 'case'), eq(cases.id, ruleResults.recordId)));
}

type Row = { ruleId: string; recordType: string; severity: Severity } & Record<string, unknown>;

type Definitions = ReadonlyMap<string, RuleDefinition>;
const shipped: Definitions = new Map(catalogue.map((r) => [r.id, r]));

/** A stored result with what the rule says about it (remediation, owner role, fix, category, a custom rule's name). */
function describe<R extends Row>(row: R, rules: Definitions) {
  const rule = rules.get(row.ruleId);
  return {
    ...row,
    recordType: row.recordType as RuleRecordType,
    ruleName: rule?.name ?? null,
    ruleNumber: rule?.number ?? null,
    category: rule?.category ?? null,
    remediation: rule?.remediation ?? '',
    actBy: rule?.owner ?? 'rep',
    fix: rule?.fix ?? null,
  };
}

/**
 * The WHERE of a results query. `rules`: every rule results may name (the catalogue and custom rules) for
 * the category filter; `hidden`: info-level rules the reader hid from their own view.
 */
export function resultFilters(
  actor: Actor,
  f: Omit<HygieneResultList, 'cursor' | 'limit' | 'sortDirection'>,
  rules: Definitions = shipped,
  hidden: readonly string[] = [],
): (SQL | undefined)[] {
  const categoryRules = f.category ? [...rules.values()].filter((r) => r.category === f.category).map((r) => r.id) : null;
  return [
    f.status === 'open' ? isNull(ruleResults.resolvedAt) : isNotNull(ruleResults.resolvedAt),
    f.opportunityId ? and(eq(ruleResults.recordType, 'opportunity'), eq(ruleResults.recordId, f.opportunityId)) : undefined,
    f.recordType ? eq(ruleResults.recordType, f.recordType) : undefined,
    f.recordId ? eq(ruleResults.recordId, f.recordId) : undefined,
    f.ruleId ? eq(ruleResults.ruleId, f.ruleId) : undefined,
    categoryRules ? inArray(ruleResults.ruleId, categoryRules) : undefined,
    f.severity ? eq(ruleResults.severity, f.severity) : undefined,
    f.stage ? eq(opportunities.stage, f.stage) : undefined,
    f.ownerId ? eq(ruleResults.ownerId, f.ownerId) : undefined,
    f.mine && actor.id ? eq(ruleResults.ownerId, actor.id) : undefined,
    hidden.length ? sql`not (${ruleResults.severity} = 'info' and ${inArray(ruleResults.ruleId, [...hidden])})` : undefined,
  ];
}

/** Newest first by (firstSeenAt, id). Every signed-in user may read every result, as every record. */
export async function listResults(db: DbOrTx, actor: Actor, f: HygieneResultList) {
  const [rules, hidden] = await Promise.all([ruleDefinitions(db), hiddenRuleIds(db, actor)]);
  const rows = await joinedResults(db, resultColumns)
    .where(and(...resultFilters(actor, f, rules, hidden), keysetAfter(ruleResults.firstSeenAt, ruleResults.id, f.sortDirection, f.cursor)))
    .orderBy(...keysetOrder(ruleResults.firstSeenAt, ruleResults.id, f.sortDirection))
    .limit(f.limit + 1);
  const page = toPage(rows, f.limit, (r) => r.firstSeenAt);
  return { ...page, items: page.items.map((r) => describe(r, rules)) };
}

/**
 * A record's open results, most severe first, and for a deal its health. The health counts every open
 * result; the list leaves out info-level rules the reader hid (`hiddenInfo` says how many were left out).
 */
export async function recordHygiene(db: DbOrTx, actor: Actor, input: { recordType: RuleRecordType; recordId: number }) {
  const [rules, hidden] = await Promise.all([ruleDefinitions(db), hiddenRuleIds(db, actor)]);
  const rows = await joinedResults(db, resultColumns).where(
    and(eq(ruleResults.recordType, input.recordType), eq(ruleResults.recordId, input.recordId), isNull(ruleResults.resolvedAt)),
  );
  const all = rows.map((r) => describe(r, rules));
  const hiddenSet = new Set(hidden);
  const isHidden = (r: { ruleId: string; severity: Severity }) => r.severity === 'info' && hiddenSet.has(r.ruleId);
  const results = all.filter((r) => !isHidden(r)).sort((a, b) => severityOrder[a.severity] - severityOrder[b.severity] || a.firstSeenAt.getTime() - b.firstSeenAt.getTime());
  const health = input.recordType === 'opportunity' ? dealHealth(all) : null;
  return { health, label: health === null ? null : healthLabel(health), results, hiddenInfo: all.length - results.length };
}

/** Deal health of many deals (closed deals too: 100 minus their open results); ids not found are left out. */
export async function healthOfDeals(db: DbOrTx, _actor: Actor, { opportunityIds }: { opportunityIds: number[] }) {
  if (opportunityIds.length === 0) return {};
  const rows = await db
    .select({ recordId: ruleResults.recordId, ruleId: ruleResults.ruleId, severity: ruleResults.severity })
    .from(ruleResults)
    .where(and(eq(ruleResults.recordType, 'opportunity'), inArray(ruleResults.recordId, opportunityIds), isNull(ruleResults.resolvedAt)));
  const byDeal = new Map<number, typeof rows>();
  for (const r of rows) byDeal.set(r.recordId, [...(byDeal.get(r.recordId) ?? []), r]);
  const out: Record<number, { health: number; label: ReturnType<typeof healthLabel>; open: number }> = {};
  for (const id of opportunityIds) {
    const mine = byDeal.get(id) ?? [];
    const health = dealHealth(mine);
    out[id] = { health, label: healthLabel(health), open: mine.length };
  }
  return out;
}

