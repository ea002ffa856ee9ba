import { describe, expect, it } from 'vitest';
import { centsToMoney, formatMoney, moneyToCents, sameMoney, sumMoney, weightedMoney } from '../../../shared/money';

describe('money conversions', () => {
  it.each([
    ['0', 0n],
    ['0.5', 50n],
    ['1234.50', 123450n],
    ['9999999999999.99', 999999999999999n],
    ['-12.3', -1230n],
  ])('%s is %s cents and back', (money, cents) => {
    expect(moneyToCents(money)).toBe(cents);
    expect(moneyToCents(centsToMoney(cents))).toBe(cents);
  });

  it('refuses what is not an amount with at most 2 decimals', () => {
    for (const bad of ['', 'abc', '1.234', '1e5', '1,000.00']) expect(() => moneyToCents(bad)).toThrow();
  });

  it('formats like MySQL returns DECIMAL(15,2)', () => {
    expect(centsToMoney(5n)).toBe('0.05');
    expect(centsToMoney(123450n)).toBe('1234.50');
    expect(centsToMoney(-5n)).toBe('-0.05');
  });

  it('compares amounts, not strings', () => {
    expect(sameMoney('10', '10.00')).toBe(true);
    expect(sameMoney('10.01', '10.00')).toBe(false);
    expect(sameMoney(null, null)).toBe(true);
    expect(sameMoney(null, '0.00')).toBe(false);
  });
});

describe('sumMoney', () => {
  it('adds exactly where floats would not', () => {
    // 0.1 + 0.2 in floats is 0.30000000000000004.
    expect(sumMoney(['0.10', '0.20'])).toBe('0.30');
    expect(sumMoney(['9999999999999.99', '0.01'])).toBe('10000000000000.00');
  });

  it('counts empty amounts as nothing', () => {
    expect(sumMoney([null, undefined, '', '12.50'])).toBe('12.50');
    expect(sumMoney([])).toBe('0.00');
  });
});

describe('weightedMoney', () => {
  it('is amount × probability / 100, to the cent, half up', () => {
    expect(weightedMoney('100000.00', 70)).toBe('70000.00');
    expect(weightedMoney('10.05', 50)).toBe('5.03');
    expect(weightedMoney('10.04', 50)).toBe('5.02');
    expect(weightedMoney(null, 70)).toBe('0.00');
    expect(weightedMoney('500.00', 0)).toBe('0.00');
  });
});

describe('formatMoney', () => {
  it('shows a dash for no amount and whole dollars unless asked for cents', () => {
    expect(formatMoney(null)).toBe('—');
    expect(formatMoney('')).toBe('—');
    expect(formatMoney('12000.50')).toContain('12,001');
    expect(formatMoney('12000.50', { cents: true })).toContain('12,000.50');
  });
});
