// Line items of an opportunity. While a deal has any, its amount is their sum, recomputed in SQL in the
// same transaction as every change; removing the last one leaves the amount as it was.
import { eq, sql } from 'drizzle-orm';
import { lineItems, opportunities, products, type LineItem, type Opportunity } from '../../drizzle/schema';
import type { LineItemAdd, LineItemUpdate } from '../../shared/schemas/opportunities';
import type { DbOrTx } from '../db';
import { lineItemTotal } from '../domain/lineItems';
import { recordAudit, recordUpdateAudit } from '../lib/audit';
import { fieldError, notFound } from '../lib/errors';
import type { AuthedContext } from '../trpc';
import { getOpportunity, loadOpportunityForWrite } from './opportunities';

function totalOrRefuse(line: { quantity: number; unitPrice: string; discountPercent: string }): string {
  const total = lineItemTotal(line);
  if (total === null) throw fieldError('BAD_REQUEST', 'quantity', 'This line total is too large; lower the quantity or the price');
  return total;
}

/** Sets the deal's amount to the sum of its line items (kept when it has none) and bumps its version. */
async function syncAmount(tx: DbOrTx, ctx: AuthedContext, before: Opportunity, now: Date): Promise<void> {
  const sum = sql`(select sum(${lineItems.totalPrice}) from ${lineItems} where ${lineItems.opportunityId} = ${before.id})`;
  await tx
    .update(opportunities)
    .set({ amount: sql`coalesce(${sum}, ${opportunities.amount})`, version: before.version + 1, updatedAt: now })
    .where(eq(opportunities.id, before.id));
  const [after] = await tx.select().from(opportunities).where(eq(opportunities.id, before.id));
  await recordUpdateAudit(tx, { actorId: ctx.user.id, entityType: 'opportunity', entityId: before.id, before, after: after! });
}

/** The line item, after locking its opportunity (checked for write access) first: one lock order for all writers. */
async function loadLineItemForWrite(tx: DbOrTx, ctx: AuthedContext, id: number): Promise<{ item: LineItem; deal: Opportunity }> {
  const [peek] = await tx.select({ opportunityId: lineItems.opportunityId }).from(lineItems).where(eq(lineItems.id, id));
  if (!peek) throw notFound('Line item');
  const deal = await loadOpportunityForWrite(tx, ctx.user, peek.opportunityId);
  const [item] = await tx.select().from(lineItems).where(eq(lineItems.id, id)).for('update');
  if (!item) throw notFound('Line item');
  return { item, deal };
}

export async function addLineItem(ctx: AuthedContext, input: LineItemAdd) {
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const deal = await loadOpportunityForWrite(tx, ctx.user, input.opportunityId);
    const [product] = await tx.select().from(products).where(eq(products.id, input.productId));
    if (!product?.active) throw fieldError('BAD_REQUEST', 'productId', 'Choose an active product');
    const line = {
      opportunityId: deal.id,
      productId: product.id,
      quantity: input.quantity,
      unitPrice: input.unitPrice ?? product.listPrice,
      discountPercent: input.discountPercent,
    };
    const totalPrice = totalOrRefuse(line);
    const [inserted] = await tx
      .insert(lineItems)
      .values({ ...line, totalPrice, createdAt: now, updatedAt: now })
      .$returningId();
    await recordAudit(tx, { actorId: ctx.user.id, action: 'create', entityType: 'lineItem', entityId: inserted!.id, changes: { ...line, totalPrice } });
    await syncAmount(tx, ctx, deal, now);
  });
  return getOpportunity(ctx.db, input.opportunityId);
}

export async function updateLineItem(ctx: AuthedContext, input: LineItemUpdate) {
  const now = ctx.clock.now();
  const opportunityId = await ctx.db.transaction(async (tx) => {
    const { item, deal } = await loadLineItemForWrite(tx, ctx, input.id);
    const line = {
      quantity: input.quantity ?? item.quantity,
      unitPrice: input.unitPrice ?? item.unitPrice,
      discountPercent: input.discountPercent ?? item.discountPercent,
    };
    const totalPrice = totalOrRefuse(line);
    await tx.update(lineItems).set({ ...line, totalPrice, updatedAt: now }).where(eq(lineItems.id, item.id));
    const [after] = await tx.select().from(lineItems).where(eq(lineItems.id, item.id));
    await recordUpdateAudit(tx, { actorId: ctx.user.id, entityType: 'lineItem', entityId: item.id, before: item, after: after! });
    await syncAmount(tx, ctx, deal, now);
    return deal.id;
  });
  return getOpportunity(ctx.db, opportunityId);
}

export async function removeLineItem(ctx: AuthedContext, input: { id: number }) {
  const now = ctx.clock.now();
  const opportunityId = await ctx.db.transaction(async (tx) => {
    const { item, deal } = await loadLineItemForWrite(tx, ctx, input.id);
    await tx.delete(lineItems).where(eq(lineItems.id, item.id));
    const { createdAt: _c, updatedAt: _u, ...removed } = item;
    await recordAudit(tx, { actorId: ctx.user.id, action: 'delete', entityType: 'lineItem', entityId: item.id, changes: removed });
    await syncAmount(tx, ctx, deal, now);
    return deal.id;
  });
  return getOpportunity(ctx.db, opportunityId);
}
