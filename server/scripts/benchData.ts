// npm run bench:data [-- --rows 1000000 --server-url mysql://root@127.0.0.1:3306 --keep]
// The bench's data section alone (the same as npm run bench -- --section data): server/scripts/lib/bench/data.ts.
import { benchData, runImportHere } from './lib/bench/data';
import { flagReader, parseFlags, UsageError } from './lib/args';

const usage = 'Usage: npm run bench:data -- [--rows 1000000] [--server-url mysql://root@127.0.0.1:3306] [--keep]';

async function main() {
  const flags = flagReader(parseFlags(process.argv.slice(2)), ['rows', 'server-url', 'keep', 'help', 'run-import', 'database-url']);
  if (flags.flag('help')) return console.log(usage);
  // The bench's own child: one import's job, in a process of its own (see importUpload in lib/bench/data.ts).
  const importId = flags.text('run-import');
  if (importId) return runImportHere(flags.text('database-url') ?? '', Number(importId));
  const ok = await benchData({ rows: flags.count('rows', 1_000_000, 1), serverUrl: flags.text('server-url') ?? 'mysql://root@127.0.0.1:3306', keep: flags.flag('keep') });
  if (!ok) process.exitCode = 1;
}

main().catch((error) => {
  if (error instanceof UsageError) {
    console.error(`${error.message}\n${usage}`);
    process.exit(64);
  }
  console.error(error);
  process.exitCode = 1;
});
