// Money as the database keeps it: DECIMAL(15,2) strings ('1234.50'). Arithmetic in integer cents (BigInt:
// a 13-digit amount times a quantity exceeds what a double holds exactly), display through Intl.

/** The largest value a DECIMAL(15,2) column holds, in cents. */
export const MAX_MONEY_CENTS = 999_999_999_999_999n;

/** '1234.5' -> 123450n, '-3' -> -300n. Throws on anything that is not a decimal with at most 2 places. */
export function moneyToCents(value: string): bigint {
  return decimalToHundredths(value);
}

/** 123450n -> '1234.50', the shape MySQL returns for DECIMAL(15,2). */
export function centsToMoney(cents: bigint): string {
  const sign = cents < 0n ? '-' : '';
  const abs = cents < 0n ? -cents : cents;
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** '12.5' -> 1250n: hundredths of the value (cents of an amount, basis points of a percentage). */
export function decimalToHundredths(value: string): bigint {
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(value.trim());
  if (!match) throw new Error(`Not a decimal with at most 2 places: ${value}`);
  const hundredths = BigInt(match[2]!) * 100n + BigInt((match[3] ?? '').padEnd(2, '0'));
  return match[1] ? -hundredths : hundredths;
}

/** Money strings equal as amounts ('10' and '10.00'); null only equals null. */
export function sameMoney(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  return moneyToCents(a) === moneyToCents(b);
}

/** The exact sum of amounts (empty ones count as 0), as a money string. */
export function sumMoney(amounts: readonly (string | null | undefined)[]): string {
  return centsToMoney(amounts.reduce((total, a) => total + (a ? moneyToCents(a) : 0n), 0n));
}

/** amount × probability / 100, to the cent (half up): the weighted amount of a deal. */
export function weightedMoney(amount: string | null, probability: number): string {
  if (!amount) return '0.00';
  const numerator = moneyToCents(amount) * BigInt(Math.round(probability));
  return centsToMoney((numerator + 50n) / 100n);
}

const moneyFmt = new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
const moneyCentsFmt = new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD' });

/** For display only: '$12,000' (or '$12,000.50' with cents). Never sum what this returns. */
export function formatMoney(value: string | number | null | undefined, { cents = false } = {}): string {
  if (value === null || value === undefined || value === '') return '—';
  const n = typeof value === 'number' ? value : Number(value);
  if (Number.isNaN(n)) return String(value);
  return (cents ? moneyCentsFmt : moneyFmt).format(n);
}
