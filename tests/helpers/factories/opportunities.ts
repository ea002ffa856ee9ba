// Opportunity-test data by direct inserts: accounts, contacts and products without their routers,
// so these tests do not depend on other domains' factories.
import { accounts, contacts, opportunities, products } from '../../../drizzle/schema';
import type { DbOrTx } from '../../../server/db';
import { stageDefaults, type Stage } from '../../../shared/stages';

let sequence = 0;
const next = () => {
  sequence += 1;
  return sequence;
};

export async function makeAccount(db: DbOrTx, overrides: { ownerId: string; accountName?: string; deleted?: boolean }) {
  const n = next();
  const values = {
    accountName: overrides.accountName ?? `Account ${n}`,
    ownerId: overrides.ownerId,
    deletedAt: overrides.deleted ? new Date() : null,
  };
  const [row] = await db.insert(accounts).values(values).$returningId();
  return { id: row!.id, ...values };
}

export async function makeContact(db: DbOrTx, overrides: { ownerId: string; accountId: number | null; firstName?: string; lastName?: string }) {
  const n = next();
  const values = {
    firstName: overrides.firstName ?? 'Casey',
    lastName: overrides.lastName ?? `Contact${n}`,
    email: `contact${n}-${Date.now()}@example.test`,
    accountId: overrides.accountId,
    ownerId: overrides.ownerId,
  };
  const [row] = await db.insert(contacts).values(values).$returningId();
  return { id: row!.id, ...values };
}

export async function makeProduct(db: DbOrTx, overrides: { listPrice?: string; productName?: string; active?: boolean } = {}) {
  const n = next();
  const values = {
    productName: overrides.productName ?? `Product ${n}`,
    productCode: `P-${n}-${Date.now()}`,
    listPrice: overrides.listPrice ?? '100.00',
    active: overrides.active ?? true,
  };
  const [row] = await db.insert(products).values(values).$returningId();
  return { id: row!.id, ...values };
}

/** A deal inserted directly (no history row): for list and paging tests that need many rows fast. */
export async function makeOpportunity(
  db: DbOrTx,
  overrides: { ownerId: string; accountId: number; stage?: Stage; closeDate?: string | null; amount?: string | null; opportunityName?: string },
) {
  const stage = overrides.stage ?? 'Prospecting';
  const values = {
    opportunityName: overrides.opportunityName ?? `Deal ${next()}`,
    accountId: overrides.accountId,
    ownerId: overrides.ownerId,
    stage,
    amount: overrides.amount === undefined ? '1000.00' : overrides.amount,
    closeDate: overrides.closeDate === undefined ? '2026-12-31' : overrides.closeDate,
    probability: stageDefaults[stage].probability,
    forecastCategory: stageDefaults[stage].forecastCategory,
  };
  const [row] = await db.insert(opportunities).values(values).$returningId();
  return { id: row!.id, ...values };
}
