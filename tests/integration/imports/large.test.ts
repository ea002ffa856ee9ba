// A 200,000-row contacts file, generated and streamed: no row cap, every row imported or rejected once.
import { Readable } from 'node:stream';
import { count, eq, like } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { accounts, contacts } from '../../../drizzle/schema';
import { receiveUpload, type UploadAnswer } from '../../../server/imports/uploads';
import { runImport } from '../../../server/imports/service';
import { systemClock } from '../../../server/lib/clock';
import { createLogger } from '../../../server/lib/log';
import type { SessionUser } from '../../../server/trpc';
import { callerFor } from '../../helpers/context';
import { makeUser } from '../../helpers/factories/users';
import { useTestDatabase } from '../../helpers/testDatabase';

const t = useTestDatabase();
let manager: SessionUser;

beforeAll(async () => {
  manager = await makeUser(t.db, { role: 'manager', name: 'Lara Large' });
});

const ROWS = 200_000;
/** Every 10,000th row has a bad email: 20 rejected. */
function* generated(): Generator<Buffer> {
  let chunk = 'Record ID,First Name,Last Name,Email,Company Name\n';
  for (let i = 0; i < ROWS; i++) {
    const email = i % 10_000 === 9_999 ? `broken${i}-at-large.example` : `person${i}@large${i % 1000}.example`;
    chunk += `L${i},First${i},Last${i},${email},Large Company ${i % 1000}\n`;
    if (chunk.length > 256 * 1024) {
      yield Buffer.from(chunk);
      chunk = '';
    }
  }
  if (chunk) yield Buffer.from(chunk);
}

describe('a 200,000-row contacts file', () => {
  it('is uploaded and imported whole', async () => {
    const stored = await receiveUpload({ db: t.db, env: t.env, clock: systemClock }, manager.id, Readable.from(generated()), 'large.csv');
    expect(stored.status).toBe(201);
    const upload = stored.body as UploadAnswer;
    expect(upload.rowCount).toBe(ROWS);
    const { importId } = await callerFor(t, manager).imports.start({ uploadId: upload.uploadId, entity: 'contacts' });
    await runImport(t.db, importId, { now: () => new Date(), log: createLogger('silent') });
    const done = await callerFor(t, manager).imports.status({ importId });
    expect(done).toMatchObject({ status: 'done', totalRows: ROWS, rowsDone: ROWS, created: ROWS - 20, rejected: 20, accountsCreated: 1000 });
    expect(done.rejectionSample[0]).toEqual({ rowIndex: 9_999, reason: 'Email: Enter a valid email address' });
    const [people] = await t.db.select({ n: count() }).from(contacts).where(like(contacts.email, '%.example'));
    expect(people!.n).toBe(ROWS - 20);
    const [companies] = await t.db.select({ n: count() }).from(accounts).where(like(accounts.accountName, 'Large Company %'));
    expect(companies!.n).toBe(1000);
    const [last] = await t.db.select().from(contacts).where(eq(contacts.email, `person${ROWS - 2}@large998.example`));
    expect(last).toMatchObject({ firstName: `First${ROWS - 2}`, ownerId: manager.id });
  }, 600_000);
});
