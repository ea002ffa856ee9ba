import { type Product, products } from '../../../drizzle/schema';
import type { DbOrTx } from '../../../server/db';
import { insertRow, nextSequence } from './insertRow';

/** A catalogue product straight in the database (no audit); the code is unique per call unless given. */
export async function makeProduct(db: DbOrTx, overrides: Partial<typeof products.$inferInsert> = {}): Promise<Product> {
  const n = nextSequence();
  return insertRow(db, products, {
    productName: `Product ${n}`,
    productCode: `P-${n}-${Date.now()}`,
    listPrice: '100.00',
    ...overrides,
  });
}
