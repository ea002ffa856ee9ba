import { asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, opportunities, opportunityStageHistory } from '../../../drizzle/schema';
import { fixedClock } from '../../../server/lib/clock';
import type { SessionUser } from '../../../server/lib/actor';
import { auditTrail } from '../../helpers/audit';
import { callerFor } from '../../helpers/context';
import { clientError } from '../../helpers/errorShape';
import { makeAccount } from '../../helpers/factories/accounts';
import { makeContact } from '../../helpers/factories/contacts';
import { makeOpportunity } from '../../helpers/factories/opportunities';
import { makeProduct } from '../../helpers/factories/products';
import { makeUser } from '../../helpers/factories/users';
import { walkPages } from '../../helpers/paging';
import { useTestDatabase } from '../../helpers/testDatabase';

const t = useTestDatabase();
const clock = fixedClock(new Date('2026-11-23T10:00:00.000Z'));

let rep: SessionUser;
let otherRep: SessionUser;
let manager: SessionUser;
let account: { id: number; accountName: string };
let otherAccount: { id: number };

beforeAll(async () => {
  rep = await makeUser(t.db, { role: 'rep', name: 'Rita Rep' });
  otherRep = await makeUser(t.db, { role: 'rep' });
  manager = await makeUser(t.db, { role: 'manager' });
  account = await makeAccount(t.db, { ownerId: rep.id, accountName: 'Acme Corp' });
  otherAccount = await makeAccount(t.db, { ownerId: otherRep.id });
});

const as = (user: SessionUser) => callerFor(t, user, clock);

async function newDeal(user: SessionUser = rep, input: Partial<Parameters<ReturnType<typeof as>['opportunities']['create']>[0]> = {}) {
  return as(user).opportunities.create({ opportunityName: 'Acme expansion', accountId: account.id, closeDate: '2026-12-15', amount: '50000', ...input });
}

async function historyOf(id: number) {
  return t.db
    .select()
    .from(opportunityStageHistory)
    .where(eq(opportunityStageHistory.opportunityId, id))
    .orderBy(asc(opportunityStageHistory.id));
}

const auditOf = (id: number) => auditTrail(t.db, 'opportunity', id);

