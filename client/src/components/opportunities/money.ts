// Column totals add DECIMAL strings as integer cents, so no float error creeps into a sum.

export function toCents(amount: string | null | undefined): number {
  if (!amount) return 0;
  const negative = amount.startsWith('-');
  const [whole = '0', fraction = ''] = amount.replace(/^-/, '').split('.');
  const cents = Number(whole) * 100 + Number(fraction.padEnd(2, '0').slice(0, 2));
  return negative ? -cents : cents;
}

export function sumCents(amounts: (string | null | undefined)[]): number {
  return amounts.reduce((total, a) => total + toCents(a), 0);
}

/** Cents back to dollars for display (formatMoney) only. */
export const centsToAmount = (cents: number) => cents / 100;
