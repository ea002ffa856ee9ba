// The product catalogue that opportunity line items price from. Managers and admins maintain it.
import { and, eq } from 'drizzle-orm';
import { products } from '../../drizzle/schema';
import type { ProductCreate, ProductList, ProductUpdate } from '../../shared/schemas/products';
import { type DbOrTx, inTransaction } from '../db';
import { assertManagerOrAdmin } from '../lib/access';
import type { Actor } from '../lib/actor';
import { insertAudited, recordUpdateAudit } from '../lib/audit';
import { conflictOnDuplicate, notFound } from '../lib/errors';
import { keysetAfter, keysetOrder, toPage } from '../lib/keyset';
import { matchesSearch } from '../lib/listFilters';

export async function getProduct(db: DbOrTx, _actor: Actor, { id }: { id: number }) {
  const [row] = await db.select().from(products).where(eq(products.id, id));
  if (!row) throw notFound('Product');
  return row;
}

/** Sorted by product name (products_name_idx: productName, id). */
export async function listProducts(db: DbOrTx, _actor: Actor, input: ProductList) {
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

const CATALOGUE_KEEPERS = 'Only managers and admins can change the product catalogue';

export async function createProduct(db: DbOrTx, actor: Actor, input: ProductCreate, now: Date) {
  assertManagerOrAdmin(actor, CATALOGUE_KEEPERS);
  return inTransaction(db, async (tx) => {
    const id = await refuseDuplicateCode(insertAudited(tx, products, input, { actor, entityType: 'product', now }));
    return getProduct(tx, actor, { id });
  });
}

export async function updateProduct(db: DbOrTx, actor: Actor, input: ProductUpdate, now: Date) {
  assertManagerOrAdmin(actor, CATALOGUE_KEEPERS);
  return inTransaction(db, async (tx) => {
    const [before] = await tx.select().from(products).where(eq(products.id, input.id)).for('update');
    if (!before) throw notFound('Product');
    const { id, ...changes } = input;
    await refuseDuplicateCode(
      tx
        .update(products)
        .set({ ...changes, updatedAt: now })
        .where(eq(products.id, id)),
    );
    await recordUpdateAudit(tx, { actor, entityType: 'product', entityId: id, before, after: changes });
    return getProduct(tx, actor, { id });
  });
}

/** productCode is the products table's only unique key. */
function refuseDuplicateCode<T>(write: Promise<T>): Promise<T> {
  return conflictOnDuplicate(write, 'productCode', 'A product with this code already exists');
}
