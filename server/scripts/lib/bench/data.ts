// The bench's data section (issue #18), on a throwaway database of its own, through the real upload, import and
// export code:
// - a generated contacts CSV of `rows` rows (streamed, never whole in memory): uploaded, then imported by the
//   import job's code (accounts created for its 5,000 companies): rows/s and the pass's peak RSS; each measured import
//   runs in a process of its own, as a worker process runs it, so its RSS is not what the upload's streaming pass
//   (done by the web process in production) left behind in this one;
// - Maven's CRM sales pipeline (tests/fixtures/real, 8,800 deals) imported as opportunities after its 85 accounts:
//   rows/s and peak RSS;
// - `rows` activities (written with INSERT ... SELECT from the contacts) exported through the report export's
//   CSV stream into a null sink: rows/s.
// Targets: import >= 20k rows/s with peak RSS < 300 MB (no row cap), export >= 100k rows/s.
import mysql from 'mysql2/promise';
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ImportStart } from '../../../../shared/schemas/imports';
import { createDb, type Db, migrateDatabase } from '../../../db';
import { runImport, startImport } from '../../../imports/service';
import { receiveUpload, type UploadAnswer } from '../../../imports/uploads';
import { type UserActor, userActor } from '../../../lib/actor';
import { systemClock } from '../../../lib/clock';
import { createLogger } from '../../../lib/log';
import { planFor } from '../../../reports/execute';
import { reportCsvStream } from '../../../reports/reportCsv';
import { insertUserWithPassword } from '../../../services/users';

export interface DataBenchOptions {
  /** Contacts in the generated file, and activities exported. */
  rows: number;
  /** The MySQL server (no database): the bench creates trucrm_benchdata_<random> there and drops it after. */
  serverUrl: string;
  keep?: boolean;
}

export const TARGET_IMPORT_ROWS_PER_S = 20_000;
export const TARGET_IMPORT_RSS_MB = 300;
export const TARGET_EXPORT_ROWS_PER_S = 100_000;

const fixture = (name: string) => readFileSync(new URL(`../../../../tests/fixtures/real/${name}`, import.meta.url));
const fmt = (n: number) => Math.round(n).toLocaleString('en');
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

export function* contactsCsv(rows: number): Generator<Buffer> {
  let chunk = 'Record ID,First Name,Last Name,Email,Phone Number,Job Title,Company Name\n';
  for (let i = 0; i < rows; i++) {
    chunk += `${100000000 + i},First${i},Last${i},person${i}@bench${i % 5000}.example,+1 555 ${String(i % 10000).padStart(4, '0')},Buyer ${i % 17},Bench Company ${i % 5000}\n`;
    if (chunk.length > 256 * 1024) {
      yield Buffer.from(chunk);
      chunk = '';
    }
  }
  if (chunk) yield Buffer.from(chunk);
}

/** The process's RSS, sampled every 20 ms: the peak since the last `pass()` and since the start. */
function rssSampler() {
  let overall = process.memoryUsage.rss();
  let pass = 0;
  const timer = setInterval(() => {
    const rss = process.memoryUsage.rss();
    overall = Math.max(overall, rss);
    pass = Math.max(pass, rss);
  }, 20);
  return {
    /** The peak of the pass that just ended, in MB; starts the next pass. */
    pass() {
      const peak = Math.max(pass, process.memoryUsage.rss());
      pass = 0;
      return mb(peak);
    },
    overall: () => mb(overall),
    stop: () => clearInterval(timer),
  };
}

async function upload(db: Db, actor: UserActor, content: Iterable<Buffer> | Buffer, fileName: string): Promise<UploadAnswer> {
  const body = Buffer.isBuffer(content) ? [content] : content;
  const stored = await receiveUpload({ db, clock: systemClock, env: { uploadMaxBytes: 2000 * 1024 * 1024 } }, actor.id, Readable.from(body), fileName);
  if (stored.status !== 201) throw new Error(`upload of ${fileName} refused: ${JSON.stringify(stored.body)}`);
  return stored.body as UploadAnswer;
}

/**
 * Runs an import's job in this process (a child the bench starts, as a worker process would run it): prints its
 * seconds and the process's peak RSS while it ran as one JSON line.
 */
export async function runImportHere(databaseUrl: string, importId: number): Promise<void> {
  const { db, pool } = createDb(databaseUrl, { connectionLimit: 4 });
  const rss = rssSampler();
  try {
    rss.pass();
    const started = performance.now();
    await runImport(db, importId, { now: () => new Date(), log: createLogger('silent') });
    const seconds = (performance.now() - started) / 1000;
    console.log(JSON.stringify({ seconds, peakRssMb: rss.pass() }));
  } finally {
    rss.stop();
    await pool.end();
  }
}

