// Imports: preview a mapping on the first rows, start the job, follow it, cancel it. The job itself
// (runImport) streams the upload from the last committed row and applies it batch by batch.
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { accounts, activities, contacts, type Import, importRecords, importRejections, imports, leads, opportunities, products, users } from '../../drizzle/schema';
import { isManagerOrAdmin } from '../../shared/access';
import type { ImportPreview, ImportStart } from '../../shared/schemas/imports';
import type { Stage } from '../../shared/stages';
import { stageFrom } from '../domain/imports/stages';
import { type ImportEntity, importFields, mappingProblems, proposeMapping } from '../domain/imports/fields';
import { type Db, type DbOrTx, inTransaction, withConnection } from '../db';
import { enqueue } from '../jobs/enqueue';
import { type Actor, systemActor, type UserActor, userActor } from '../lib/actor';
import { DomainError, forbidden, invalid, invalidFields, notFound } from '../lib/errors';
import type { Logger } from '../lib/log';
import { applyBatch, entityTypes, ImportStopped } from './batches';
import { type ImportSpec, joinPrepared, loadOwners, planBatch, type PreparedBatch, prepareBatch, type RowPlan } from './rows';
import { getUpload, readUploadRows, type UploadInfo, type UploadRow } from './uploadStore';

/** Rows per transaction: big enough for the bulk insert to pay, small enough to hold locks briefly. */
export const IMPORT_BATCH_ROWS = 1000;
/** Rows read and prepared between two turns of the event loop while the previous batch is written. */
const PREPARE_SLICE_ROWS = 50;
const PREVIEW_ROWS = 10;

function requireUser(actor: Actor): UserActor {
  if (actor.id === null) throw forbidden('Imports are started by a person');
  return actor as UserActor;
}

function checkedMapping(entity: ImportEntity, upload: UploadInfo, requested: Record<string, string> | undefined) {
  const mapping = requested ?? proposeMapping(entity, upload.columns);
  const problems = mappingProblems(entity, upload.columns, mapping);
  return { mapping, problems };
}

function describePlan(plan: RowPlan): { outcome: 'create' | 'update' | 'merge' | 'reject'; message: string | null; recordId?: number } {
  switch (plan.kind) {
    case 'create':
      return { outcome: 'create', message: null };
    case 'update':
      return { outcome: 'update', message: null, recordId: plan.recordId };
    case 'merge':
      return { outcome: 'merge', message: `Same record as row ${plan.into + 2}` };
    case 'reject':
      return { outcome: 'reject', message: plan.reason };
  }
}

/** The proposed (or given) mapping, the fields to choose from, and what would happen to each of the first rows. */
export async function previewImport(db: DbOrTx, actor: Actor, input: ImportPreview) {
  const user = requireUser(actor);
  const upload = await getUpload(db, actor, input.uploadId);
  const { mapping, problems } = checkedMapping(input.entity, upload, input.mapping);
  const spec: ImportSpec = { entity: input.entity, mapping, options: input.options, columns: upload.columns, actor: user, now: () => new Date() };
  const rows: UploadRow[] = upload.sample.slice(0, PREVIEW_ROWS).map((cells, index) => ({ index, cells }));
  const plan = Object.keys(problems).length === 0 ? await planBatch(db, spec, await loadOwners(db), rows) : null;
  return {
    upload: { uploadId: upload.id, fileName: upload.fileName, rowCount: upload.rowCount, columns: upload.columns },
    entity: input.entity,
    fields: importFields[input.entity].map(({ key, label, required }) => ({ key, label, required: required ?? false })),
    mapping,
    mappingProblems: problems,
    rows: rows.map((row, i) => ({ index: row.index, cells: row.cells, ...(plan ? describePlan(plan.plans[i]!) : { outcome: null, message: null }) })),
  };
}

/** Distinct stage values kept for the mapping step; a file with more is not a pipeline's stage column. */
const STAGE_VALUES_SHOWN = 200;

/**
 * The stage mapping step: every distinct value of the file's stage column (streamed, so a big file takes a few
 * seconds), most rows first, with the stage the built-in table proposes for it (null: the user must choose).
 */