describe('opportunities.create', () => {
  it('creates a deal with the stage defaults, the opening history row and an audit entry', async () => {
    const buyer = await makeContact(t.db, { ownerId: rep.id, accountId: account.id, firstName: 'Erin', lastName: 'Buyer' });
    const champ = await makeContact(t.db, { ownerId: rep.id, accountId: account.id, firstName: 'Chad', lastName: 'Champion' });
    const deal = await newDeal(rep, {
      stage: 'Discovery',
      economicBuyerContactId: buyer.id,
      championContactId: champ.id,
      identifiedPain: 'Manual forecasting',
      nextStep: 'Demo',
    });
    expect(deal).toMatchObject({
      opportunityName: 'Acme expansion',
      accountName: 'Acme Corp',
      ownerId: rep.id,
      ownerName: 'Rita Rep',
      stage: 'Discovery',
      amount: '50000.00',
      closeDate: '2026-12-15',
      probability: 10,
      probabilityOverridden: false,
      forecastCategory: 'Pipeline',
      forecastCategoryOverridden: false,
      pushCount: 0,
      closedAt: null,
      economicBuyerName: 'Erin Buyer',
      championName: 'Chad Champion',
      identifiedPain: 'Manual forecasting',
      version: 1,
      lineItems: [],
    });
    expect(deal.stageEnteredAt).toEqual(clock.now());
    expect(deal.stageHistory).toMatchObject([
      { fromStage: null, toStage: 'Discovery', amount: '50000.00', closeDate: '2026-12-15', changedById: rep.id, changedByName: 'Rita Rep' },
    ]);
    const audit = await auditOf(deal.id);
    expect(audit).toMatchObject([{ action: 'create', actorId: rep.id }]);
    expect(audit[0]!.changes).toMatchObject({ opportunityName: 'Acme expansion', stage: 'Discovery' });
  });

  it('keeps a probability or category the rep chose as an override', async () => {
    const deal = await newDeal(rep, { stage: 'Proposal', probability: 50, forecastCategory: 'Commit' });
    expect(deal).toMatchObject({ probability: 50, probabilityOverridden: true, forecastCategory: 'Commit', forecastCategoryOverridden: false });
  });

  it('lets a manager create a deal for a rep but not a rep for someone else', async () => {
    const byManager = await newDeal(manager, { ownerId: otherRep.id });
    expect(byManager.ownerId).toBe(otherRep.id);
    expect((await clientError(newDeal(rep, { ownerId: otherRep.id }))).code).toBe('FORBIDDEN');
  });

  it('refuses a missing or deleted account on the accountId field', async () => {
    const deleted = await makeAccount(t.db, { ownerId: rep.id, deletedAt: new Date() });
    for (const accountId of [deleted.id, 999_999]) {
      const error = await clientError(newDeal(rep, { accountId }));
      expect(error.code).toBe('BAD_REQUEST');
      expect(error.fieldErrors?.accountId).toEqual(['Choose an existing account']);
    }
  });

  it('refuses a champion or economic buyer from another account', async () => {
    const stranger = await makeContact(t.db, { ownerId: otherRep.id, accountId: otherAccount.id });
    const orphan = await makeContact(t.db, { ownerId: otherRep.id, accountId: null });
    const error = await clientError(newDeal(rep, { championContactId: stranger.id, economicBuyerContactId: orphan.id }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.fieldErrors).toEqual({
      championContactId: ["Choose a contact of the opportunity's account"],
      economicBuyerContactId: ["Choose a contact of the opportunity's account"],
    });
  });

  it('refuses Closed Lost without a loss reason, on the lossReason field', async () => {
    const error = await clientError(newDeal(rep, { stage: 'Closed Lost' }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.fieldErrors?.lossReason).toEqual(['Give a loss reason for a Closed Lost deal']);
    const lost = await newDeal(rep, { stage: 'Closed Lost', lossReason: 'Price', probability: 40 });
    expect(lost).toMatchObject({ probability: 0, forecastCategory: 'Omitted', lossReason: 'Price' });
    expect(lost.closedAt).toEqual(clock.now());
  });

  it('rejects bad input with field errors', async () => {
    const error = await clientError(
      as(rep).opportunities.create({
        opportunityName: '  ',
        accountId: account.id,
        probability: 150,
        closeDate: '2026-13-40',
        amount: '-5',
        // @ts-expect-error not a stage
        stage: 'Maybe',
      }),
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(Object.keys(error.fieldErrors ?? {}).sort()).toEqual(['amount', 'closeDate', 'opportunityName', 'probability', 'stage']);
  });

  it('requires a session', async () => {
    expect((await clientError(callerFor(t, null).opportunities.create({ opportunityName: 'x', accountId: account.id }))).code).toBe('UNAUTHORIZED');
  });
});

describe('opportunities.getById', () => {
  it('returns NOT_FOUND for a missing or deleted deal', async () => {
    expect((await clientError(as(rep).opportunities.getById({ id: 999_999 }))).code).toBe('NOT_FOUND');
    const deal = await newDeal();
    await as(rep).opportunities.delete({ id: deal.id });
    expect((await clientError(as(rep).opportunities.getById({ id: deal.id }))).code).toBe('NOT_FOUND');
  });

  it('lets anyone signed in read any deal', async () => {
    const deal = await newDeal();
    expect((await as(otherRep).opportunities.getById({ id: deal.id })).id).toBe(deal.id);
  });
});

describe('opportunities.update', () => {
  it('writes a stage history row on a stage change and applies the new stage defaults', async () => {
    const deal = await newDeal();
    clock.advance(60_000);
    const moved = await as(rep).opportunities.update({ id: deal.id, stage: 'PoC/Trial', version: deal.version });
    expect(moved).toMatchObject({ stage: 'PoC/Trial', probability: 40, forecastCategory: 'Best Case', version: 2 });
    expect(moved.stageEnteredAt).toEqual(clock.now());
    // Newest first on the detail; the table holds the opening row and the change.
    expect(moved.stageHistory.map((h) => [h.fromStage, h.toStage])).toEqual([
      ['Prospecting', 'PoC/Trial'],
      [null, 'Prospecting'],
    ]);
    const rows = await historyOf(deal.id);
    expect(rows[1]).toMatchObject({ fromStage: 'Prospecting', toStage: 'PoC/Trial', amount: '50000.00', closeDate: '2026-12-15', changedById: rep.id });
    expect(rows[1]!.changedAt).toEqual(clock.now());
    // The move records when the deal had entered the stage it left: the opening row's time.
    expect(rows[0]!.fromStageEnteredAt).toBeNull();
    expect(rows[1]!.fromStageEnteredAt).toEqual(rows[0]!.changedAt);
    const audit = await auditOf(deal.id);
    expect(audit.at(-1)).toMatchObject({ action: 'update', actorId: rep.id });
    expect(audit.at(-1)!.changes).toMatchObject({ stage: ['Prospecting', 'PoC/Trial'], probability: [5, 40] });

    // An edit that is not a stage change writes no history row and keeps stageEnteredAt.
    clock.advance(60_000);
    const edited = await as(rep).opportunities.update({ id: deal.id, nextStep: 'Security questionnaire' });
    expect(edited.stageEnteredAt).toEqual(moved.stageEnteredAt);
    expect(await historyOf(deal.id)).toHaveLength(2);
  });

  it("keeps the rep's probability override across a stage change and clears it on the default", async () => {
    const deal = await newDeal(rep, { stage: 'Discovery' });
    const overridden = await as(rep).opportunities.update({ id: deal.id, probability: 35 });
    expect(overridden).toMatchObject({ probability: 35, probabilityOverridden: true });
    const moved = await as(rep).opportunities.update({ id: deal.id, stage: 'Proposal' });
    expect(moved).toMatchObject({ probability: 35, probabilityOverridden: true, forecastCategory: 'Commit', forecastCategoryOverridden: false });
    const cleared = await as(rep).opportunities.update({ id: deal.id, probability: 70 });
    expect(cleared).toMatchObject({ probability: 70, probabilityOverridden: false });
    const next = await as(rep).opportunities.update({ id: deal.id, stage: 'Negotiation' });
    expect(next.probability).toBe(85);
  });

  it('counts a push only when the close date moves later', async () => {
    const deal = await newDeal(rep, { closeDate: '2026-12-15' });
    expect((await as(rep).opportunities.update({ id: deal.id, closeDate: '2027-01-15' })).pushCount).toBe(1);
    expect((await as(rep).opportunities.update({ id: deal.id, closeDate: '2026-12-01' })).pushCount).toBe(1);
    expect((await as(rep).opportunities.update({ id: deal.id, closeDate: '2026-12-01' })).pushCount).toBe(1);
    expect((await as(rep).opportunities.update({ id: deal.id, closeDate: '2026-12-02' })).pushCount).toBe(2);
    expect((await as(rep).opportunities.update({ id: deal.id, nextStep: 'Call' })).pushCount).toBe(2);
    expect((await as(rep).opportunities.update({ id: deal.id, closeDate: null })).pushCount).toBe(2);
    expect((await as(rep).opportunities.update({ id: deal.id, closeDate: '2027-06-01' })).pushCount).toBe(2);
  });

  it("forbids a rep to edit another rep's deal and lets a manager", async () => {
    const deal = await newDeal(otherRep, { accountId: otherAccount.id });
    expect((await clientError(as(rep).opportunities.update({ id: deal.id, nextStep: 'Mine now' }))).code).toBe('FORBIDDEN');
    const updated = await as(manager).opportunities.update({ id: deal.id, nextStep: 'Manager note' });
    expect(updated.nextStep).toBe('Manager note');
    const audit = await auditOf(deal.id);
    expect(audit.at(-1)).toMatchObject({ action: 'update', actorId: manager.id });
  });

  it('forbids a rep to hand a deal to someone else; a manager may', async () => {
    const deal = await newDeal();
    expect((await clientError(as(rep).opportunities.update({ id: deal.id, ownerId: otherRep.id }))).code).toBe('FORBIDDEN');
    expect((await as(manager).opportunities.update({ id: deal.id, ownerId: otherRep.id })).ownerId).toBe(otherRep.id);
  });

  it('refuses a stale version with CONFLICT', async () => {
    const deal = await newDeal();
    await as(rep).opportunities.update({ id: deal.id, nextStep: 'First', version: 1 });
    const error = await clientError(as(manager).opportunities.update({ id: deal.id, nextStep: 'Second', version: 1 }));
    expect(error.code).toBe('CONFLICT');
    expect((await as(rep).opportunities.getById({ id: deal.id })).nextStep).toBe('First');
  });

  it('refuses Closed Lost without a loss reason; closing sets closedAt and reopening clears it', async () => {
    const deal = await newDeal(rep, { stage: 'Negotiation' });
    const error = await clientError(as(rep).opportunities.update({ id: deal.id, stage: 'Closed Lost' }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.fieldErrors?.lossReason).toEqual(['Give a loss reason for a Closed Lost deal']);
    expect(await historyOf(deal.id)).toHaveLength(1);

    const lost = await as(rep).opportunities.update({ id: deal.id, stage: 'Closed Lost', lossReason: 'No budget' });
    expect(lost).toMatchObject({ stage: 'Closed Lost', probability: 0, forecastCategory: 'Omitted' });
    expect(lost.closedAt).toEqual(clock.now());
    // Clearing the reason of a lost deal is refused too.
    expect((await clientError(as(rep).opportunities.update({ id: deal.id, lossReason: '' }))).fieldErrors?.lossReason).toBeTruthy();

    const reopened = await as(rep).opportunities.update({ id: deal.id, stage: 'Proposal' });
    expect(reopened).toMatchObject({ stage: 'Proposal', probability: 70, forecastCategory: 'Commit', closedAt: null });
    expect(await historyOf(deal.id)).toHaveLength(3);
  });

  it('refuses a champion from another account, also when the deal moves to another account', async () => {
    const champ = await makeContact(t.db, { ownerId: rep.id, accountId: account.id });
    const stranger = await makeContact(t.db, { ownerId: otherRep.id, accountId: otherAccount.id });
    const deal = await newDeal(rep, { championContactId: champ.id });
    const error = await clientError(as(rep).opportunities.update({ id: deal.id, championContactId: stranger.id }));
    expect(error.fieldErrors).toEqual({ championContactId: ["Choose a contact of the opportunity's account"] });
    const moved = await clientError(as(manager).opportunities.update({ id: deal.id, accountId: otherAccount.id }));
    expect(moved.fieldErrors).toEqual({ championContactId: ["Choose a contact of the opportunity's account"] });
    const both = await as(manager).opportunities.update({ id: deal.id, accountId: otherAccount.id, championContactId: stranger.id });
    expect(both).toMatchObject({ accountId: otherAccount.id, championContactId: stranger.id });
  });

  it('returns NOT_FOUND for a missing deal', async () => {
    expect((await clientError(as(manager).opportunities.update({ id: 999_999, nextStep: 'x' }))).code).toBe('NOT_FOUND');
  });
});

describe('opportunities.delete', () => {
  it('soft-deletes: the row stays, reads and lists no longer see it, and it is audited', async () => {
    const deal = await newDeal();
    expect((await clientError(as(otherRep).opportunities.delete({ id: deal.id }))).code).toBe('FORBIDDEN');
    expect(await as(rep).opportunities.delete({ id: deal.id })).toEqual({ id: deal.id });
    const [row] = await t.db.select().from(opportunities).where(eq(opportunities.id, deal.id));
    expect(row!.deletedAt).toEqual(clock.now());
    const listed = await as(rep).opportunities.list({ ownerId: rep.id, limit: 200, search: 'Acme' });
    expect(listed.items.map((i) => i.id)).not.toContain(deal.id);
    expect((await auditOf(deal.id)).at(-1)).toMatchObject({ action: 'delete', actorId: rep.id });
    expect((await clientError(as(rep).opportunities.delete({ id: deal.id }))).code).toBe('NOT_FOUND');
    expect((await clientError(as(rep).opportunities.update({ id: deal.id, nextStep: 'x' }))).code).toBe('NOT_FOUND');
  });

  it('refuses a stale version with CONFLICT; a manager may delete', async () => {
    const deal = await newDeal();
    await as(rep).opportunities.update({ id: deal.id, nextStep: 'x' });
    expect((await clientError(as(manager).opportunities.delete({ id: deal.id, version: 1 }))).code).toBe('CONFLICT');
    expect(await as(manager).opportunities.delete({ id: deal.id, version: 2 })).toEqual({ id: deal.id });
  });
});

describe('line items', () => {
  it('keeps the amount equal to the sum of the line items, and leaves it when the last one goes', async () => {
    const license = await makeProduct(t.db, { productName: 'License', listPrice: '1200.00' });
    const services = await makeProduct(t.db, { productName: 'Services', listPrice: '150.00' });
    const deal = await newDeal(rep, { amount: '99999' });

    const one = await as(rep).opportunities.addLineItem({ opportunityId: deal.id, productId: license.id, quantity: 3, discountPercent: 10 });
    expect(one.lineItems).toMatchObject([
      { productId: license.id, productName: 'License', quantity: 3, unitPrice: '1200.00', discountPercent: '10.00', totalPrice: '3240.00' },
    ]);
    expect(one.amount).toBe('3240.00');
    expect(one.version).toBe(2);

    const two = await as(rep).opportunities.addLineItem({ opportunityId: deal.id, productId: services.id, quantity: 7, unitPrice: '133.33', discountPercent: '12.5' });
    // 7 × 133.33 × 0.875 = 816.64625 -> 816.65
    expect(two.lineItems[1]).toMatchObject({ productName: 'Services', totalPrice: '816.65' });
    expect(two.amount).toBe('4056.65');

    const updated = await as(rep).opportunities.updateLineItem({ id: one.lineItems[0]!.id, quantity: 1, discountPercent: 0 });
    expect(updated.lineItems[0]).toMatchObject({ quantity: 1, discountPercent: '0.00', totalPrice: '1200.00' });
    expect(updated.amount).toBe('2016.65');

    // A direct amount edit is refused while line items exist; sending the current amount is fine.
    const refused = await clientError(as(rep).opportunities.update({ id: deal.id, amount: '5000' }));
    expect(refused.code).toBe('BAD_REQUEST');
    expect(refused.fieldErrors?.amount).toEqual(['Amount comes from the line items; edit those instead']);
    expect((await as(rep).opportunities.update({ id: deal.id, amount: '2016.65', nextStep: 'Sign' })).amount).toBe('2016.65');

    const afterRemove = await as(rep).opportunities.removeLineItem({ id: one.lineItems[0]!.id });
    expect(afterRemove.lineItems).toHaveLength(1);
    expect(afterRemove.amount).toBe('816.65');
    const afterLast = await as(rep).opportunities.removeLineItem({ id: two.lineItems[1]!.id });
    expect(afterLast.lineItems).toEqual([]);
    expect(afterLast.amount).toBe('816.65');

    // With no line items left, the amount is editable again.
    expect((await as(rep).opportunities.update({ id: deal.id, amount: '5000' })).amount).toBe('5000.00');
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.entityType, 'lineItem'));
    expect(audit.filter((a) => a.actorId === rep.id).map((a) => a.action)).toEqual(expect.arrayContaining(['create', 'update', 'delete']));
  });

  it('refuses an inactive or unknown product, a zero quantity and a discount over 100', async () => {
    const deal = await newDeal();
    const retired = await makeProduct(t.db, { active: false });
    const product = await makeProduct(t.db);
    for (const productId of [retired.id, 999_999]) {
      const error = await clientError(as(rep).opportunities.addLineItem({ opportunityId: deal.id, productId, quantity: 1 }));
      expect(error.fieldErrors?.productId).toEqual(['Choose an active product']);
    }
    const bad = await clientError(as(rep).opportunities.addLineItem({ opportunityId: deal.id, productId: product.id, quantity: 0, discountPercent: 101 }));
    expect(bad.code).toBe('BAD_REQUEST');
    expect(Object.keys(bad.fieldErrors ?? {}).sort()).toEqual(['discountPercent', 'quantity']);
    expect((await as(rep).opportunities.getById({ id: deal.id })).amount).toBe('50000.00');
  });

  it("forbids a rep to change another rep's line items; a manager may", async () => {
    const product = await makeProduct(t.db);
    const deal = await newDeal(otherRep, { accountId: otherAccount.id });
    expect((await clientError(as(rep).opportunities.addLineItem({ opportunityId: deal.id, productId: product.id, quantity: 1 }))).code).toBe('FORBIDDEN');
    const added = await as(manager).opportunities.addLineItem({ opportunityId: deal.id, productId: product.id, quantity: 2 });
    const lineId = added.lineItems[0]!.id;
    expect((await clientError(as(rep).opportunities.updateLineItem({ id: lineId, quantity: 5 }))).code).toBe('FORBIDDEN');
    expect((await clientError(as(rep).opportunities.removeLineItem({ id: lineId }))).code).toBe('FORBIDDEN');
    expect((await clientError(as(rep).opportunities.removeLineItem({ id: 999_999 }))).code).toBe('NOT_FOUND');
    expect((await as(otherRep).opportunities.updateLineItem({ id: lineId, quantity: 5 })).amount).toBe('500.00');
  });
});

describe('opportunities.list', () => {
  it('filters by owner, stage(s), account, category, open, close dates, amount and name, with names joined', async () => {
    const owner = await makeUser(t.db, { role: 'rep', name: 'Lister' });
    const acc = await makeAccount(t.db, { ownerId: owner.id, accountName: 'Listed Inc' });
    const acc2 = await makeAccount(t.db, { ownerId: owner.id });
    const mk = (o: Partial<Parameters<typeof makeOpportunity>[1]>) => makeOpportunity(t.db, { ownerId: owner.id, accountId: acc.id, ...o });
    const a = await mk({ stage: 'Discovery', closeDate: '2026-12-01', amount: '100.00', opportunityName: 'Alpha renewal' });
    const b = await mk({ stage: 'Proposal', closeDate: '2027-01-10', amount: '5000.00', opportunityName: 'Beta' });
    const c = await mk({ stage: 'Closed Won', closeDate: '2026-11-01', amount: '900.00', opportunityName: 'Gamma', accountId: acc2.id });
    const d = await mk({ stage: 'Discovery', closeDate: null, amount: null, opportunityName: 'Delta renewal' });
    await makeOpportunity(t.db, { ownerId: otherRep.id, accountId: acc.id, stage: 'Discovery' });

    const ids = async (f: Omit<Parameters<ReturnType<typeof as>['opportunities']['list']>[0], 'ownerId'>) =>
      (await as(rep).opportunities.list({ ownerId: owner.id, ...f })).items.map((i) => i.id);

    const page = await as(rep).opportunities.list({ ownerId: owner.id, stage: 'Discovery', sort: 'closeDate' });
    expect(page.items.map((i) => i.id)).toEqual([d.id, a.id]);
    expect(page.items[1]).toMatchObject({ accountName: 'Listed Inc', ownerName: 'Lister', stage: 'Discovery', amount: '100.00' });
    expect(page.items[1]).not.toHaveProperty('identifiedPain');
    expect(page.nextCursor).toBeNull();

    expect(await ids({ stage: ['Discovery', 'Proposal'] })).toEqual([d.id, a.id, b.id]);
    expect(await ids({ accountId: acc2.id })).toEqual([c.id]);
    expect(await ids({ forecastCategory: 'Commit' })).toEqual([b.id]);
    expect(await ids({ open: true })).toEqual([d.id, a.id, b.id]);
    expect(await ids({ open: false })).toEqual([c.id]);
    expect(await ids({ closeDateFrom: '2026-12-01', closeDateTo: '2026-12-31' })).toEqual([a.id]);
    expect(await ids({ amountMin: '500', amountMax: 1000 })).toEqual([c.id]);
    expect(await ids({ search: 'renewal' })).toEqual([d.id, a.id]);
    expect(await ids({ sort: 'amount', sortDirection: 'desc' })).toEqual([b.id, c.id, a.id, d.id]);
    expect(await ids({ sort: 'opportunityName' })).toEqual([a.id, b.id, d.id, c.id]);

    expect((await clientError(as(rep).opportunities.list({ closeDateFrom: '2027-01-01', closeDateTo: '2026-01-01' }))).fieldErrors?.closeDateTo).toBeTruthy();
    expect((await clientError(as(rep).opportunities.list({ cursor: 'garbage' }))).code).toBe('BAD_REQUEST');
    expect((await clientError(as(rep).opportunities.list({ limit: 500 }))).code).toBe('BAD_REQUEST');
  });

  it('pages by close date with a keyset, NULL close dates included exactly once, in both directions', async () => {
    const owner = await makeUser(t.db, { role: 'rep' });
    const acc = await makeAccount(t.db, { ownerId: owner.id });
    const dates = ['2026-12-01', null, '2026-12-01', '2027-02-01', null, '2026-11-15', '2026-12-01', null, '2027-01-01', '2026-12-01', '2026-11-15', null];
    const made = [];
    for (const closeDate of dates) made.push(await makeOpportunity(t.db, { ownerId: owner.id, accountId: acc.id, stage: 'Proposal', closeDate }));
    // A deleted deal and another stage must not show up.
    const gone = await makeOpportunity(t.db, { ownerId: owner.id, accountId: acc.id, stage: 'Proposal', closeDate: null });
    await t.db.update(opportunities).set({ deletedAt: new Date() }).where(eq(opportunities.id, gone.id));
    await makeOpportunity(t.db, { ownerId: owner.id, accountId: acc.id, stage: 'Discovery', closeDate: null });

    // MySQL order: NULLs first ascending, last descending; ties by id.
    const ascending = [...made].sort((x, y) =>
      x.closeDate === y.closeDate ? x.id - y.id : x.closeDate === null ? -1 : y.closeDate === null ? 1 : x.closeDate < y.closeDate ? -1 : 1,
    );
    for (const [direction, expected] of [
      ['asc', ascending],
      ['desc', [...ascending].reverse()],
    ] as const) {
      for (const limit of [1, 3, 5]) {
        const walk = await walkPages((cursor) =>
          as(rep).opportunities.list({ ownerId: owner.id, stage: 'Proposal', sort: 'closeDate', sortDirection: direction, limit, cursor }),
        );
        expect(walk.largestPage).toBeLessThanOrEqual(limit);
        expect(walk.items.map((i) => i.id)).toEqual(expected.map((o) => o.id));
      }
    }
  });

  it('pages by every other sort without gaps or duplicates', async () => {
    const owner = await makeUser(t.db, { role: 'rep' });
    const acc = await makeAccount(t.db, { ownerId: owner.id });
    const amounts = ['10.00', null, '10.00', '2500.50', '7.25', null, '10.00'];
    const made = [];
    for (const [i, amount] of amounts.entries()) {
      made.push(await as(owner).opportunities.create({ opportunityName: `Deal ${'cabacab'[i]}`, accountId: acc.id, amount }));
      clock.advance(i % 2 === 0 ? 0 : 1000); // some equal timestamps, so ties by id matter
    }
    const all = made.map((m) => m.id).sort((x, y) => x - y);
    for (const sort of ['amount', 'opportunityName', 'createdAt', 'updatedAt'] as const) {
      for (const sortDirection of ['asc', 'desc'] as const) {
        const walk = await walkPages((cursor) => as(rep).opportunities.list({ ownerId: owner.id, sort, sortDirection, limit: 2, cursor }));
        const seen = walk.items.map((i) => i.id);
        const full = (await as(rep).opportunities.list({ ownerId: owner.id, sort, sortDirection, limit: 200 })).items.map((i) => i.id);
        expect(seen).toEqual(full);
        expect([...seen].sort((x, y) => x - y)).toEqual(all);
      }
    }
    // A cursor from one sort is refused by another instead of comparing the wrong kind of value.
    const first = await as(rep).opportunities.list({ ownerId: owner.id, sort: 'opportunityName', limit: 1 });
    expect((await clientError(as(rep).opportunities.list({ ownerId: owner.id, sort: 'createdAt', cursor: first.nextCursor }))).code).toBe(
      'BAD_REQUEST',
    );
  });
});

describe('closedAt', () => {
  it('is set exactly while a deal is closed, which the database also enforces', async () => {
    const rep = await makeUser(t.db);
    const account = await makeAccount(t.db, { ownerId: rep.id });
    const caller = callerFor(t, rep);
    const deal = await caller.opportunities.create({ opportunityName: 'Invariant', accountId: account.id, stage: 'Negotiation' });
    expect(deal.closedAt).toBeNull();
    const won = await caller.opportunities.update({ id: deal.id, stage: 'Closed Won' });
    expect(won.closedAt).toBeInstanceOf(Date);
    const reopened = await caller.opportunities.update({ id: deal.id, stage: 'Proposal' });
    expect(reopened.closedAt).toBeNull();

    // The open-pipeline list relies on it: an open deal with a closedAt cannot be stored.
    await expect(
      t.db.update(opportunities).set({ closedAt: new Date() }).where(eq(opportunities.id, deal.id)),
    ).rejects.toMatchObject({ cause: { message: expect.stringContaining('opportunities_closed_at_matches_stage') } });
  });
});
