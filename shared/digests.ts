// Digest wording both the email and the digest page use.
import { centsToMoney, formatMoney, moneyToCents } from './money';

/** "+$12,000" / "−$3,500" / "no change", for the forecast line. */
export function forecastChange(call: string, previousCall: string | null): string | null {
  if (previousCall === null) return null;
  const delta = moneyToCents(call) - moneyToCents(previousCall);
  if (delta === 0n) return 'no change';
  const abs = formatMoney(centsToMoney(delta < 0n ? -delta : delta));
  return `${delta < 0n ? '−' : '+'}${abs}`;
}
