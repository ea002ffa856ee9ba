// A worker process for the resume test: runs one import in batches of 500 until it finishes or is killed.
// Usage: node --import tsx tests/helpers/importWorker.ts <database url> <import id>
import { createDb } from '../../server/db';
import { runImport } from '../../server/imports/service';
import { createLogger } from '../../server/lib/log';

const [url, importId] = process.argv.slice(2);
const { db, pool } = createDb(url!, { connectionLimit: 2 });
await runImport(db, Number(importId), { now: () => new Date(), log: createLogger('silent'), batchRows: 500 });
await pool.end();
