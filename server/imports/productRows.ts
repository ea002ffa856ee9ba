// Products from a file (a price list, Maven's products.csv): matched by external id, then product code (any
// case), then name when the file has no code column; a file without codes gets them from the names
// ("GTX Plus Basic" -> GTX-PLUS-BASIC). Only managers and admins keep the catalogue (startImport refuses others).
import { inArray, or } from 'drizzle-orm';
import { products } from '../../drizzle/schema';
import { isManagerOrAdmin } from '../../shared/access';
import { productCreate } from '../../shared/schemas/products';
import { amountCell, booleanCell, codeFromName } from '../domain/imports/values';
import type { DbOrTx } from '../db';
import {
  type BatchPlan,
  BatchKeys,
  cellsByField,
  externalMatches,
  type ImportSpec,
  lower,
  mergeInto,
  newPlanState,
  type Owners,
  planMatch,
  reasonOf,
  type Values,
} from './rows';
import type { UploadRow } from './uploadStore';

export async function planProducts(db: DbOrTx, spec: ImportSpec, _owners: Owners, rows: UploadRow[]): Promise<BatchPlan> {
  const codeMapped = Boolean(spec.mapping.productCode);
  const parsed = rows.map((row) => {
    const v = cellsByField(spec, row.cells);
    const active = v.active ? booleanCell(v.active) : true;
    if (active === null) return { row, error: `Active: "${v.active}" is neither yes nor no` };
    const result = productCreate.safeParse({
      productName: v.productName ?? '',
      productCode: codeMapped ? (v.productCode ?? '') : codeFromName(v.productName ?? ''),
      category: v.category || null,
      listPrice: amountCell(v.listPrice) ?? '',
      active,
    });
    if (!result.success) return { row, error: reasonOf('products', result.error) };
    return { row, values: result.data as Values & { productCode: string; productName: string }, externalId: v.externalId || null, activeMapped: Boolean(v.active) };
  });
  const ok = parsed.filter((p) => p.values);
  const external = await externalMatches(db, 'product', ok.flatMap((p) => (p.externalId ? [p.externalId] : [])));
  const codes = ok.map((p) => p.values!.productCode);
  const ids = [...external.values()];
  const found = codes.length || ids.length
    ? await db
        .select()
        .from(products)
        .where(or(codes.length ? inArray(products.productCode, codes) : undefined, ids.length ? inArray(products.id, ids) : undefined))
    : [];
  const byId = new Map(found.map((r) => [r.id, r]));
  const byCode = new Map(found.map((r) => [lower(r.productCode), r.id]));

  const state = newPlanState();
  const batch = new BatchKeys();
  for (const p of parsed) {
    const { row } = p;
    if (!p.values) {
      state.plans.push({ kind: 'reject', index: row.index, cells: row.cells, reason: p.error! });
      continue;
    }
    if (!isManagerOrAdmin(spec.actor)) {
      state.plans.push({ kind: 'reject', index: row.index, cells: row.cells, reason: 'Only managers and admins can change the product catalogue' });
      continue;
    }
    const values: Values = { ...p.values };
    // An unmapped "active" never reactivates a retired product.
    if (!p.activeMapped) delete values.active;
    const fromExternal = p.externalId ? external.get(lower(p.externalId)) : undefined;
    const matched = fromExternal !== undefined && byId.has(fromExternal) ? fromExternal : byCode.get(lower(p.values.productCode));
    if (matched !== undefined) {
      // Products have no owner: whoever may keep the catalogue may change any of them.
      const record = { ...byId.get(matched)!, ownerId: spec.actor.id } as Values & { ownerId: string };
      state.plans.push(planMatch(state, spec, row, { id: matched, record, values, externalId: p.externalId, refusal: '' }));
      continue;
    }
    const keys = [p.externalId ? `ext:${lower(p.externalId)}` : null, `code:${lower(p.values.productCode)}`];
    const earlier = batch.find(keys);
    if (earlier !== undefined) {
      mergeInto(state.plans[earlier]!, values);
      state.plans.push({ kind: 'merge', index: row.index, into: state.plans[earlier]!.index });
      continue;
    }
    batch.add(keys, state.plans.length);
    state.plans.push({ kind: 'create', index: row.index, values: p.values, externalId: p.externalId });
  }
  return { plans: state.plans, newAccounts: [], existing: state.existing };
}
