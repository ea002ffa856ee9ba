// Imports end to end against MySQL: real HubSpot and Salesforce exports, bad rows, re-runs, a crash, cancel.
import { and, count, eq, inArray, sum } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { accounts, auditLog, contacts, externalIds, importRecords, jobs } from '../../../drizzle/schema';
import { runImportJob } from '../../../server/imports/jobs';
import { runImport } from '../../../server/imports/service';
import { systemClock } from '../../../server/lib/clock';
import { createLogger } from '../../../server/lib/log';
import type { SessionUser } from '../../../server/trpc';
import { callerFor } from '../../helpers/context';
import { makeUser, TEST_PASSWORD } from '../../helpers/factories/users';
import { startTestServer } from '../../helpers/http';
import { signInCookie } from '../../helpers/signIn';
import { useTestDatabase } from '../../helpers/testDatabase';
import { realFixture, uploadFile } from '../../helpers/uploads';

const t = useTestDatabase();
const log = createLogger('silent');
let rep: SessionUser;
let manager: SessionUser;

beforeAll(async () => {
  rep = await makeUser(t.db, { name: 'Riley Rep' });
  manager = await makeUser(t.db, { role: 'manager', name: 'Morgan Manager' });
});

const run = (importId: number, extra: Partial<Parameters<typeof runImport>[2]> = {}) =>
  runImport(t.db, importId, { now: () => new Date(), log, ...extra });

async function importFile(user: SessionUser, content: Buffer | string, fileName: string, entity: 'accounts' | 'contacts', extra: Record<string, unknown> = {}) {
  const upload = await uploadFile(t, user.id, content, fileName);
  const { importId } = await callerFor(t, user).imports.start({ uploadId: upload.uploadId, entity, ...extra });
  return { upload, importId };
}

const status = (user: SessionUser, importId: number) => callerFor(t, user).imports.status({ importId });

async function countWhere(table: typeof accounts | typeof contacts, ids?: number[]) {
  const [row] = await t.db.select({ n: count() }).from(table).where(ids ? inArray(table.id, ids) : undefined);
  return row!.n;
}