export async function stageValues(db: DbOrTx, actor: Actor, input: { uploadId: number; column: string }) {
  requireUser(actor);
  const upload = await getUpload(db, actor, input.uploadId);
  const at = upload.columns.indexOf(input.column);
  if (at < 0) throw invalidFields({ column: [`The file has no column "${input.column}"`] });
  const counts = new Map<string, number>();
  let more = false;
  for await (const row of readUploadRows(db, upload)) {
    const value = (row.cells[at] ?? '').trim();
    const seen = counts.get(value);
    if (seen !== undefined) counts.set(value, seen + 1);
    else if (counts.size < STAGE_VALUES_SHOWN) counts.set(value, 1);
    else more = true;
  }
  const values = [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([value, rows]) => ({ value, rows, proposed: stageFrom(value, undefined) as Stage | null }));
  return { column: input.column, values, more };
}

export async function startImport(db: Db, actor: Actor, input: ImportStart, now: Date) {
  const user = requireUser(actor);
  if (input.entity === 'products' && !isManagerOrAdmin(user)) throw forbidden('Only managers and admins can change the product catalogue');
  const upload = await getUpload(db, actor, input.uploadId);
  const { mapping, problems } = checkedMapping(input.entity, upload, input.mapping);
  if (Object.keys(problems).length > 0) {
    throw invalidFields(Object.fromEntries(Object.entries(problems).map(([field, message]) => [`mapping.${field}`, [message]])));
  }
  return inTransaction(db, async (tx) => {
    const [row] = await tx
      .insert(imports)
      .values({
        uploadId: upload.id,
        fileName: upload.fileName,
        ownerId: user.id,
        entity: input.entity,
        mapping,
        options: input.options,
        totalRows: upload.rowCount,
        createdAt: now,
        updatedAt: now,
      })
      .$returningId();
    const importId = row!.id;
    await enqueue(tx, { type: 'imports.run', payload: { importId }, dedupeKey: `import:${importId}`, maxAttempts: 10 }, now);
    return { importId };
  });
}

async function loadImport(db: DbOrTx, actor: Actor, importId: number): Promise<Import> {
  const [row] = await db.select().from(imports).where(eq(imports.id, importId));
  if (!row) throw notFound('Import');
  if (actor.role !== 'system' && !isManagerOrAdmin(actor) && row.ownerId !== actor.id) {
    throw forbidden('Only the person who ran this import, managers and admins can see it');
  }
  return row;
}

/** Rows per second and the time left, from the time spent running batches (so a restart does not skew it). */
function progressOf(row: Import, now: Date) {
  const rowsPerSecond = row.activeMs > 0 ? Math.round((row.rowsDone / row.activeMs) * 1000) : null;
  const left = row.totalRows - row.rowsDone;
  const secondsLeft = row.status === 'running' && rowsPerSecond ? Math.ceil(left / rowsPerSecond) : row.status === 'done' ? 0 : null;
  const elapsedMs = row.startedAt ? (row.finishedAt ?? now).getTime() - row.startedAt.getTime() : 0;
  return { rowsPerSecond, secondsLeft, elapsedMs };
}

const summary = (row: Import, ownerName: string | null, now: Date) => ({
  importId: row.id,
  fileName: row.fileName,
  entity: row.entity,
  status: row.status,
  ownerId: row.ownerId,
  ownerName,
  totalRows: row.totalRows,
  rowsDone: row.rowsDone,
  created: row.created,
  updated: row.updated,
  unchanged: row.unchanged,
  rejected: row.rejected,
  accountsCreated: row.accountsCreated,
  cancelRequested: row.cancelRequested,
  error: row.error,
  createdAt: row.createdAt,
  startedAt: row.startedAt,
  finishedAt: row.finishedAt,
  ...progressOf(row, now),
});

/** Names to link to on the import's page (records deleted since are left out). */
async function recordNames(db: DbOrTx, entity: ImportEntity, ids: number[]): Promise<{ id: number; name: string }[]> {
  if (ids.length === 0) return [];
  if (entity === 'accounts') {
    return db.select({ id: accounts.id, name: accounts.accountName }).from(accounts).where(and(inArray(accounts.id, ids), isNull(accounts.deletedAt)));
  }
  if (entity === 'opportunities') {
    return db
      .select({ id: opportunities.id, name: opportunities.opportunityName })
      .from(opportunities)
      .where(and(inArray(opportunities.id, ids), isNull(opportunities.deletedAt)));
  }
  if (entity === 'products') return db.select({ id: products.id, name: products.productName }).from(products).where(inArray(products.id, ids));
  if (entity === 'activities') return db.select({ id: activities.id, name: activities.subject }).from(activities).where(inArray(activities.id, ids));
  const table = entity === 'leads' ? leads : contacts;
  const rows = await db.select({ id: table.id, first: table.firstName, last: table.lastName }).from(table).where(inArray(table.id, ids));
  return rows.map((r) => ({ id: r.id, name: `${r.first} ${r.last}` }));
}

