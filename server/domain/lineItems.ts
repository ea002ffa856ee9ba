// Line item money in integer cents: totalPrice = quantity × unitPrice × (1 − discount/100), to the cent.
// BigInt because quantity × a 13-digit price × basis points exceeds what a double holds exactly.

/** The largest value a DECIMAL(15,2) column holds, in cents. */
export const MAX_MONEY_CENTS = 999_999_999_999_999n;

/** '1234.5' -> 123450n. Expects a validated non-negative decimal with at most 2 decimals. */
export function moneyToCents(value: string): bigint {
  return decimalToHundredths(value);
}

/** 123450n -> '1234.50', the shape MySQL returns for DECIMAL(15,2). */
export function centsToMoney(cents: bigint): string {
  const sign = cents < 0n ? '-' : '';
  const abs = cents < 0n ? -cents : cents;
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** '12.5' -> 1250n (hundredths of a percent, i.e. basis points). */
export function percentToBasisPoints(value: string): bigint {
  return decimalToHundredths(value);
}

function decimalToHundredths(value: string): bigint {
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(value.trim());
  if (!match) throw new Error(`Not a decimal with at most 2 places: ${value}`);
  return BigInt(match[1]!) * 100n + BigInt((match[2] ?? '').padEnd(2, '0'));
}

/** The line's total in cents, rounded half up to the cent. */
export function lineItemTotalCents(line: { quantity: number; unitPrice: string; discountPercent: string }): bigint {
  const numerator = BigInt(line.quantity) * moneyToCents(line.unitPrice) * (10_000n - percentToBasisPoints(line.discountPercent));
  return (numerator + 5_000n) / 10_000n;
}

/** The line's total as a DECIMAL(15,2) string, or null when it does not fit the column. */
export function lineItemTotal(line: { quantity: number; unitPrice: string; discountPercent: string }): string | null {
  const cents = lineItemTotalCents(line);
  return cents > MAX_MONEY_CENTS ? null : centsToMoney(cents);
}

/** Money strings equal as amounts ('10' and '10.00'); null only equals null. */
export function sameMoney(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  return moneyToCents(a) === moneyToCents(b);
}