describe('a HubSpot companies export (5,954 rows, internal names)', () => {
  let importId: number;

  it('proposes the mapping without help', async () => {
    const upload = await uploadFile(t, rep.id, realFixture('hubspot-companies.csv'), 'companies.csv');
    const preview = await callerFor(t, rep).imports.preview({ uploadId: upload.uploadId, entity: 'accounts' });
    expect(preview.mapping).toEqual({ accountName: 'name', domain: 'domain', externalId: 'hs_object_id' });
    expect(preview.mappingProblems).toEqual({});
    expect(preview.rows[0]).toMatchObject({ outcome: 'create', message: null });
  });

  it('imports every company once, rejecting the one without a name', async () => {
    const before = await countWhere(accounts);
    ({ importId } = await importFile(rep, realFixture('hubspot-companies.csv'), 'companies.csv', 'accounts'));
    expect((await status(rep, importId)).status).toBe('queued');
    await run(importId);
    const done = await status(rep, importId);
    // Counted by hand (tests/fixtures/real): 5,954 rows, one with an empty name, no two with one domain.
    expect(done).toMatchObject({ status: 'done', totalRows: 5954, rowsDone: 5954, created: 5953, updated: 0, rejected: 1 });
    expect(done.rejectionSample).toEqual([{ rowIndex: expect.any(Number), reason: 'Account name is required' }]);
    expect((await countWhere(accounts)) - before).toBe(5953);
    const [lemon] = await t.db.select().from(accounts).where(eq(accounts.domain, 'lemonperfect.com'));
    expect(lemon).toMatchObject({ accountName: 'Lemon Perfect', ownerId: rep.id });
    const [ext] = await t.db.select().from(externalIds).where(and(eq(externalIds.entityType, 'account'), eq(externalIds.externalId, '16578613132')));
    expect(ext?.recordId).toBe(lemon!.id);
    const [audits] = await t.db.select({ n: count() }).from(auditLog).where(and(eq(auditLog.entityType, 'account'), eq(auditLog.actorId, rep.id)));
    expect(audits!.n).toBeGreaterThanOrEqual(5953);
    expect(done.firstCreated[0]).toMatchObject({ name: 'Lemon Perfect' });
  });

  it('a second import of the same file changes nothing and duplicates nothing', async () => {
    const before = await countWhere(accounts);
    const again = await importFile(rep, realFixture('hubspot-companies.csv'), 'companies.csv', 'accounts');
    await run(again.importId);
    expect(await status(rep, again.importId)).toMatchObject({ status: 'done', created: 0, updated: 0, unchanged: 5953, rejected: 1 });
    expect(await countWhere(accounts)).toBe(before);
  });

  it('gives the rejected rows back as CSV with the row and the reason', async () => {
    const server = await startTestServer(t);
    try {
      const cookie = await signInCookie(server, rep.email, TEST_PASSWORD, '192.0.2.120');
      const res = await fetch(`${server.baseUrl}/api/imports/${importId}/rejected.csv`, { headers: { cookie } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/csv/);
      const text = await res.text();
      const lines = text.replace(/^\ufeff/, '').trim().split('\n');
      expect(lines[0]).toBe('Row,Reason,createdate,domain,hs_lastmodifieddate,hs_object_id,name');
      expect(lines).toHaveLength(2);
      expect(lines[1]).toMatch(/^\d+,Account name is required,2024-04-17T18:05:12.777Z,wintersphoto.com,.*,20317097313,$/);
      const other = await makeUser(t.db);
      const otherCookie = await signInCookie(server, other.email, TEST_PASSWORD, '192.0.2.121');
      expect((await fetch(`${server.baseUrl}/api/imports/${importId}/rejected.csv`, { headers: { cookie: otherCookie } })).status).toBe(403);
    } finally {
      await server.close();
    }
  });
});

describe('contacts with bad rows, owners and accounts', () => {
  const csv = [
    'First Name,Last Name,Email,Company Name,Contact owner,Job Title',
    'Ada,Lovelace,ada@analytical.example,Analytical Engines,,Countess',
    'Bad,Email,not-an-email,Analytical Engines,,',
    ',Nofirst,nofirst@example.com,,,',
    'Grace,Hopper,grace@navy.example,Navy Labs,Morgan Manager,Rear Admiral',
    'Alan,Turing,alan@bletchley.example,Bletchley Park,nobody@nowhere.example,',
    'Ada,Lovelace,ADA@analytical.example,Analytical Engines,,Mathematician',
  ].join('\n');

  it('validates each row with the contact form rules and creates missing accounts', async () => {
    const { importId } = await importFile(manager, csv, 'contacts.csv', 'contacts');
    await run(importId);
    const done = await status(manager, importId);
    // Ada twice (same email, any case): one contact; bad email and missing first name rejected.
    expect(done).toMatchObject({ status: 'done', created: 3, updated: 1, rejected: 2, accountsCreated: 3 });
    expect(done.rejectionSample.map((r) => r.reason)).toEqual(['Email: Enter a valid email address', 'First name is required']);
    const [ada] = await t.db.select().from(contacts).where(eq(contacts.email, 'ada@analytical.example'));
    expect(ada).toMatchObject({ firstName: 'Ada', title: 'Mathematician', ownerId: manager.id });
    const [engines] = await t.db.select().from(accounts).where(eq(accounts.id, ada!.accountId!));
    expect(engines?.accountName).toBe('Analytical Engines');
    const [grace] = await t.db.select().from(contacts).where(eq(contacts.email, 'grace@navy.example'));
    expect(grace?.ownerId).toBe(manager.id);
    // An unknown owner is "me" by default.
    const [alan] = await t.db.select().from(contacts).where(eq(contacts.email, 'alan@bletchley.example'));
    expect(alan?.ownerId).toBe(manager.id);
  });

  it('rejects unknown accounts and owners when asked to, and a rep importing for someone else', async () => {
    const strict = csv.replaceAll('@', '+strict@');
    const { importId } = await importFile(manager, strict, 'strict.csv', 'contacts', { options: { unknownAccount: 'reject', unknownOwner: 'reject' } });
    await run(importId);
    const done = await status(manager, importId);
    // Analytical Engines and Navy Labs exist now; Bletchley Park exists too (created above), but the owner is unknown.
    expect(done).toMatchObject({ created: 2, rejected: 3, accountsCreated: 0 });
    expect(done.rejectionSample.map((r) => r.reason)).toContain('Owner: nobody called "nobody+strict@nowhere.example" uses Tru-CRM');

    const newAccount = 'First Name,Last Name,Email,Company Name,Contact owner\nNew,Person,new.person@example.com,Nowhere Ltd,Morgan Manager\nMy,Own,my.own@example.com,Elsewhere Ltd,\n';
    const byRep = await importFile(rep, newAccount, 'rep.csv', 'contacts', { options: { unknownAccount: 'reject' } });
    await run(byRep.importId);
    const repDone = await status(rep, byRep.importId);
    expect(repDone.rejectionSample.map((r) => r.reason)).toEqual([
      'Owner: only managers and admins can import records for someone else',
      'Account: no account called "Elsewhere Ltd" (choose "create missing accounts" to add it)',
    ]);
  });

  it('refuses a mapping without the required fields, naming them', async () => {
    const upload = await uploadFile(t, rep.id, 'Email\nx@example.com\n', 'emails.csv');
    await expect(callerFor(t, rep).imports.start({ uploadId: upload.uploadId, entity: 'contacts' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'Choose the column that holds the first name',
    });
    await expect(callerFor(t, rep).imports.start({ uploadId: upload.uploadId, entity: 'contacts', mapping: { firstName: 'Nope' } })).rejects.toThrow(
      /The file has no column "Nope"/,
    );
  });
});

describe('large files, crashes and cancelling', () => {
  const generated = (n: number, tag: string) =>
    'email,firstname,lastname,company\n' +
    Array.from({ length: n }, (_, i) => `${tag}${i}@gen.example,First${i},Last${i},${tag} Company ${i % 50}`).join('\n');

  it('resumes after a crash from its last committed batch without duplicating a row', async () => {
    const { importId } = await importFile(manager, generated(2500, 'crash'), 'crash.csv', 'contacts');
    let batches = 0;
    await expect(
      run(importId, {
        batchRows: 500,
        afterBatch: () => {
          batches++;
          if (batches === 2) throw new Error('worker killed');
        },
      }),
    ).rejects.toThrow('worker killed');
    expect(await status(manager, importId)).toMatchObject({ status: 'running', rowsDone: 1000, created: 1000 });
    await run(importId, { batchRows: 500 });
    expect(await status(manager, importId)).toMatchObject({ status: 'done', rowsDone: 2500, created: 2500, rejected: 0, accountsCreated: 50 });
    const [n] = await t.db.select({ n: sum(importRecords.recordCount).mapWith(Number) }).from(importRecords).where(and(eq(importRecords.importId, importId), eq(importRecords.entityType, 'contact')));
    expect(n!.n).toBe(2500);
  });

  it('two runs at once commit each batch once', async () => {
    const { importId } = await importFile(manager, generated(3000, 'twice'), 'twice.csv', 'contacts');
    await Promise.all([run(importId, { batchRows: 500 }), run(importId, { batchRows: 500 })]);
    expect(await status(manager, importId)).toMatchObject({ status: 'done', rowsDone: 3000, created: 3000 });
  });

  it('cancels a queued import at once and a running one after its batch', async () => {
    const queued = await importFile(manager, generated(10, 'queued'), 'q.csv', 'contacts');
    expect(await callerFor(t, manager).imports.cancel({ importId: queued.importId })).toMatchObject({ status: 'cancelled' });
    await run(queued.importId);
    expect(await status(manager, queued.importId)).toMatchObject({ status: 'cancelled', rowsDone: 0 });

    const running = await importFile(manager, generated(2000, 'cancel'), 'c.csv', 'contacts');
    await run(running.importId, {
      batchRows: 500,
      afterBatch: async (rowsDone) => {
        if (rowsDone === 500) await callerFor(t, manager).imports.cancel({ importId: running.importId });
      },
    });
    expect(await status(manager, running.importId)).toMatchObject({ status: 'cancelled', rowsDone: 500, created: 500 });
    await expect(callerFor(t, manager).imports.cancel({ importId: running.importId })).rejects.toThrow(/already been cancelled/);
  });

  it('runs through the job queue, and only its owner and managers see it', async () => {
    const { importId } = await importFile(rep, realFixture('maven-accounts.xlsx'), 'accounts.xlsx', 'accounts');
    const [job] = await t.db.select().from(jobs).where(eq(jobs.dedupeKey, `import:${importId}`));
    expect(job?.type).toBe('imports.run');
    await runImportJob.handle(
      { db: t.db, log, clock: systemClock, env: t.env, job: { id: job!.id, type: job!.type, attempt: 1, maxAttempts: 10 }, signal: new AbortController().signal },
      { importId },
    );
    // 85 Maven accounts: names only, mapped from "account"; sector -> industry, office_location -> region.
    expect(await status(rep, importId)).toMatchObject({ status: 'done', created: 85, rejected: 0 });
    const [acme] = await t.db.select().from(accounts).where(eq(accounts.accountName, 'Acme Corporation'));
    expect(acme).toMatchObject({ industry: 'technolgy', region: 'United States' });
    const other = await makeUser(t.db);
    await expect(status(other, importId)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(status(manager, importId)).resolves.toMatchObject({ status: 'done' });
    expect((await callerFor(t, other).imports.list()).map((i) => i.importId)).not.toContain(importId);
    expect((await callerFor(t, rep).imports.list()).map((i) => i.importId)).toContain(importId);
  });
});
