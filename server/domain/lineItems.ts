// Line item money in integer cents: totalPrice = quantity × unitPrice × (1 − discount/100), to the cent.
// BigInt because quantity × a 13-digit price × basis points exceeds what a double holds exactly.
import { decimalToHundredths, MAX_MONEY_CENTS, centsToMoney, moneyToCents } from '../../shared/money';

/** '12.5' -> 1250n (hundredths of a percent, i.e. basis points). */
export const percentToBasisPoints = decimalToHundredths;

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
