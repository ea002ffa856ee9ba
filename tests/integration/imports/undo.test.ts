// imports.undo: everything an import created goes, everything it updated comes back, or nothing happens.
import { and, count, eq, inArray, isNull, like } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { accounts, contacts, externalIds, importRecords } from '../../../drizzle/schema';
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
  manager = await makeUser(t.db, { role: 'manager' });
});

async function imported(csv: string, batchRows?: number) {
  const upload = await uploadFile(t, manager.id, csv, 'contacts.csv');
  const { importId } = await callerFor(t, manager).imports.start({ uploadId: upload.uploadId, entity: 'contacts' });
  await runImport(t.db, importId, { now: () => new Date(), log: createLogger('silent'), batchRows });
  return importId;
}

describe('imports.undo', () => {
  it('removes what it created and restores what it updated', async () => {
    const existing = await callerFor(t, manager).contacts.create({ firstName: 'Old', lastName: 'Timer', email: 'old@undo.example', title: 'Engineer' });
    const importId = await imported(
      'Record ID,First Name,Last Name,Email,Company Name,Job Title\n1,New,One,new1@undo.example,Undo Widgets,CTO\n2,Old,Timer,old@undo.example,,Chief Engineer\n',
    );
    const done = await callerFor(t, manager).imports.status({ importId });
    expect(done).toMatchObject({ created: 1, updated: 1, accountsCreated: 1 });
    const [widgets] = await t.db.select().from(accounts).where(eq(accounts.accountName, 'Undo Widgets'));

    const result = await callerFor(t, manager).imports.undo({ importId });
    expect(result).toMatchObject({ removed: 2, restored: 1 });
    expect(await t.db.select().from(contacts).where(eq(contacts.email, 'new1@undo.example'))).toEqual([]);
    const [restored] = await t.db.select().from(contacts).where(eq(contacts.id, existing.id));
    expect(restored?.title).toBe('Engineer');
    const [gone] = await t.db.select().from(accounts).where(eq(accounts.id, widgets!.id));
    expect(gone?.deletedAt).not.toBeNull();
    const [ext] = await t.db.select({ n: count() }).from(externalIds).where(inArray(externalIds.externalId, ['1']));
    expect(ext!.n).toBe(0);
    expect((await callerFor(t, manager).imports.status({ importId })).status).toBe('undone');
    await expect(callerFor(t, manager).imports.undo({ importId })).rejects.toThrow(/already been undone/);
  });

  it('is refused, changing nothing, when a record was edited since', async () => {
    const importId = await imported('First Name,Last Name,Email\nEdit,Me,edit@undo.example\nKeep,Me,keep@undo.example\n');
    const [edited] = await t.db.select().from(contacts).where(eq(contacts.email, 'edit@undo.example'));
    await callerFor(t, manager).contacts.update({ id: edited!.id, version: edited!.version, title: 'Edited after import' });
    await expect(callerFor(t, manager).imports.undo({ importId })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: '1 of the records this import wrote has been changed or deleted since, so undoing it would lose that work. Nothing was undone.',
    });
    expect(await t.db.select().from(contacts).where(eq(contacts.email, 'keep@undo.example'))).toHaveLength(1);
    expect((await callerFor(t, manager).imports.status({ importId })).status).toBe('done');
  });

  it('removes every record of a many-batch import, whose created ids the ledger keeps as ranges', async () => {
    const rows = Array.from({ length: 250 }, (_, i) => `Many,Person${i},many${i}@ranges.example,Ranges Co ${i % 7}`);
    const importId = await imported(`First Name,Last Name,Email,Company Name\n${rows.join('\n')}\n`, 100);
    expect(await callerFor(t, manager).imports.status({ importId })).toMatchObject({ created: 250, accountsCreated: 7 });
    // Three batches: a range of contacts each, and the accounts of the first batch as one more range.
    const ledger = await t.db.select().from(importRecords).where(eq(importRecords.importId, importId));
    expect(ledger.filter((r) => r.entityType === 'contact').map((r) => r.recordCount)).toEqual([100, 100, 50]);
    expect(ledger.filter((r) => r.entityType === 'account').map((r) => r.recordCount)).toEqual([7]);
    const result = await callerFor(t, manager).imports.undo({ importId });
    expect(result).toMatchObject({ removed: 257 });
    const [left] = await t.db.select({ n: count() }).from(contacts).where(like(contacts.email, '%@ranges.example'));
    expect(left!.n).toBe(0);
    const [live] = await t.db.select({ n: count() }).from(accounts).where(and(like(accounts.accountName, 'Ranges Co %'), isNull(accounts.deletedAt)));
    expect(live!.n).toBe(0);
  });

  it('is refused when a record it created was deleted since, even in the middle of a range', async () => {
    const rows = Array.from({ length: 5 }, (_, i) => `Gone,Person${i},gone${i}@ranges.example`);
    const importId = await imported(`First Name,Last Name,Email\n${rows.join('\n')}\n`);
    const [middle] = await t.db.select().from(contacts).where(eq(contacts.email, 'gone2@ranges.example'));
    await callerFor(t, manager).contacts.delete({ id: middle!.id });
    await expect(callerFor(t, manager).imports.undo({ importId })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: '1 of the records this import wrote has been changed or deleted since, so undoing it would lose that work. Nothing was undone.',
    });
    const [kept] = await t.db.select({ n: count() }).from(contacts).where(like(contacts.email, 'gone%@ranges.example'));
    expect(kept!.n).toBe(4);
  });

  it('is refused when a deal was added to an account the import created', async () => {
    const importId = await imported('First Name,Last Name,Email,Company Name\nDeal,Maker,deal@undo.example,Deal Target Ltd\n');
    const [target] = await t.db.select().from(accounts).where(eq(accounts.accountName, 'Deal Target Ltd'));
    await callerFor(t, manager).opportunities.create({ opportunityName: 'Later deal', accountId: target!.id, amount: '100', closeDate: '2027-01-01' } as never);
    await expect(callerFor(t, manager).imports.undo({ importId })).rejects.toThrow(/added deals or contacts to accounts this import created/);
    const other = await makeUser(t.db);
    await expect(callerFor(t, other).imports.undo({ importId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
