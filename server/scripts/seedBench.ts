// npm run seed -- --accounts 20000 --opportunities 100000 --activities 1000000
// Generates the bench dataset (accounts, ~3 contacts each, deals with stage history, activities, and the
// bench users) with batched multi-row INSERTs, and reports rows/s per table. Refuses a database that already
// holds business data unless --reset is given, which empties the business tables first.
import v8 from 'node:v8';
import { createDb, ensureDatabase, migrateDatabase } from '../db';
import { EnvError, loadEnv } from '../env';
import { createRandom } from '../domain/random';
import { flagReader, parseFlags, UsageError } from './lib/args';
import { ensureBenchUsers, resetBusinessTables, tablesWithData, BENCH_PASSWORD, benchEmail } from './lib/bench/database';
import { planBenchData } from './lib/bench/plan';
import { benchTables } from './lib/bench/rows';
import { BulkLoader, type TableReport } from './lib/bulkLoader';
import { refreshStageFlows } from '../insight/stageFlowAggregate';

const usage = `Usage: npm run seed -- [--accounts 20000] [--opportunities 100000] [--activities 1000000]
  [--contacts-per-account 3] [--reps 50] [--database-url mysql://root@127.0.0.1:3306/trucrm_bench] [--reset]
  [--batch-size 2000] [--connections 4] [--seed 1]
The database defaults to DATABASE_URL. --reset empties its business tables (accounts, contacts, leads,
opportunities, activities, projects, cases, products and what derives from them) before loading.`;

const known = ['accounts', 'opportunities', 'activities', 'contacts-per-account', 'reps', 'database-url', 'reset', 'batch-size', 'connections', 'seed', 'help'];

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

// Generating millions of rows makes millions of short-lived strings: a larger young generation cuts the
// garbage collector's share of the run by about a third.
v8.setFlagsFromString('--max-semi-space-size=64');

async function main() {
  const flags = flagReader(parseFlags(process.argv.slice(2)), known);
  if (flags.flag('help')) {
    console.log(usage);
    return;
  }
  const sizes = {
    accounts: flags.count('accounts', 20_000, 1),
    contactsPerAccount: flags.count('contacts-per-account', 3, 1),
    opportunities: flags.count('opportunities', 100_000),
    activities: flags.count('activities', 1_000_000),
  };
  const reps = flags.count('reps', 50, 1);
  const batchSize = flags.count('batch-size', 2_000, 1);
  // Four statements in flight keep both cores busy: MySQL's index maintenance, not Node, is the limit.
  const connections = flags.count('connections', 4, 1);
  const seed = flags.count('seed', 1);
  const databaseUrl = flags.text('database-url') ?? loadEnv().databaseUrl;
  const where = new URL(databaseUrl);
  const label = `${where.host}${where.pathname}`;

  await ensureDatabase(databaseUrl);
  const { db, pool } = createDb(databaseUrl, { connectionLimit: 2 });
  try {
    await migrateDatabase(db);
    const inUse = await tablesWithData(pool);
    if (inUse.length > 0 && !flags.flag('reset')) {
      console.error(
        `${label} already has business data (${inUse.join(', ')}). Nothing was changed.\n` +
          'Point --database-url at a database of its own, or add --reset to DELETE the business data there first.',
      );
      process.exitCode = 2;
      return;
    }
    if (flags.flag('reset')) {
      const t = performance.now();
      await resetBusinessTables(pool);
      console.log(`Emptied the business tables of ${label} (${fmt((performance.now() - t) / 1000, 1)} s)`);
    }

    const started = performance.now();
    const owners = await ensureBenchUsers(db, { reps, managers: 5, csms: 8 });
    const plan = planBenchData(createRandom(seed), sizes, owners.length, Date.now());
    const planned = performance.now();
    console.log(`Seeding ${label}: planned in ${fmt((planned - started) / 1000, 1)} s; loading with ${connections} connections, ${fmt(batchSize)} rows per INSERT`);

    const loader = await BulkLoader.open(databaseUrl, connections);
    const reports: TableReport[] = [];
    try {
      for (const table of benchTables(plan, owners, seed, batchSize)) {
        const report = await loader.load(table);
        reports.push(report);
        console.log(`  ${report.name.padEnd(28)} ${fmt(report.rows).padStart(11)} rows  ${fmt(report.seconds, 1).padStart(6)} s  ${fmt(report.rowsPerSecond).padStart(9)} rows/s`);
      }
    } finally {
      await loader.close();
    }
    const seconds = (performance.now() - started) / 1000;
    const rows = reports.reduce((sum, r) => sum + r.rows, 0);
    console.log(`  ${'total (incl. planning)'.padEnd(28)} ${fmt(rows).padStart(11)} rows  ${fmt(seconds, 1).padStart(6)} s  ${fmt(rows / seconds).padStart(9)} rows/s`);

    // Fresh index statistics, so the first queries against the new data get the plans they will have later.
    const analyzing = performance.now();
    for (const r of reports) await pool.query(`ANALYZE TABLE \`${r.name}\``);
    console.log(`Analyzed the tables in ${fmt((performance.now() - analyzing) / 1000, 1)} s.`);
    // The funnel's precomputed counts, as the nightly insight.stageFlows job keeps them.
    await refreshStageFlows(db, new Date());
    console.log(`Bench users: ${benchEmail('manager', 1)}, ${benchEmail('rep', 1)} ... (password ${BENCH_PASSWORD}). Next: npm run bench`);
  } finally {
    await pool.end();
  }
}

main().catch((error) => {
  if (error instanceof UsageError || error instanceof EnvError) {
    console.error(error.message);
    console.error(usage);
    process.exit(64);
  }
  console.error('Seeding failed:', error);
  process.exit(1);
});