/**
 * Runs the import job's code on an upload; the seconds it took, the import's counts, and the peak RSS of the run.
 * `inWorker`: the job runs in a process of its own, as in a worker process (`--role=worker`), so its RSS is the
 * import's, not what the upload's streaming pass in this process left behind; otherwise here (`--role=all`).
 */
async function importUpload(
  db: Db,
  databaseUrl: string,
  actor: UserActor,
  uploadId: number,
  entity: ImportStart['entity'],
  options: ImportStart['options'],
  inWorker: { rss: ReturnType<typeof rssSampler> } | null,
) {
  const { importId } = await startImport(db, actor, { uploadId, entity, options } as ImportStart, new Date());
  let seconds: number;
  let peakRssMb: number | null = null;
  if (inWorker) {
    const script = fileURLToPath(new URL('../../benchData.ts', import.meta.url));
    const child = spawnSync(process.execPath, [...process.execArgv, script, '--run-import', String(importId), '--database-url', databaseUrl], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    const last = child.stdout.trim().split('\n').pop() ?? '';
    if (child.status !== 0 || !last.startsWith('{')) throw new Error(`the import's process failed (${child.status}): ${child.stdout}`);
    ({ seconds, peakRssMb } = JSON.parse(last) as { seconds: number; peakRssMb: number });
    inWorker.rss.pass();
  } else {
    const started = performance.now();
    await runImport(db, importId, { now: () => new Date(), log: createLogger('silent') });
    seconds = (performance.now() - started) / 1000;
  }
  const [rows] = (await db.$client.query(
    'SELECT status, total_rows AS totalRows, created, updated, rejected, accounts_created AS accountsCreated FROM imports WHERE id = ?',
    [importId],
  )) as unknown as [{ status: string; totalRows: number; created: number; updated: number; rejected: number; accountsCreated: number }[]];
  return { seconds, peakRssMb, ...rows[0]! };
}

/** `count` activities on the contacts, a statement per 100,000 (set-based; not timed). */
async function writeActivities(db: Db, count: number) {
  const [[{ contacts }]] = (await db.$client.query('SELECT COUNT(*) AS contacts FROM contacts')) as unknown as [[{ contacts: number }]];
  if (contacts === 0) throw new Error('no contacts to hang the activities on');
  for (let written = 0; written < count; ) {
    const n = Math.min(100_000, count - written);
    // Round after round over the contacts when there are fewer contacts than activities.
    const offset = written % contacts;
    await db.$client.query(
      `INSERT INTO activities (type, subject, body, occurred_at, direction, related_to_type, related_to_id, account_id, owner_id, created_at, updated_at)
       SELECT ELT(1 + c.id % 4, 'call', 'email', 'meeting', 'note'), CONCAT('Bench activity with ', c.first_name, ' ', c.last_name), NULL,
              NOW(3) - INTERVAL (c.id % 1000) HOUR, IF(c.id % 4 = 1, 'outbound', NULL), 'contact', c.id, c.account_id, c.owner_id, NOW(3), NOW(3)
       FROM (SELECT id FROM contacts ORDER BY id LIMIT ? OFFSET ?) pick JOIN contacts c ON c.id = pick.id`,
      [Math.min(n, contacts - offset), offset],
    );
    written += Math.min(n, contacts - offset);
  }
}

const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');

/** Runs the data section; false when a target is missed. */
export async function benchData(options: DataBenchOptions): Promise<boolean> {
  const name = `trucrm_benchdata_${randomBytes(3).toString('hex')}`;
  const admin = await mysql.createConnection({ uri: options.serverUrl });
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  const databaseUrl = `${options.serverUrl.replace(/\/+$/, '')}/${name}`;
  const { db, pool } = createDb(databaseUrl, { connectionLimit: 4 });
  const rss = rssSampler();
  const results: boolean[] = [];
  try {
    await migrateDatabase(db);
    const userId = await insertUserWithPassword(db, { email: 'bench-importer@bench.example', name: 'Bench Importer', role: 'manager', password: 'bench1234', timeZone: 'UTC' });
    const actor = userActor({ id: userId, name: 'Bench Importer', role: 'manager' });
    console.log(`Data bench on ${name} (targets: import >= ${fmt(TARGET_IMPORT_ROWS_PER_S)} rows/s with peak RSS < ${TARGET_IMPORT_RSS_MB} MB, export >= ${fmt(TARGET_EXPORT_ROWS_PER_S)} rows/s)`);

    // Maven first: its pass's RSS is then the small file's own, not what the big import left behind.
    const accountsFile = await upload(db, actor, fixture('maven-accounts.csv'), 'accounts.csv');
    await importUpload(db, databaseUrl, actor, accountsFile.uploadId, 'accounts', { unknownAccount: 'create', unknownOwner: 'me' }, null);
    rss.pass();
    const pipelineFile = await upload(db, actor, fixture('maven-sales-pipeline.csv'), 'sales_pipeline.csv');
    const maven = await importUpload(db, databaseUrl, actor, pipelineFile.uploadId, 'opportunities', { unknownAccount: 'create', unknownOwner: 'me' }, { rss });
    const mavenRate = maven.totalRows / maven.seconds;
    const mavenRss = maven.peakRssMb!;
    const mavenOk = mavenRate >= TARGET_IMPORT_ROWS_PER_S && mavenRss < TARGET_IMPORT_RSS_MB;
    results.push(mavenOk);
    console.log(
      `  import Maven pipeline (opportunities)  ${fmt(maven.totalRows)} rows in ${maven.seconds.toFixed(2)} s = ${fmt(mavenRate)} rows/s, peak RSS ${mavenRss} MB ` +
        `(${maven.status}: ${fmt(maven.created)} deals, ${fmt(maven.rejected)} rejected)  ${verdict(mavenOk)}`,
    );

    let started = performance.now();
    const contacts = await upload(db, actor, contactsCsv(options.rows), 'bench-contacts.csv');
    let seconds = (performance.now() - started) / 1000;
    console.log(`  upload + analysis of the contacts CSV  ${fmt(contacts.rowCount)} rows, ${mb(contacts.byteSize)} MB in ${seconds.toFixed(1)} s = ${fmt(contacts.rowCount / seconds)} rows/s, peak RSS ${rss.pass()} MB`);
    const imported = await importUpload(db, databaseUrl, actor, contacts.uploadId, 'contacts', { unknownAccount: 'create', unknownOwner: 'me' }, { rss });
    const importRate = imported.totalRows / imported.seconds;
    const importRss = imported.peakRssMb!;
    const importOk = importRate >= TARGET_IMPORT_ROWS_PER_S && importRss < TARGET_IMPORT_RSS_MB && imported.created + imported.rejected === options.rows;
    results.push(importOk);
    console.log(
      `  import generated contacts              ${fmt(imported.totalRows)} rows in ${imported.seconds.toFixed(1)} s = ${fmt(importRate)} rows/s, peak RSS ${importRss} MB ` +
        `(${imported.status}: ${fmt(imported.created)} contacts, ${fmt(imported.accountsCreated)} accounts, ${fmt(imported.rejected)} rejected)  ${verdict(importOk)}`,
    );

    started = performance.now();
    await writeActivities(db, options.rows);
    console.log(`  (${fmt(options.rows)} activities written for the export in ${((performance.now() - started) / 1000).toFixed(1)} s)`);
    rss.pass();
    const plan = planFor(actor, { entity: 'activities', columns: ['id', 'type', 'subject', 'direction', 'relatedToType', 'accountName', 'occurredAt', 'owner', 'createdAt'], filters: [], groupBy: [], aggregates: [], sort: [] }, new Date());
    let exported = 0;
    let bytes = 0;
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        bytes += chunk.length;
        callback();
      },
    });
    started = performance.now();
    await pipeline(reportCsvStream(db, plan, actor.id, () => exported++), sink);
    seconds = (performance.now() - started) / 1000;
    const exportRate = exported / seconds;
    const exportOk = exportRate >= TARGET_EXPORT_ROWS_PER_S && exported === options.rows;
    results.push(exportOk);
    console.log(
      `  export activities (report CSV)         ${fmt(exported)} rows, ${mb(bytes)} MB in ${seconds.toFixed(1)} s = ${fmt(exportRate)} rows/s, peak RSS ${rss.pass()} MB  ${verdict(exportOk)}`,
    );
    console.log(`  peak RSS of the section's own process (uploads, analysis, export; the imports ran in theirs) ${rss.overall()} MB`);
  } finally {
    rss.stop();
    await pool.end();
    if (!options.keep) await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await admin.end();
  }
  const ok = results.every(Boolean);
  console.log(`Data bench: ${ok ? 'every target met' : 'a target was missed (see MISS above)'}.`);
  return ok;
}
