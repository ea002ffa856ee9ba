import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../../server/lib/actor';
import { fixedClock } from '../../../server/lib/clock';
import { auditTrail } from '../../helpers/audit';
import { callerFor } from '../../helpers/context';
import { clientError } from '../../helpers/errorShape';
import { makeAccount } from '../../helpers/factories/accounts';
import { makeContact } from '../../helpers/factories/contacts';
import { makeOpportunity } from '../../helpers/factories/opportunities';
import { makeUser } from '../../helpers/factories/users';
import { useTestDatabase } from '../../helpers/testDatabase';

const t = useTestDatabase();
const clock = fixedClock(new Date('2026-11-23T10:00:00.000Z'));

let rep: SessionUser;
let otherRep: SessionUser;

beforeAll(async () => {
  rep = await makeUser(t.db, { role: 'rep' });
  otherRep = await makeUser(t.db, { role: 'rep' });
});

const as = (user: SessionUser) => callerFor(t, user, clock);

async function dealWithPeople() {
  const account = await makeAccount(t.db, { ownerId: rep.id });
  const deal = await makeOpportunity(t.db, { ownerId: rep.id, accountId: account.id });
  const alice = await makeContact(t.db, { ownerId: rep.id, accountId: account.id, lastName: 'Archer' });
  const bob = await makeContact(t.db, { ownerId: otherRep.id, accountId: account.id, lastName: 'Baker' });
  return { account, deal, alice, bob };
}

describe('the people on a deal', () => {
  it('adds people of the account with their part, lists them by name, changes and removes them, audited', async () => {
    const { deal, alice, bob } = await dealWithPeople();
    const added = await as(rep).opportunities.addContact({ opportunityId: deal.id, contactId: bob.id, role: 'Technical evaluator' });
    await as(rep).opportunities.addContact({ opportunityId: deal.id, contactId: alice.id });
    expect((await as(otherRep).opportunities.listContacts({ opportunityId: deal.id })).map((c) => [c.lastName, c.role])).toEqual([
      ['Archer', null],
      ['Baker', 'Technical evaluator'],
    ]);
    await as(rep).opportunities.updateContact({ id: added.id, role: 'Decision maker' });
    await as(rep).opportunities.removeContact({ id: added.id });
    expect((await as(rep).opportunities.listContacts({ opportunityId: deal.id })).map((c) => c.lastName)).toEqual(['Archer']);
    expect((await auditTrail(t.db, 'opportunityContact', added.id)).map((a) => a.action)).toEqual(['create', 'update', 'delete']);
  });

  it('refuses a person twice, a person of another account, an unknown part, and another rep', async () => {
    const { deal, alice } = await dealWithPeople();
    const stranger = await makeContact(t.db, { ownerId: rep.id, accountId: (await makeAccount(t.db, { ownerId: rep.id })).id });
    await as(rep).opportunities.addContact({ opportunityId: deal.id, contactId: alice.id });
    const twice = await clientError(as(rep).opportunities.addContact({ opportunityId: deal.id, contactId: alice.id }));
    expect(twice).toMatchObject({ code: 'CONFLICT', fieldErrors: { contactId: ['This person is already on the deal'] } });
    const elsewhere = await clientError(as(rep).opportunities.addContact({ opportunityId: deal.id, contactId: stranger.id }));
    expect(elsewhere).toMatchObject({ code: 'BAD_REQUEST', fieldErrors: { contactId: ["Choose a contact of the opportunity's account"] } });
    // @ts-expect-error: a part outside the list
    const badRole = await clientError(as(rep).opportunities.addContact({ opportunityId: deal.id, contactId: alice.id, role: 'Boss' }));
    expect(badRole.code).toBe('BAD_REQUEST');
    expect((await clientError(as(otherRep).opportunities.addContact({ opportunityId: deal.id, contactId: stranger.id }))).code).toBe('FORBIDDEN');
  });
});
