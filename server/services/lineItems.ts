// Line items of an opportunity. While a deal has any, its amount is their sum, recomputed in SQL in the
// same transaction as every change; removing the last one leaves the amount as it was.
import { eq, sql } from 'drizzle-orm';
import { lineItems, opportunities, products, type LineItem, type Opportunity } from '../../drizzle/schema';
import type { LineItemAdd, LineItemUpdate } from '../../shared/schemas/opportunities';
import { type DbOrTx, inTransaction, type Tx } from '../db';
import { enqueueOpportunityScan } from '../hygiene/jobs';
import { lineItemTotal } from '../domain/lineItems';
import type { Actor } from '../lib/actor';
import { insertAudited, recordDeleteAudit, recordUpdateAudit } from '../lib/audit';
import { fieldError, notFound } from '../lib/errors';
import { trackStageFlows } from '../insight/stageFlowAggregate';
import { getOpportunity, loadOpportunityForWrite } from './opportunities';

function totalOrRefuse(line: { quantity: number; unitPrice: string; discountPercent: string }): string {
  const total = lineItemTotal(line);
  if (total === null) throw fieldError('invalid', 'quantity', 'This line total is too large; lower the quantity or the price');
  return total;
}

/** Sets the deal's amount to the sum of its line items (kept when it has none) and bumps its version. */
async function syncAmount(tx: Tx, actor: Actor, before: Opportunity, now: Date): Promise<void> {
  const sum = sql`(select sum(${lineItems.totalPrice}) from ${lineItems} where ${lineItems.opportunityId} = ${before.id})`;
  // The dashboards' deal buckets sum the amount (insight/dealBuckets.ts).
  const flows = await trackStageFlows(tx, [before.id]);
  await tx
    .update(opportunities)
    .set({ amount: sql`coalesce(${sum}, ${opportunities.amount})`, version: before.version + 1, updatedAt: now })
    .where(eq(opportunities.id, before.id));
  await flows.apply();
  const [after] = await tx.select().from(opportunities).where(eq(opportunities.id, before.id));
  await recordUpdateAudit(tx, { actor, entityType: 'opportunity', entityId: before.id, before, after: after! });
  await enqueueOpportunityScan(tx, before.id, now);
}

/** The line item, after locking its opportunity (checked for write access) first: one lock order for all writers. */
async function loadLineItemForWrite(tx: Tx, actor: Actor, id: number): Promise<{ item: LineItem; deal: Opportunity }> {
  const [peek] = await tx.select({ opportunityId: lineItems.opportunityId }).from(lineItems).where(eq(lineItems.id, id));
  if (!peek) throw notFound('Line item');
  const deal = await loadOpportunityForWrite(tx, actor, peek.opportunityId);
  const [item] = await tx.select().from(lineItems).where(eq(lineItems.id, id)).for('update');
  if (!item) throw notFound('Line item');
  return { item, deal };
}

export async function addLineItem(db: DbOrTx, actor: Actor, input: LineItemAdd, now: Date) {
  return inTransaction(db, async (tx) => {
    const deal = await loadOpportunityForWrite(tx, actor, input.opportunityId);
    const [product] = await tx.select().from(products).where(eq(products.id, input.productId));
    if (!product?.active) throw fieldError('invalid', 'productId', 'Choose an active product');
    const line = {
      opportunityId: deal.id,
      productId: product.id,
      quantity: input.quantity,
      unitPrice: input.unitPrice ?? product.listPrice,
      discountPercent: input.discountPercent,
    };
    await insertAudited(tx, lineItems, { ...line, totalPrice: totalOrRefuse(line) }, { actor, entityType: 'lineItem', now });
    await syncAmount(tx, actor, deal, now);
    return getOpportunity(tx, actor, { id: deal.id });
  });
}

export async function updateLineItem(db: DbOrTx, actor: Actor, input: LineItemUpdate, now: Date) {
  return inTransaction(db, async (tx) => {
    const { item, deal } = await loadLineItemForWrite(tx, actor, input.id);
    const line = {
      quantity: input.quantity ?? item.quantity,
      unitPrice: input.unitPrice ?? item.unitPrice,
      discountPercent: input.discountPercent ?? item.discountPercent,
    };
    const totalPrice = totalOrRefuse(line);
    await tx.update(lineItems).set({ ...line, totalPrice, updatedAt: now }).where(eq(lineItems.id, item.id));
    const [after] = await tx.select().from(lineItems).where(eq(lineItems.id, item.id));
    await recordUpdateAudit(tx, { actor, entityType: 'lineItem', entityId: item.id, before: item, after: after! });
    await syncAmount(tx, actor, deal, now);
    return getOpportunity(tx, actor, { id: deal.id });
  });
}

export async function removeLineItem(db: DbOrTx, actor: Actor, input: { id: number }, now: Date) {
  return inTransaction(db, async (tx) => {
    const { item, deal } = await loadLineItemForWrite(tx, actor, input.id);
    await tx.delete(lineItems).where(eq(lineItems.id, item.id));
    await recordDeleteAudit(tx, { actor, entityType: 'lineItem', entityId: item.id, before: item });
    await syncAmount(tx, actor, deal, now);
    return getOpportunity(tx, actor, { id: deal.id });
  });
}
