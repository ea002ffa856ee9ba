import { describe, expect, it } from 'vitest';
import { lineItemTotal, lineItemTotalCents } from '../../../server/domain/lineItems';

describe('line item totals in integer cents', () => {
  it.each([
    { quantity: 1, unitPrice: '100.00', discountPercent: '0', total: '100.00' },
    { quantity: 3, unitPrice: '19.99', discountPercent: '0', total: '59.97' },
    { quantity: 3, unitPrice: '19.99', discountPercent: '10', total: '53.97' }, // 53.973
    { quantity: 1, unitPrice: '0.05', discountPercent: '50', total: '0.03' }, // 0.025 rounds half up
    { quantity: 1, unitPrice: '0.01', discountPercent: '33.33', total: '0.01' }, // 0.006667
    { quantity: 7, unitPrice: '1234.56', discountPercent: '12.5', total: '7561.68' }, // 7561.68
    { quantity: 2, unitPrice: '10', discountPercent: '100', total: '0.00' },
    { quantity: 10, unitPrice: '0.1', discountPercent: '0', total: '1.00' }, // 0.1 × 10 is not 1 in floats
    { quantity: 1_000_000, unitPrice: '9999999.99', discountPercent: '0.01', total: '9998999990001.00' },
  ])('$quantity × $unitPrice − $discountPercent% = $total', ({ quantity, unitPrice, discountPercent, total }) => {
    expect(lineItemTotal({ quantity, unitPrice, discountPercent })).toBe(total);
  });

  it('refuses a total a DECIMAL(15,2) cannot hold', () => {
    expect(lineItemTotal({ quantity: 1_000_000, unitPrice: '9999999999.99', discountPercent: '0' })).toBeNull();
    expect(lineItemTotalCents({ quantity: 1_000_000, unitPrice: '9999999999.99', discountPercent: '0' })).toBe(9_999_999_999_990_000_00n);
  });
});