export async function importStatus(db: DbOrTx, actor: Actor, { importId }: { importId: number }, now: Date) {
  const row = await loadImport(db, actor, importId);
  const [owner] = await db.select({ name: users.name }).from(users).where(eq(users.id, row.ownerId));
  const entityType = entityTypes[row.entity];
  // Created records are kept as ranges of ids: the first ranges hold the first ten.
  const created = await db
    .select({ recordId: importRecords.recordId, recordCount: importRecords.recordCount })
    .from(importRecords)
    .where(and(eq(importRecords.importId, importId), eq(importRecords.entityType, entityType), eq(importRecords.action, 'created')))
    .orderBy(importRecords.id)
    .limit(10);
  const firstIds = created.flatMap((r) => Array.from({ length: Math.min(r.recordCount, 10) }, (_, i) => r.recordId + i)).slice(0, 10);
  const firstCreated = await recordNames(db, row.entity, firstIds);
  const rejectionSample = await db
    .select({ rowIndex: importRejections.rowIndex, reason: importRejections.reason })
    .from(importRejections)
    .where(eq(importRejections.importId, importId))
    .orderBy(importRejections.rowIndex)
    .limit(10);
  return { ...summary(row, owner?.name ?? null, now), mapping: row.mapping, options: row.options, firstCreated, rejectionSample };
}

export async function listImports(db: DbOrTx, actor: Actor, input: { limit: number }, now: Date) {
  const rows = await db
    .select({ row: imports, ownerName: users.name })
    .from(imports)
    .innerJoin(users, eq(users.id, imports.ownerId))
    .where(actor.role === 'system' || isManagerOrAdmin(actor) ? undefined : eq(imports.ownerId, actor.id!))
    .orderBy(desc(imports.createdAt), desc(imports.id))
    .limit(input.limit);
  return rows.map((r) => summary(r.row, r.ownerName, now));
}

/** A queued import is cancelled at once; a running one stops after its current batch (what is committed stays). */
export async function cancelImport(db: Db, actor: Actor, { importId }: { importId: number }, now: Date) {
  return inTransaction(db, async (tx) => {
    const [row] = await tx.select().from(imports).where(eq(imports.id, importId)).for('update');
    if (!row) throw notFound('Import');
    await loadImport(tx, actor, importId);
    if (row.status !== 'queued' && row.status !== 'running') {
      throw invalid(`This import has already ${row.status === 'done' ? 'finished' : row.status === 'failed' ? 'failed' : row.status === 'undone' ? 'been undone' : 'been cancelled'}`);
    }
    const stopNow = row.status === 'queued';
    await tx
      .update(imports)
      .set({ cancelRequested: true, ...(stopNow ? { status: 'cancelled' as const, finishedAt: now } : {}), updatedAt: now })
      .where(eq(imports.id, importId));
    return importStatus(tx, actor, { importId }, now);
  });
}

async function finish(db: DbOrTx, importId: number, set: Partial<Import>, now: Date) {
  await db.update(imports).set({ ...set, finishedAt: now, updatedAt: now }).where(eq(imports.id, importId));
}

/** How long a batch waits for another import's batch to commit before its run gives up (and the job retries). */
const MATCHING_LOCK_SECONDS = 120;

/**
 * Each batch is planned and written holding one lock per database, so two imports running at once match against
 * each other's committed rows: the same new email in both files makes one contact (created by the first, updated
 * by the second), never a duplicate or a failed batch. Imports are the only writers that take it; a batch holds it
 * for the time of one batch.
 */
async function underMatchingLock(db: Db, work: (session: Db) => Promise<void>): Promise<void> {
  await withConnection(db, async (session) => {
    const [rows] = (await session.execute(sql`SELECT GET_LOCK(CONCAT(DATABASE(), ':imports.matching'), ${MATCHING_LOCK_SECONDS}) AS got`)) as unknown as [{ got: number | null }[]];
    if (rows[0]?.got !== 1) throw new Error('another import kept the matching lock too long; this one resumes from its last batch');
    try {
      await work(session);
    } finally {
      await session.execute(sql`SELECT RELEASE_LOCK(CONCAT(DATABASE(), ':imports.matching'))`);
    }
  });
}

/**
 * The job: from the last committed row to the end, in batches of IMPORT_BATCH_ROWS, each in its own
 * transaction. Safe to run again after a crash (it resumes), and to run twice at once (a batch is committed
 * once; the slower run stops).
 */
