// The product catalogue that opportunity line items price from. Managers and admins maintain it.
import { and, eq } from 'drizzle-orm';
import { products } from '../../drizzle/schema';
import type { ProductCreate, ProductList, ProductUpdate } from '../../shared/schemas/products';
import type { DbOrTx } from '../db';
import { insertAudited, recordUpdateAudit } from '../lib/audit';
import { conflictOnDuplicate, notFound } from '../lib/errors';
import { keysetAfter, keysetOrder, toPage } from '../lib/keyset';
import { matchesSearch } from '../lib/listFilters';
import type { AuthedContext } from '../trpc';

export async function getProduct(db: DbOrTx, id: number) {
  const [row] = await db.select().from(products).where(eq(products.id, id));
  if (!row) throw notFound('Product');
  return row;
}

/** Sorted by product name (products_name_idx: productName, id). */
export async function listProducts(db: DbOrTx, input: ProductList) {
  const rows = await db
    .select()
    .from(products)
    .where(
      and(
        input.active !== undefined ? eq(products.active, input.active) : undefined,
        input.category ? eq(products.category, input.category) : undefined,
        matchesSearch(input.search, [products.productName, products.productCode]),
        keysetAfter(products.productName, products.id, input.sortDirection, input.cursor),
      ),
    )
    .orderBy(...keysetOrder(products.productName, products.id, input.sortDirection))
    .limit(input.limit + 1);
  return toPage(rows, input.limit, (row) => row.productName);
}

export async function createProduct(ctx: AuthedContext, input: ProductCreate) {
  const id = await ctx.db.transaction(async (tx) => {
    return refuseDuplicateCode(
      insertAudited(tx, products, input, { actorId: ctx.user.id, entityType: 'product', now: ctx.clock.now() }),
    );
  });
  return getProduct(ctx.db, id);
}

export async function updateProduct(ctx: AuthedContext, input: ProductUpdate) {
  await ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(products).where(eq(products.id, input.id)).for('update');
    if (!before) throw notFound('Product');
    const { id, ...changes } = input;
    await refuseDuplicateCode(
      tx
        .update(products)
        .set({ ...changes, updatedAt: ctx.clock.now() })
        .where(eq(products.id, id)),
    );
    await recordUpdateAudit(tx, { actorId: ctx.user.id, entityType: 'product', entityId: id, before, after: changes });
  });
  return getProduct(ctx.db, input.id);
}

/** productCode is the products table's only unique key. */
function refuseDuplicateCode<T>(write: Promise<T>): Promise<T> {
  return conflictOnDuplicate(write, 'productCode', 'A product with this code already exists');
}
