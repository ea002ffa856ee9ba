// npm run bench:data [-- --rows 1000000 --server-url mysql://root@127.0.0.1:3306]
// Data in and out on a throwaway database of its own: generates a contacts CSV of --rows rows (streamed, never
// whole in memory), uploads it through the upload code, imports it through the import job's code, then exports
// every contact as CSV into a null sink. Prints rows/s for each pass and the process's peak RSS.
import mysql from 'mysql2/promise';
import { randomBytes } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createDb, migrateDatabase } from '../db';
import { runImport, startImport } from '../imports/service';
import { receiveUpload, type UploadAnswer } from '../imports/uploads';
import { userActor } from '../lib/actor';
import { systemClock } from '../lib/clock';
import { createLogger } from '../lib/log';
import { exportCsv, exportDefinitions } from '../reports/exports';
import { insertUserWithPassword } from '../services/users';
import { flagReader, parseFlags } from './lib/args';

const known = ['rows', 'server-url', 'keep', 'help'];

function* contactsCsv(rows: number): Generator<Buffer> {
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

async function main() {
  const flags = flagReader(parseFlags(process.argv.slice(2)), known);
  if (flags.flag('help')) return console.log('Usage: npm run bench:data -- [--rows 1000000] [--server-url mysql://root@127.0.0.1:3306] [--keep]');
  const rows = flags.count('rows', 1_000_000, 1);
  const serverUrl = flags.text('server-url') ?? 'mysql://root@127.0.0.1:3306';
  const name = `trucrm_benchdata_${randomBytes(3).toString('hex')}`;
  const admin = await mysql.createConnection({ uri: serverUrl });
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  const { db, pool } = createDb(`${serverUrl}/${name}`, { connectionLimit: 4 });
  let peakRss = process.memoryUsage().rss;
  /** The peak of the pass running now (reset before each), besides the process's overall peak. */
  let passPeak = 0;
  const sampler = setInterval(() => {
    const rss = process.memoryUsage().rss;
    peakRss = Math.max(peakRss, rss);
    passPeak = Math.max(passPeak, rss);
  }, 50);
  const passRss = () => {
    const peak = passPeak;
    passPeak = 0;
    return `, peak RSS ${mb(peak)}`;
  };
  const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
  try {
    await migrateDatabase(db);
    const userId = await insertUserWithPassword(db, { email: 'bench-importer@bench.example', name: 'Bench Importer', role: 'manager', password: 'bench1234', timeZone: 'UTC' });
    const actor = userActor({ id: userId, name: 'Bench Importer', role: 'manager' });
    console.log(`bench:data on ${name}: ${rows.toLocaleString('en')} contacts (5,000 companies)`);

    passRss();
    let started = performance.now();
    const stored = await receiveUpload({ db, clock: systemClock, env: { uploadMaxBytes: 2000 * 1024 * 1024 } }, userId, Readable.from(contactsCsv(rows)), 'bench-contacts.csv');
    if (stored.status !== 201) throw new Error(`upload refused: ${JSON.stringify(stored.body)}`);
    const upload = stored.body as UploadAnswer;
    let seconds = (performance.now() - started) / 1000;
    console.log(`upload + streaming pass  ${upload.rowCount.toLocaleString('en')} rows, ${mb(upload.byteSize)} in ${seconds.toFixed(1)} s = ${Math.round(upload.rowCount / seconds).toLocaleString('en')} rows/s${passRss()}`);

    const { importId } = await startImport(db, actor, { uploadId: upload.uploadId, entity: 'contacts', options: { unknownAccount: 'create', unknownOwner: 'me' } }, new Date());
    started = performance.now();
    await runImport(db, importId, { now: () => new Date(), log: createLogger('silent') });
    seconds = (performance.now() - started) / 1000;
    const [done] = (await pool.query('SELECT status, created, rejected, accounts_created AS accountsCreated FROM imports WHERE id = ?', [importId])) as unknown as [
      { status: string; created: number; rejected: number; accountsCreated: number }[],
    ];
    console.log(
      `import                   ${rows.toLocaleString('en')} rows in ${seconds.toFixed(1)} s = ${Math.round(rows / seconds).toLocaleString('en')} rows/s (${done[0]!.status}: ${done[0]!.created.toLocaleString('en')} contacts, ${done[0]!.accountsCreated} accounts, ${done[0]!.rejected} rejected)${passRss()}`,
    );

    started = performance.now();
    let exported = -1;
    let bytes = 0;
    const sink = new Writable({
      write(chunk: Buffer, _enc, callback) {
        bytes += chunk.length;
        callback();
      },
    });
    const definition = exportDefinitions.contacts!;
    const csv = Readable.from(exportCsv(db, actor, definition, { sort: 'lastName', sortDirection: 'asc' }));
    // Data lines: CRLFs written, less the header's.
    csv.on('data', (chunk: string) => {
      for (let i = chunk.indexOf('\n'); i >= 0; i = chunk.indexOf('\n', i + 1)) exported++;
    });
    await pipeline(csv, sink);
    seconds = (performance.now() - started) / 1000;
    console.log(`export                   ${exported.toLocaleString('en')} rows, ${mb(bytes)} in ${seconds.toFixed(1)} s = ${Math.round(exported / seconds).toLocaleString('en')} rows/s${passRss()}`);
    console.log(`peak RSS                 ${mb(peakRss)}`);
  } finally {
    clearInterval(sampler);
    await pool.end();
    if (!flags.flag('keep')) await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await admin.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
