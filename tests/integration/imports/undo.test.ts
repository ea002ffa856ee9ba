// imports.undo: everything an import created goes, everything it updated comes back, or nothing happens.
import { count, eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { accounts, contacts, externalIds } from '../../../drizzle/schema';
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

async function imported(csv: string) {
  const upload = await uploadFile(t, manager.id, csv, 'contacts.csv');
  const { importId } = await callerFor(t, manager).imports.start({ uploadId: upload.uploadId, entity: 'contacts' });
  await runImport(t.db, importId, { now: () => new Date(), log: createLogger('silent') });
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

  it('is refused when a deal was added to an account the import created', async () => {
    const importId = await imported('First Name,Last Name,Email,Company Name\nDeal,Maker,deal@undo.example,Deal Target Ltd\n');
    const [target] = await t.db.select().from(accounts).where(eq(accounts.accountName, 'Deal Target Ltd'));
    await callerFor(t, manager).opportunities.create({ opportunityName: 'Later deal', accountId: target!.id, amount: '100', closeDate: '2027-01-01' } as never);
    await expect(callerFor(t, manager).imports.undo({ importId })).rejects.toThrow(/added deals or contacts to accounts this import created/);
    const other = await makeUser(t.db);
    await expect(callerFor(t, other).imports.undo({ importId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
