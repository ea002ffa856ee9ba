// Win/loss report figures (server/domain/README.md, "Win/loss").
import { centsToMoney, moneyToCents } from '../../shared/money';

/** The mean deal size to the cent (half up); null without deals. */
export function averageDealSize(totalAmount: string, count: number): string | null {
  if (count === 0) return null;
  const cents = moneyToCents(totalAmount);
  const n = BigInt(count);
  return centsToMoney((cents * 2n + n) / (2n * n));
}
