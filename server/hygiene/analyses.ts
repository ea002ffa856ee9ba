// hygiene.analyses.*: a pipeline file analysed without importing it. The file comes in over POST /api/uploads;
// create() proposes a mapping (the imports' alias table) or refuses a file with no deal column (and deletes it);
// confirmMapping() streams the rows into the same OpportunityFacts and pure evaluation as the live scan and stores
// the file's deals, findings and health apart from the CRM's records, for 30 days. Only the person who uploaded
// the file, and admins, see an analysis.
import { and, asc, count, desc, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import { type HygieneAnalysis, hygieneAnalyses, hygieneAnalysisDeals, hygieneAnalysisFindings, imports, users } from '../../drizzle/schema';
import type { AnalysisCompare, AnalysisConfirm, AnalysisDeals, AnalysisPreview } from '../../shared/schemas/hygieneAnalyses';
import { healthLabel } from '../../shared/scoreBands';
import { isOpenStage, type Stage } from '../../shared/stages';
import { customRuleId } from '../domain/hygiene/customRules';
import { evaluate } from '../domain/hygiene/evaluate';
import {
  analysisFields,
  analysisMappingProblems,
  columnIndexes,
  exportDayOf,
  fileFactSet,
  type FileDeal,
  fileSource,
  hasDealColumn,
  NO_DEAL_COLUMN_MESSAGE,
  proposeAnalysisMapping,
  rowFacts,
  rulesForFile,
} from '../domain/hygiene/fileFacts';
import type { OpportunityFacts } from '../domain/hygiene/facts';
import { dealHealth, pipelineHealth } from '../domain/hygiene/health';
import { type Db, type DbOrTx, inTransaction } from '../db';
import { stageValues } from '../imports/service';
import { deleteUpload, getUpload, readUploadRows, type UploadInfo } from '../imports/uploadStore';
import { type Actor, systemActor } from '../lib/actor';
import { forbidden, invalid, invalidFields, notFound } from '../lib/errors';
import { loadCustomRules, loadEffectiveRules, ruleDefinitions } from './rules';

export const ANALYSIS_RETENTION_DAYS = 30;
const DAY_MS = 86_400_000;
/** Broken rows kept to show (all are counted). */
const BROKEN_ROWS_KEPT = 500;
/** Rows a statement: well under MySQL's 65,535 placeholders with 11 columns. */
const INSERT_ROWS = 2000;
const PREVIEW_ROWS = 10;

const canSee = (actor: Actor, row: Pick<HygieneAnalysis, 'ownerId'>) => actor.role === 'system' || actor.role === 'admin' || actor.id === row.ownerId;

async function loadAnalysis(db: DbOrTx, actor: Actor, analysisId: number, now: Date): Promise<HygieneAnalysis> {
  const [row] = await db.select().from(hygieneAnalyses).where(eq(hygieneAnalyses.id, analysisId));
  if (!row || row.expiresAt.getTime() <= now.getTime()) throw notFound('Analysis');
  if (!canSee(actor, row)) throw forbidden('Only the person who uploaded this file, and admins, can see its analysis');
  return row;
}

async function uploadOf(db: DbOrTx, row: HygieneAnalysis): Promise<UploadInfo> {
  if (row.uploadId === null) throw invalid('The file of this analysis is no longer kept: upload it again to change the mapping.');
  return getUpload(db, systemActor('file analysis'), row.uploadId).catch(() => {
    throw invalid('The file of this analysis is no longer kept: upload it again to change the mapping.');
  });
}

/** Step 1, after the upload: the analysis with its proposed mapping, or a refusal that keeps nothing. */
export async function createAnalysis(db: Db, actor: Actor, input: { uploadId: number }, now: Date) {
  if (actor.id === null) throw forbidden('A file is analysed for a person');
  const upload = await getUpload(db, actor, input.uploadId);
  if (upload.ownerId !== actor.id) throw forbidden('Analyse a file you uploaded yourself');
  const mapping = proposeAnalysisMapping(upload.columns);
  if (!hasDealColumn(mapping)) {
    await dropUploadIfUnused(db, upload.id);
    throw invalid(NO_DEAL_COLUMN_MESSAGE);
  }
  const [created] = await db
    .insert(hygieneAnalyses)
    .values({
      ownerId: actor.id,
      uploadId: upload.id,
      fileName: upload.fileName,
      source: fileSource(upload.columns),
      mapping,
      stageMapping: {},
      rowCount: upload.rowCount,
      expiresAt: new Date(now.getTime() + ANALYSIS_RETENTION_DAYS * DAY_MS),
      createdAt: now,
      updatedAt: now,
    })
    .$returningId();
  return previewAnalysis(db, actor, { analysisId: created!.id }, now);
}

/** Step 2: the mapping (proposed or the user's), the file's stage values, the first rows as they would be read. */
export async function previewAnalysis(db: DbOrTx, actor: Actor, input: AnalysisPreview, now: Date) {
  const row = await loadAnalysis(db, actor, input.analysisId, now);
  const upload = await uploadOf(db, row);
  const mapping = input.mapping ?? row.mapping;
  const stageMapping = (input.stageMapping ?? row.stageMapping) as Record<string, Stage | null>;
  const problems = analysisMappingProblems(upload.columns, mapping);
  const stages = mapping.stage && upload.columns.includes(mapping.stage) ? await stageValues(db, actor, { uploadId: upload.id, column: mapping.stage }) : null;
  const ctx = { columns: upload.columns, mapping, stageMapping, now };
  const at = columnIndexes(ctx);
  const rows = upload.sample.slice(0, PREVIEW_ROWS).map((cells, index) => {
    const out = rowFacts(index, cells, ctx, at);
    return out.ok
      ? { fileRow: out.deal.fileRow, cells, deal: out.deal, problem: null }
      : { fileRow: out.fileRow, cells, deal: null, problem: out.reason };
  });
  const rules = await fileRules(db, mapping);
  const mapped = new Set(Object.values(mapping));
  return {
    analysisId: row.id,
    status: row.status,
    fileName: row.fileName,
    source: row.source,
    rowCount: row.rowCount,
    columns: upload.columns,
    unmatchedColumns: upload.columns.filter((c) => !mapped.has(c)),
    uploadId: upload.id,
    fields: analysisFields.map(({ key, label }) => ({ key, label, required: false })),
    mapping,
    mappingProblems: problems,
    stageValues: stages?.values.map((v) => ({ ...v, mapped: Object.hasOwn(stageMapping, v.value) ? stageMapping[v.value] ?? null : v.proposed })) ?? [],
    stageMapping,
    proposedAsOf: row.asOf ?? exportDayOf(row.fileName) ?? now.toISOString().slice(0, 10),
    rows,
    rulesApplied: rules.applied.map((r) => r.definition.id),
    rulesNotApplied: rules.notApplied,
  };
}

async function fileRules(db: DbOrTx, mapping: Record<string, string>) {
  const custom = await loadCustomRules(db);
  const fields = new Map(custom.map((r) => [customRuleId(r.id), r.conditions.map((c) => c.field)]));
  return rulesForFile(await loadEffectiveRules(db), mapping, fields);
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The time of day the rules read "now" as, on the day the file is analysed as of (its end: that day has happened). */
const asOfMoment = (day: string) => new Date(`${day}T23:59:59.999Z`);

/** Step 3: every row analysed, the results stored (replacing an earlier run of the same analysis). */
export async function confirmMapping(db: Db, actor: Actor, input: AnalysisConfirm, now: Date) {
  const row = await loadAnalysis(db, actor, input.analysisId, now);
  const upload = await uploadOf(db, row);
  const problems = analysisMappingProblems(upload.columns, input.mapping);
  if (Object.keys(problems).length > 0) {
    throw invalidFields(Object.fromEntries(Object.entries(problems).map(([field, message]) => [`mapping.${field}`, [message]])));
  }
  const started = performance.now();
  const asOf = input.asOf ?? now.toISOString().slice(0, 10);
  const moment = input.asOf ? asOfMoment(asOf) : now;
  const ctx = { columns: upload.columns, mapping: input.mapping, stageMapping: input.stageMapping, now: moment };
  const at = columnIndexes(ctx);
  const deals: FileDeal[] = [];
  const facts: OpportunityFacts[] = [];
  const broken: { row: number; reason: string }[] = [];
  let brokenCount = 0;
  for await (const r of readUploadRows(db, upload)) {
    const out = rowFacts(r.index, r.cells, ctx, at);
    if (out.ok) {
      deals.push(out.deal);
      facts.push(out.facts);
    } else {
      brokenCount++;
      if (broken.length < BROKEN_ROWS_KEPT) broken.push({ row: out.fileRow, reason: out.reason });
    }
  }
  const rules = await fileRules(db, input.mapping);
  const findings = evaluate(fileFactSet(facts), rules.applied, moment);

  const byRow = new Map<number, { ruleId: string; severity: (typeof findings)[number]['severity']; message: string }[]>();
  for (const f of findings) {
    const list = byRow.get(f.recordId) ?? [];
    list.push({ ruleId: f.ruleId, severity: f.severity, message: f.message });
    byRow.set(f.recordId, list);
  }
  const healthOf = new Map(deals.map((d) => [d.fileRow, dealHealth(byRow.get(d.fileRow) ?? [])]));
  const open = deals.filter((d) => isOpenStage(d.stage));
  const health = pipelineHealth(open.map((d) => ({ health: healthOf.get(d.fileRow)!, amountCents: d.amountCents })));
  const byRule = new Map<string, { ruleId: string; severity: string; count: number }>();
  const bySeverity: Record<string, number> = { critical: 0, warning: 0, info: 0 };
  for (const f of findings) {
    const entry = byRule.get(f.ruleId) ?? { ruleId: f.ruleId, severity: f.severity, count: 0 };
    entry.count++;
    byRule.set(f.ruleId, entry);
    bySeverity[f.severity] = (bySeverity[f.severity] ?? 0) + 1;
  }
  const totals = {
    rulesApplied: rules.applied.map((r) => r.definition.id),
    rulesNotApplied: rules.notApplied,
    byRule: [...byRule.values()].sort((a, b) => b.count - a.count || a.ruleId.localeCompare(b.ruleId)),
    bySeverity,
  };

  await inTransaction(db, async (tx) => {
    await tx.delete(hygieneAnalysisFindings).where(eq(hygieneAnalysisFindings.analysisId, row.id));
    await tx.delete(hygieneAnalysisDeals).where(eq(hygieneAnalysisDeals.analysisId, row.id));
    // Kept: the open deals (pipeline health is theirs) and any deal with a result; a closed deal with none has nothing to show.
    const kept = deals.filter((d) => isOpenStage(d.stage) || byRow.has(d.fileRow));
    for (const batch of chunks(kept, INSERT_ROWS)) {
      await tx.insert(hygieneAnalysisDeals).values(
        batch.map((d) => ({
          analysisId: row.id,
          fileRow: d.fileRow,
          dealKey: d.dealKey,
          dealName: d.dealName,
          ownerName: d.ownerName,
          stage: d.stage,
          amountCents: d.amountCents,
          closeDate: d.closeDate,
          isOpen: isOpenStage(d.stage),
          health: healthOf.get(d.fileRow)!,
          findings: byRow.get(d.fileRow)?.length ?? 0,
        })),
      );
    }
    for (const batch of chunks(findings, INSERT_ROWS)) {
      await tx
        .insert(hygieneAnalysisFindings)
        .values(batch.map((f) => ({ analysisId: row.id, fileRow: f.recordId, ruleId: f.ruleId, severity: f.severity, message: f.message.slice(0, 2000) })));
    }
    await tx
      .update(hygieneAnalyses)
      .set({
        status: 'done',
        mapping: input.mapping,
        stageMapping: input.stageMapping,
        asOf,
        analysedRows: deals.length,
        brokenCount,
        brokenRows: broken,
        openDeals: open.length,
        findingsCount: findings.length,
        health,
        totals,
        durationMs: Math.round(performance.now() - started),
        updatedAt: now,
      })
      .where(eq(hygieneAnalyses.id, row.id));
  });
  return getAnalysis(db, actor, { analysisId: row.id }, now);
}

function summaryOf(row: HygieneAnalysis, ownerName: string | null) {
  return {
    analysisId: row.id,
    fileName: row.fileName,
    source: row.source,
    status: row.status,
    /** Null once the file is gone: the mapping can no longer be changed. */
    uploadId: row.uploadId,
    ownerId: row.ownerId,
    ownerName,
    rowCount: row.rowCount,
    analysedRows: row.analysedRows,
    brokenCount: row.brokenCount,
    openDeals: row.openDeals,
    findingsCount: row.findingsCount,
    health: row.health,
    healthLabel: row.health === null ? null : healthLabel(row.health),
    asOf: row.asOf,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
  };
}

/** The report: counts, health, results by rule and severity, the rules left out, the broken rows. */
export async function getAnalysis(db: DbOrTx, actor: Actor, input: { analysisId: number }, now: Date) {
  const row = await loadAnalysis(db, actor, input.analysisId, now);
  const [owner] = await db.select({ name: users.name }).from(users).where(eq(users.id, row.ownerId));
  const definitions = await ruleDefinitions(db);
  const describe = (ruleId: string) => {
    const d = definitions.get(ruleId);
    return { ruleName: d?.name ?? ruleId, category: d?.category ?? null, condition: d?.condition ?? null, remediation: d?.remediation ?? null };
  };
  const totals = row.totals ?? { rulesApplied: [], rulesNotApplied: [], byRule: [], bySeverity: {} };
  return {
    ...summaryOf(row, owner?.name ?? null),
    mapping: row.mapping,
    stageMapping: row.stageMapping,
    durationMs: row.durationMs,
    brokenRows: row.brokenRows ?? [],
    byRule: totals.byRule.map((r) => ({ ...r, ...describe(r.ruleId) })),
    bySeverity: totals.bySeverity,
    rulesApplied: totals.rulesApplied,
    rulesNotApplied: totals.rulesNotApplied.map((r) => ({ ...r, ...describe(r.ruleId) })),
  };
}

/** The file's deals, least healthy first, each with its findings. */
export async function listAnalysisDeals(db: DbOrTx, actor: Actor, input: AnalysisDeals, now: Date) {
  const row = await loadAnalysis(db, actor, input.analysisId, now);
  const where = and(
    eq(hygieneAnalysisDeals.analysisId, row.id),
    input.openOnly ? eq(hygieneAnalysisDeals.isOpen, true) : undefined,
    input.ruleId
      ? inArray(
          hygieneAnalysisDeals.fileRow,
          db.select({ r: hygieneAnalysisFindings.fileRow }).from(hygieneAnalysisFindings).where(and(eq(hygieneAnalysisFindings.analysisId, row.id), eq(hygieneAnalysisFindings.ruleId, input.ruleId))),
        )
      : undefined,
  );
  const [total] = await db.select({ n: count() }).from(hygieneAnalysisDeals).where(where);
  const deals = await db
    .select()
    .from(hygieneAnalysisDeals)
    .where(where)
    .orderBy(asc(hygieneAnalysisDeals.health), asc(hygieneAnalysisDeals.fileRow))
    .limit(input.limit)
    .offset(input.offset);
  const rows = deals.map((d) => d.fileRow);
  const found = rows.length
    ? await db
        .select({ fileRow: hygieneAnalysisFindings.fileRow, ruleId: hygieneAnalysisFindings.ruleId, severity: hygieneAnalysisFindings.severity, message: hygieneAnalysisFindings.message })
        .from(hygieneAnalysisFindings)
        .where(and(eq(hygieneAnalysisFindings.analysisId, row.id), inArray(hygieneAnalysisFindings.fileRow, rows)))
    : [];
  return {
    total: total?.n ?? 0,
    items: deals.map(({ analysisId: _a, ...d }) => ({
      ...d,
      healthLabel: healthLabel(d.health),
      results: found.filter((f) => f.fileRow === d.fileRow).map(({ fileRow: _r, ...f }) => f),
    })),
  };
}

/** Past analyses still kept: one's own (admins see everyone's), newest first. */
export async function listAnalyses(db: DbOrTx, actor: Actor, now: Date) {
  const rows = await db
    .select({ row: hygieneAnalyses, ownerName: users.name })
    .from(hygieneAnalyses)
    .innerJoin(users, eq(users.id, hygieneAnalyses.ownerId))
    .where(and(gt(hygieneAnalyses.expiresAt, now), actor.role === 'admin' || actor.role === 'system' ? undefined : eq(hygieneAnalyses.ownerId, actor.id!)))
    .orderBy(desc(hygieneAnalyses.createdAt), desc(hygieneAnalyses.id))
    .limit(100);
  return rows.map((r) => summaryOf(r.row, r.ownerName));
}

async function findingKeys(db: DbOrTx, analysisId: number) {
  return db
    .select({
      dealKey: hygieneAnalysisDeals.dealKey,
      dealName: hygieneAnalysisDeals.dealName,
      ruleId: hygieneAnalysisFindings.ruleId,
      severity: hygieneAnalysisFindings.severity,
      message: hygieneAnalysisFindings.message,
    })
    .from(hygieneAnalysisFindings)
    .innerJoin(
      hygieneAnalysisDeals,
      and(eq(hygieneAnalysisDeals.analysisId, hygieneAnalysisFindings.analysisId), eq(hygieneAnalysisDeals.fileRow, hygieneAnalysisFindings.fileRow)),
    )
    .where(eq(hygieneAnalysisFindings.analysisId, analysisId));
}

const LISTED = 200;

/**
 * This analysis against an earlier one of the same owner (by default the latest before it): each (deal, rule)
 * result is new, resolved or still open, deals matched by record id (else name); and the health change.
 */
export async function compareAnalyses(db: DbOrTx, actor: Actor, input: AnalysisCompare, now: Date) {
  const current = await loadAnalysis(db, actor, input.analysisId, now);
  if (current.status !== 'done') throw invalid('Confirm the mapping first: this file has not been analysed yet');
  let previous: HygieneAnalysis | undefined;
  if (input.previousId) {
    previous = await loadAnalysis(db, actor, input.previousId, now);
    if (previous.ownerId !== current.ownerId) throw invalid('Compare analyses of the same person');
  } else {
    [previous] = await db
      .select()
      .from(hygieneAnalyses)
      .where(
        and(
          eq(hygieneAnalyses.ownerId, current.ownerId),
          eq(hygieneAnalyses.status, 'done'),
          gt(hygieneAnalyses.expiresAt, now),
          sql`(${hygieneAnalyses.createdAt} < ${current.createdAt} or (${hygieneAnalyses.createdAt} = ${current.createdAt} and ${hygieneAnalyses.id} < ${current.id}))`,
        ),
      )
      .orderBy(desc(hygieneAnalyses.createdAt), desc(hygieneAnalyses.id))
      .limit(1);
  }
  if (!previous || previous.status !== 'done') return { previous: null };
  const before = await findingKeys(db, previous.id);
  const after = await findingKeys(db, current.id);
  const key = (f: { dealKey: string; ruleId: string }) => `${f.dealKey}\u0000${f.ruleId}`;
  const beforeKeys = new Set(before.map(key));
  const afterKeys = new Set(after.map(key));
  const added = after.filter((f) => !beforeKeys.has(key(f)));
  const resolved = before.filter((f) => !afterKeys.has(key(f)));
  const stillOpen = after.length - added.length;
  return {
    previous: { analysisId: previous.id, fileName: previous.fileName, createdAt: previous.createdAt, health: previous.health, openDeals: previous.openDeals },
    current: { analysisId: current.id, fileName: current.fileName, createdAt: current.createdAt, health: current.health, openDeals: current.openDeals },
    healthChange: current.health !== null && previous.health !== null ? current.health - previous.health : null,
    counts: { new: added.length, resolved: resolved.length, stillOpen },
    new: added.slice(0, LISTED),
    resolved: resolved.slice(0, LISTED),
  };
}

/** Deletes the analysis, its results and the stored file. */
export async function deleteAnalysis(db: Db, actor: Actor, input: { analysisId: number }, now: Date) {
  const row = await loadAnalysis(db, actor, input.analysisId, now);
  await inTransaction(db, async (tx) => {
    await removeAnalyses(tx, [row]);
  });
  return { deleted: true };
}

async function removeAnalyses(tx: DbOrTx, rows: Pick<HygieneAnalysis, 'id' | 'uploadId'>[]) {
  const ids = rows.map((r) => r.id);
  if (ids.length === 0) return;
  await tx.delete(hygieneAnalysisFindings).where(inArray(hygieneAnalysisFindings.analysisId, ids));
  await tx.delete(hygieneAnalysisDeals).where(inArray(hygieneAnalysisDeals.analysisId, ids));
  await tx.delete(hygieneAnalyses).where(inArray(hygieneAnalyses.id, ids));
  for (const r of rows) if (r.uploadId !== null) await dropUploadIfUnused(tx, r.uploadId);
}

/** The stored file goes with its analysis, unless an import was also started from it (its rejected rows read it). */
async function dropUploadIfUnused(tx: DbOrTx, uploadId: number) {
  const [used] = await tx.select({ id: imports.id }).from(imports).where(eq(imports.uploadId, uploadId)).limit(1);
  const [other] = await tx.select({ id: hygieneAnalyses.id }).from(hygieneAnalyses).where(eq(hygieneAnalyses.uploadId, uploadId)).limit(1);
  if (!used && !other) await deleteUpload(tx, uploadId);
}

const PURGE_BATCH = 50;

/** The nightly clean-up: analyses past their 30 days go, with their results and files. */
export async function purgeExpiredAnalyses(db: Db, now: Date): Promise<number> {
  let total = 0;
  for (;;) {
    const rows = await db
      .select({ id: hygieneAnalyses.id, uploadId: hygieneAnalyses.uploadId })
      .from(hygieneAnalyses)
      .where(lt(hygieneAnalyses.expiresAt, now))
      .limit(PURGE_BATCH);
    if (rows.length === 0) return total;
    await inTransaction(db, (tx) => removeAnalyses(tx, rows));
    total += rows.length;
    if (rows.length < PURGE_BATCH) return total;
  }
}

