import { eq } from 'drizzle-orm';
import { type Product, products } from '../../../drizzle/schema';
import type { DbOrTx } from '../../../server/db';

let sequence = 0;

/** A catalogue product straight in the database (no audit); the code is unique per call unless given. */
export async function makeProduct(db: DbOrTx, overrides: Partial<typeof products.$inferInsert> = {}): Promise<Product> {
  sequence += 1;
  const [inserted] = await db
    .insert(products)
    .values({
      productName: `Product ${sequence}`,
      productCode: `P-${sequence}-${Date.now()}`,
      listPrice: '100.00',
      ...overrides,
    })
    .$returningId();
  const [row] = await db.select().from(products).where(eq(products.id, inserted!.id));
  return row!;
}
