import { describe, expect, it } from 'vitest';
import { auditTrail } from '../../helpers/audit';
import { callerFor } from '../../helpers/context';
import { clientError } from '../../helpers/errorShape';
import { makeProduct } from '../../helpers/factories/products';
import { makeUser } from '../../helpers/factories/users';
import { walkPages } from '../../helpers/paging';
import { useTestDatabase } from '../../helpers/testDatabase';

const t = useTestDatabase();

let codeNumber = 0;
function uniqueCode(prefix = 'SKU') {
  codeNumber += 1;
  return `${prefix}-${codeNumber}`;
}

const auditRows = (entityId: number) => auditTrail(t.db, 'product', entityId);

describe('products.create', () => {
  it('lets a manager add a product with an exact price, and audits it', async () => {
    const manager = await makeUser(t.db, { role: 'manager' });
    const code = uniqueCode('PLAT');
    const created = await callerFor(t, manager).products.create({
      productName: 'Platform Licence',
      productCode: code,
      category: 'Licences',
      listPrice: '12000.50',
    });
    expect(created).toMatchObject({ productName: 'Platform Licence', productCode: code, category: 'Licences', listPrice: '12000.50', active: true });
    const audit = await auditRows(created.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'create', actorId: manager.id, changes: { productCode: code, listPrice: '12000.50' } });
  });

  it('accepts a number as the price and keeps it to the cent', async () => {
    const admin = await makeUser(t.db, { role: 'admin' });
    const created = await callerFor(t, admin).products.create({ productName: 'Support', productCode: uniqueCode(), listPrice: 99.9 });
    expect(created.listPrice).toBe('99.90');
  });

  it('forbids reps and CSMs', async () => {
    for (const role of ['rep', 'csm'] as const) {
      const user = await makeUser(t.db, { role });
      await expect(
        callerFor(t, user).products.create({ productName: 'X', productCode: uniqueCode(), listPrice: '1.00' }),
      ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
  });

  it('refuses a duplicate product code (any case) as a CONFLICT on productCode', async () => {
    const manager = await makeUser(t.db, { role: 'manager' });
    const code = uniqueCode('dup');
    await callerFor(t, manager).products.create({ productName: 'A', productCode: code, listPrice: '1.00' });
    const error = await clientError(
      callerFor(t, manager).products.create({ productName: 'B', productCode: code.toUpperCase(), listPrice: '1.00' }),
    );
    expect(error.code).toBe('CONFLICT');
    expect(error.fieldErrors).toEqual({ productCode: ['A product with this code already exists'] });
  });

  it('refuses bad input with field errors', async () => {
    const manager = await makeUser(t.db, { role: 'manager' });
    const error = await clientError(
      callerFor(t, manager).products.create({ productName: '', productCode: '', listPrice: '-5' }),
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(Object.keys(error.fieldErrors ?? {}).sort()).toEqual(['listPrice', 'productCode', 'productName']);
    const cents = await clientError(callerFor(t, manager).products.create({ productName: 'X', productCode: uniqueCode(), listPrice: '1.999' }));
    expect(cents.fieldErrors?.listPrice).toBeDefined();
  });
});

describe('products.update', () => {
  it('lets a manager change price and deactivate a product, audited', async () => {
    const manager = await makeUser(t.db, { role: 'manager' });
    const product = await makeProduct(t.db, { listPrice: '100.00' });
    const updated = await callerFor(t, manager).products.update({ id: product.id, listPrice: '120.00', active: false });
    expect(updated).toMatchObject({ listPrice: '120.00', active: false, productName: product.productName });
    const audit = await auditRows(product.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]!.changes).toEqual({ listPrice: ['100.00', '120.00'], active: [true, false] });
  });

  it('forbids a rep, is NOT_FOUND for an unknown product, and refuses a taken code', async () => {
    const rep = await makeUser(t.db);
    const admin = await makeUser(t.db, { role: 'admin' });
    const taken = await makeProduct(t.db);
    const product = await makeProduct(t.db);
    await expect(callerFor(t, rep).products.update({ id: product.id, listPrice: '1.00' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(callerFor(t, admin).products.update({ id: 999_999_999, listPrice: '1.00' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const error = await clientError(callerFor(t, admin).products.update({ id: product.id, productCode: taken.productCode }));
    expect(error.code).toBe('CONFLICT');
    expect(error.fieldErrors?.productCode).toBeDefined();
  });
});

describe('products.list', () => {
  it('is readable by everyone and filters by active, category and search', async () => {
    const csm = await makeUser(t.db, { role: 'csm' });
    const category = `Cat ${Date.now()}`;
    const alpha = await makeProduct(t.db, { productName: 'Alpha Seats', category });
    const beta = await makeProduct(t.db, { productName: 'Beta Seats', category, active: false });
    const gamma = await makeProduct(t.db, { productName: 'Gamma Storage', category, productCode: uniqueCode('STORE') });
    const caller = callerFor(t, csm);
    const ids = async (filters: Parameters<typeof caller.products.list>[0]) =>
      (await caller.products.list({ category, ...filters })).items.map((p) => p.id);

    expect(await ids({})).toEqual([alpha.id, beta.id, gamma.id]);
    expect(await ids({ active: true })).toEqual([alpha.id, gamma.id]);
    expect(await ids({ active: false })).toEqual([beta.id]);
    expect(await ids({ search: 'seats' })).toEqual([alpha.id, beta.id]);
    expect(await ids({ search: 'STORE-' })).toEqual([gamma.id]);
    expect(await ids({ sortDirection: 'desc' })).toEqual([gamma.id, beta.id, alpha.id]);
  });

  it('pages through the catalogue by name without duplicates or gaps', async () => {
    const rep = await makeUser(t.db);
    const category = `Paged ${Date.now()}`;
    const made = [];
    for (let i = 0; i < 30; i += 1) made.push(await makeProduct(t.db, { category, productName: `Item ${i % 6}` }));
    const caller = callerFor(t, rep);
    const seen = (await walkPages((cursor) => caller.products.list({ category, limit: 7, cursor }))).items.map((p) => p.id);
    const expected = [...made].sort((a, b) => (a.productName === b.productName ? a.id - b.id : a.productName < b.productName ? -1 : 1));
    expect(seen).toEqual(expected.map((p) => p.id));
  });
});