export async function runImport(
  db: Db,
  importId: number,
  deps: { now: () => Date; log: Logger; signal?: AbortSignal; batchRows?: number; afterBatch?: (rowsDone: number) => Promise<void> | void },
): Promise<void> {
  const [row] = await db.select().from(imports).where(eq(imports.id, importId));
  if (!row || row.status === 'done' || row.status === 'failed' || row.status === 'cancelled' || row.status === 'undone') return;
  if (row.cancelRequested) return finish(db, importId, { status: 'cancelled' }, deps.now());
  const [owner] = await db.select({ id: users.id, name: users.name, role: users.role, active: users.active }).from(users).where(eq(users.id, row.ownerId));
  if (!owner?.active) return finish(db, importId, { status: 'failed', error: 'The person who started this import is no longer active' }, deps.now());
  let upload: UploadInfo;
  try {
    upload = await getUpload(db, systemActor('import'), row.uploadId ?? 0);
  } catch (error) {
    if (error instanceof DomainError) return finish(db, importId, { status: 'failed', error: 'The uploaded file is no longer there' }, deps.now());
    throw error;
  }
  await db
    .update(imports)
    .set({ status: 'running', startedAt: row.startedAt ?? deps.now(), updatedAt: deps.now() })
    .where(eq(imports.id, importId));

  const spec: ImportSpec = {
    entity: row.entity,
    mapping: row.mapping,
    options: row.options,
    columns: upload.columns,
    actor: userActor({ id: owner.id, name: owner.name, role: (owner.role ?? 'rep') as UserActor['role'] }),
    now: deps.now,
  };
  const owners = await loadOwners(db);
  const batchRows = deps.batchRows ?? IMPORT_BATCH_ROWS;
  let from = row.rowsDone;
  const commit = async (batch: PreparedBatch) => {
    const started = performance.now();
    await underMatchingLock(db, async (session) => {
      const plan = await planBatch(session, spec, owners, batch);
      await inTransaction(session, (tx) => applyBatch(tx, importId, spec, plan, { from, count: batch.rows.length }, deps.now(), () => performance.now() - started));
    });
    from += batch.rows.length;
    await deps.afterBatch?.(from);
  };
  const rows = readUploadRows(db, upload, { from });
  /**
   * The next batch, read, parsed and validated (what needs no database), a slice of rows at a time with a turn of
   * the event loop between slices: reading ahead runs on promises, which would otherwise keep the batch being
   * written from answering its database replies until the whole next batch is ready.
   */
  const nextBatch = async (): Promise<PreparedBatch> => {
    const slices: PreparedBatch[] = [];
    let read = 0;
    for (let done = false; !done && read < batchRows; ) {
      const slice: UploadRow[] = [];
      while (slice.length < PREPARE_SLICE_ROWS && read < batchRows) {
        const next = await rows.next();
        if (next.done) {
          done = true;
          break;
        }
        slice.push(next.value);
        read++;
      }
      slices.push(prepareBatch(spec, owners, slice));
      await new Promise((resolve) => setImmediate(resolve));
    }
    return joinPrepared(slices);
  };
  let ahead: Promise<PreparedBatch> | null = null;
  try {
    // The next batch is prepared while this one is written: the database works while Node parses.
    for (let batch = await nextBatch(); batch.rows.length > 0; batch = await ahead!) {
      ahead = nextBatch();
      // Its failure is met when it is awaited; a run that stops first never awaits it.
      ahead.catch(() => {});
      await commit(batch);
      if (deps.signal?.aborted) throw new Error('import paused: the worker is shutting down; it resumes from its last batch');
    }
  } catch (error) {
    if (error instanceof ImportStopped) {
      if (error.why === 'cancelled') {
        const [now] = await db.select({ status: imports.status }).from(imports).where(eq(imports.id, importId));
        if (now?.status === 'running') await finish(db, importId, { status: 'cancelled' }, deps.now());
      }
      return;
    }
    throw error;
  } finally {
    // Closes the upload's stream, once any read under way has settled.
    await ahead?.catch(() => {});
    await rows.return(undefined);
  }
  await db
    .update(imports)
    .set({ status: 'done', finishedAt: deps.now(), updatedAt: deps.now() })
    .where(and(eq(imports.id, importId), eq(imports.status, 'running')));
}

/** The job gave up for good: the import says so rather than seem to run forever. */
export async function markImportFailed(db: DbOrTx, importId: number, message: string, now: Date) {
  await db
    .update(imports)
    .set({ status: 'failed', error: message.slice(0, 2000), finishedAt: now, updatedAt: now })
    .where(and(eq(imports.id, importId), inArray(imports.status, ['queued', 'running'])));
}
