// A worker process killed (SIGKILL, no chance to clean up) in the middle of an import, and a second run that
// resumes from the last committed batch: every row lands exactly once, with its audit row and its undo record.
import { spawn } from 'node:child_process';
import { and, count, eq, like, sum } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { accounts, auditLog, contacts, importRecords, imports, leads } from '../../../drizzle/schema';
import { runImport } from '../../../server/imports/service';
import { createLogger } from '../../../server/lib/log';
import type { SessionUser } from '../../../server/trpc';
import { callerFor } from '../../helpers/context';
import { makeUser } from '../../helpers/factories/users';
import { useTestDatabase } from '../../helpers/testDatabase';
import { uploadFile } from '../../helpers/uploads';

const t = useTestDatabase();
let manager: SessionUser;

beforeAll(async () => {
  manager = await makeUser(t.db, { role: 'manager', name: 'Kim Killed' });
});

const ROWS = 20_000;
const csv = () =>
  'Email,First Name,Last Name,Company Name\n' +
  Array.from({ length: ROWS }, (_, i) => `person${i}@resume.example,First${i},Last${i},Resume Company ${i % 40}`).join('\n');

async function rowsDone(importId: number) {
  const [row] = await t.db.select({ rowsDone: imports.rowsDone, status: imports.status }).from(imports).where(eq(imports.id, importId));
  return row!;
}

describe('a worker killed mid-import', () => {
  it('resumes from its checkpoint without duplicating or losing a row', async () => {
    const upload = await uploadFile(t, manager.id, csv(), 'resume.csv');
    const { importId } = await callerFor(t, manager).imports.start({ uploadId: upload.uploadId, entity: 'contacts' });

    const worker = spawn(process.execPath, ['--import', 'tsx', 'tests/helpers/importWorker.ts', t.url, String(importId)], { stdio: ['ignore', 'ignore', 'pipe'] });
    let errors = '';
    worker.stderr.on('data', (d) => (errors += d));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => worker.once('exit', (_code, signal) => resolve(signal)));
    // Killed once a few batches are in: almost always in the middle of the next one.
    await expect.poll(async () => (await rowsDone(importId)).rowsDone, { timeout: 120_000, interval: 25 }).toBeGreaterThanOrEqual(2000);
    worker.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(errors).toBe('');

    const checkpoint = await rowsDone(importId);
    expect(checkpoint.status).toBe('running');
    expect(checkpoint.rowsDone % 500).toBe(0);
    expect(checkpoint.rowsDone).toBeLessThan(ROWS);
    // What is committed is whole batches: as many contacts as rows done, no half batch.
    const [before] = await t.db.select({ n: count() }).from(contacts).where(like(contacts.email, '%@resume.example'));
    expect(before!.n).toBe(checkpoint.rowsDone);

    await runImport(t.db, importId, { now: () => new Date(), log: createLogger('silent'), batchRows: 500 });
    const done = await callerFor(t, manager).imports.status({ importId });
    expect(done).toMatchObject({ status: 'done', rowsDone: ROWS, created: ROWS, updated: 0, rejected: 0, accountsCreated: 40 });
    const [people] = await t.db.select({ n: count() }).from(contacts).where(like(contacts.email, '%@resume.example'));
    expect(people!.n).toBe(ROWS);
    const [companies] = await t.db.select({ n: count() }).from(accounts).where(like(accounts.accountName, 'Resume Company %'));
    expect(companies!.n).toBe(40);
    const [records] = await t.db.select({ n: sum(importRecords.recordCount).mapWith(Number) }).from(importRecords).where(and(eq(importRecords.importId, importId), eq(importRecords.entityType, 'contact')));
    expect(records!.n).toBe(ROWS);
    const [audits] = await t.db.select({ n: count() }).from(auditLog).where(and(eq(auditLog.entityType, 'contact'), eq(auditLog.actorId, manager.id), eq(auditLog.action, 'create')));
    expect(audits!.n).toBe(ROWS);
  }, 180_000);
});

describe('two imports at once', () => {
  it('match the same new people once, contacts and leads alike', async () => {
    const people = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `same${from + i}@race.example,First${from + i},Last${from + i},Race Ltd`).join('\n');
    // 0-2999 in one file, 1000-3999 in the other: 2,000 people in both.
    const one = await uploadFile(t, manager.id, `Email,First Name,Last Name,Company\n${people(0, 3000)}\n`, 'one.csv');
    const two = await uploadFile(t, manager.id, `Email,First Name,Last Name,Company\n${people(1000, 4000)}\n`, 'two.csv');
    for (const entity of ['contacts', 'leads'] as const) {
      const a = await callerFor(t, manager).imports.start({ uploadId: one.uploadId, entity });
      const b = await callerFor(t, manager).imports.start({ uploadId: two.uploadId, entity });
      const run = (importId: number) => runImport(t.db, importId, { now: () => new Date(), log: createLogger('silent'), batchRows: 250 });
      await Promise.all([run(a.importId), run(b.importId)]);
      const [sa, sb] = [await callerFor(t, manager).imports.status(a), await callerFor(t, manager).imports.status(b)];
      expect([sa.status, sb.status]).toEqual(['done', 'done']);
      expect(sa.created + sb.created).toBe(4000);
      expect(sa.updated + sa.unchanged + sb.updated + sb.unchanged).toBe(2000);
    }
    const [c] = await t.db.select({ n: count() }).from(contacts).where(like(contacts.email, '%@race.example'));
    expect(c!.n).toBe(4000);
    const [l] = await t.db.select({ n: count() }).from(leads).where(like(leads.email, '%@race.example'));
    expect(l!.n).toBe(4000);
  }, 120_000);
});
