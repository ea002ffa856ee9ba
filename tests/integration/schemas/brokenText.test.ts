// Text that is not well-formed Unicode (a lone UTF-16 surrogate) is refused with a field error, wherever it
// is typed: it used to reach the audit log's JSON insert and fail with a 500.
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, auditLog } from '../../../drizzle/schema';
import { BROKEN_TEXT_MESSAGE } from '../../../shared/schemas/common';
import type { SessionUser } from '../../../server/trpc';
import { callerFor } from '../../helpers/context';
import { clientError } from '../../helpers/errorShape';
import { makeAccount } from '../../helpers/factories/accounts';
import { makeUser, TEST_PASSWORD } from '../../helpers/factories/users';
import { startTestServer } from '../../helpers/http';
import { signInCookie } from '../../helpers/signIn';
import { useTestDatabase } from '../../helpers/testDatabase';

const t = useTestDatabase();
const HALF_AN_EMOJI = '\uD83D'; // the first half of 😀 (U+1F600) alone
let server: Awaited<ReturnType<typeof startTestServer>>;
let rep: SessionUser;
let cookie: string;

beforeAll(async () => {
  server = await startTestServer(t);
  rep = await makeUser(t.db);
  cookie = await signInCookie(server, rep.email, TEST_PASSWORD, '192.0.2.60');
});
afterAll(async () => {
  await server?.close();
});

function createAccount(body: string) {
  return fetch(`${server.baseUrl}/trpc/accounts.create`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.origin, cookie },
    body,
  });
}

describe('broken text', () => {
  it('refuses an accountName holding a lone surrogate with 400 and a field error, and stores nothing', async () => {
    // Exactly what goes over the wire: JSON's \ud83d escape decodes to the lone surrogate.
    const res = await createAccount('{"json":{"accountName":"Acme \\ud83d Corp"}}');
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { json: { data: { code: string; fieldErrors: Record<string, string[]> } } } };
    expect(body.error.json.data.code).toBe('BAD_REQUEST');
    expect(body.error.json.data.fieldErrors).toEqual({ accountName: [BROKEN_TEXT_MESSAGE] });
    expect((await t.db.select({ n: count() }).from(accounts))[0]?.n).toBe(0);
    expect((await t.db.select({ n: count() }).from(auditLog))[0]?.n).toBe(0);
  });

  it('takes the whole emoji, and every other well-formed text', async () => {
    const res = await createAccount(JSON.stringify({ json: { accountName: 'Café 😀 Ünited 株式会社' } }));
    expect(res.status).toBe(200);
  });

  it.each([
    ['an optional field', (c: ReturnType<typeof callerFor>) => c.accounts.create({ accountName: 'Ok', industry: `Retail${HALF_AN_EMOJI}` }), 'industry'],
    ['a contact name', (c: ReturnType<typeof callerFor>) => c.contacts.create({ firstName: HALF_AN_EMOJI, lastName: 'Doe' }), 'firstName'],
    ['a lead company', (c: ReturnType<typeof callerFor>) => c.leads.create({ firstName: 'A', lastName: 'B', company: `X${HALF_AN_EMOJI}` }), 'company'],
    ['an email', (c: ReturnType<typeof callerFor>) => c.contacts.create({ firstName: 'A', lastName: 'B', email: `a${HALF_AN_EMOJI}@x.com` }), 'email'],
    ['a search box', (c: ReturnType<typeof callerFor>) => c.accounts.list({ search: HALF_AN_EMOJI }), 'search'],
  ])('refuses it in %s too', async (_what, call, field) => {
    const error = await clientError(call(callerFor(t, rep)));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.fieldErrors?.[field]).toEqual([BROKEN_TEXT_MESSAGE]);
  });

  it('refuses it in an activity logged against a record', async () => {
    const account = await makeAccount(t.db, { ownerId: rep.id });
    const error = await clientError(
      callerFor(t, rep).activities.create({ type: 'note', subject: `Call ${HALF_AN_EMOJI}`, relatedToType: 'account', relatedToId: account.id }),
    );
    expect(error.fieldErrors?.subject).toEqual([BROKEN_TEXT_MESSAGE]);
  });

  it('refuses it in the organisation’s settings', async () => {
    const admin = await makeUser(t.db, { role: 'admin' });
    const error = await clientError(callerFor(t, admin).settings.update({ organisationName: `Initech ${HALF_AN_EMOJI}` }));
    expect(error.fieldErrors?.organisationName).toEqual([BROKEN_TEXT_MESSAGE]);
  });
});
