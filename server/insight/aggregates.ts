// SQL aggregates every insight screen is made of: counts and exact money sums, computed by the database.
import { sql, type SQL } from 'drizzle-orm';
import { opportunities } from '../../drizzle/schema';
import { centsToMoney, moneyToCents } from '../../shared/money';

const o = opportunities;

/** A DECIMAL sum as the driver returns it ('1234.50', '0', '12.500000') as a money string. */
export function toMoney(value: unknown): string {
  const text = String(value ?? '0').replace(/(\.\d{2})0+$/, '$1').replace(/\.0*$/, '');
  return centsToMoney(moneyToCents(text));
}

export const dealCount = sql<number>`count(*)`.mapWith(Number);
export const amountSum = sql<string>`coalesce(sum(${o.amount}), 0)`.mapWith(toMoney);
/** Σ amount × probability / 100, each deal rounded to the cent as shared/money.ts weightedMoney does. */
export const weightedSum = sql<string>`coalesce(sum(round(${o.amount} * ${o.probability} / 100, 2)), 0)`.mapWith(toMoney);

export interface CountAndAmount {
  count: number;
  amount: string;
}

export const countAndAmount = { count: dealCount, amount: amountSum };

export type Where = SQL;
