// Page cursors are opaque but come from the client: a crafted one answers 400, never a 500 from the database.
import superjson from 'superjson';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../../server/trpc';
import { callerFor } from '../../helpers/context';
import { clientError } from '../../helpers/errorShape';
import { makeAccount } from '../../helpers/factories/accounts';
import { makeUser } from '../../helpers/factories/users';
import { useTestDatabase } from '../../helpers/testDatabase';

const t = useTestDatabase();
let admin: SessionUser;
let accountId: number;

/** A cursor as the server would encode it, from superjson's wire form: value and meta chosen by the attacker. */
const raw = (wire: unknown) => Buffer.from(JSON.stringify(wire)).toString('base64url');
const cursorOf = (value: unknown, id: unknown) => Buffer.from(superjson.stringify([value, id])).toString('base64url');

const crafted: [string, string][] = [
  ['a value of NaN', cursorOf(Number.NaN, 5)],
  ['a value of Infinity', cursorOf(Number.POSITIVE_INFINITY, 5)],
  ['a value of -Infinity', cursorOf(Number.NEGATIVE_INFINITY, 5)],
  ['a string typed as a Date', raw({ json: ['not a date', 5], meta: { values: { '0': ['Date'] } } })],
  ['a Date beyond what DATETIME holds', raw({ json: ['+275760-09-13T00:00:00.000Z', 5], meta: { values: { '0': ['Date'] } } })],
  ['a bigint value', raw({ json: ['123', 5], meta: { values: { '0': ['bigint'] } } })],
  ['a Set value', cursorOf(new Set([1]), 5)],
  ['an object value', cursorOf({ toString: 'x' }, 5)],
  ['an id of NaN', cursorOf(null, Number.NaN)],
  ['an id of Infinity', cursorOf(new Date(), Number.POSITIVE_INFINITY)],
  ['a fractional id', cursorOf(new Date(), 1.5)],
  ['a negative id', cursorOf(new Date(), -1)],
  ['an id beyond safe integers', cursorOf(new Date(), 2 ** 60)],
  ['a string id', cursorOf(new Date(), '5')],
  ['three elements', raw({ json: ['x', 5, 6] })],
  ['an object', raw({ json: { value: 'x', id: 5 } })],
  ['a bare string', raw({ json: 'x' })],
  ['a lone surrogate', cursorOf('\uD800', 5)],
  ['no JSON at all', Buffer.from('%%%').toString('base64url')],
  ['not base64', '!!!'],
];

beforeAll(async () => {
  admin = await makeUser(t.db, { role: 'admin' });
  accountId = (await makeAccount(t.db, { ownerId: admin.id })).id;
});

describe('crafted cursors', () => {
  it.each(crafted)('accounts.list by date refuses %s with BAD_REQUEST', async (_what, cursor) => {
    const error = await clientError(callerFor(t, admin).accounts.list({ sort: 'createdAt', cursor }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toMatch(/cursor/);
  });

  it.each(crafted)('accounts.list by name refuses %s with BAD_REQUEST', async (_what, cursor) => {
    expect((await clientError(callerFor(t, admin).accounts.list({ sort: 'accountName', cursor }))).code).toBe('BAD_REQUEST');
  });

  it.each(crafted)('activities.timeline refuses %s with BAD_REQUEST', async (_what, cursor) => {
    expect((await clientError(callerFor(t, admin).activities.timeline({ accountId, cursor }))).code).toBe('BAD_REQUEST');
  });

  it.each(crafted)('jobs.list refuses %s with BAD_REQUEST', async (_what, cursor) => {
    expect((await clientError(callerFor(t, admin).jobs.list({ cursor }))).code).toBe('BAD_REQUEST');
  });

  it('still pages with the cursors the server hands out', async () => {
    for (let i = 0; i < 3; i += 1) await makeAccount(t.db, { ownerId: admin.id });
    const first = await callerFor(t, admin).accounts.list({ sort: 'createdAt', limit: 2 });
    expect(first.nextCursor).not.toBeNull();
    const second = await callerFor(t, admin).accounts.list({ sort: 'createdAt', limit: 2, cursor: first.nextCursor });
    expect(second.items.length).toBeGreaterThan(0);
    expect(second.items.map((a) => a.id)).not.toContain(first.items[0]!.id);
  });
});
