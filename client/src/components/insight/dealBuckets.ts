// A dashboard number's deals, named in the URL (?deals=stage:Proposal) so a drill-down can be shared.
import { periodKinds } from '../../../../shared/periods';
import { type DealBucket, forecastBucketCategories } from '../../../../shared/schemas/analytics';
import { openStages } from '../../../../shared/stages';

export function encodeBucket(b: DealBucket): string {
  switch (b.kind) {
    case 'stage':
      return `stage:${b.stage}`;
    case 'forecast':
      return `forecast:${b.period}:${b.category}`;
    case 'closed':
      return `closed:${b.outcome}`;
    default:
      return b.kind;
  }
}

const oneOf = <T extends string>(value: string | undefined, allowed: readonly T[]): T | undefined =>
  (allowed as readonly string[]).includes(value ?? '') ? (value as T) : undefined;

/** The bucket a URL names, or null for anything else (a hand-edited URL shows no drill-down). */
export function decodeBucket(raw: string | null): DealBucket | null {
  if (!raw) return null;
  const [kind, a, b] = raw.split(':');
  if (kind === 'open' || kind === 'closingSoon' || kind === 'atRisk') return { kind };
  if (kind === 'stage') {
    const stage = oneOf(a, openStages);
    return stage ? { kind, stage } : null;
  }
  if (kind === 'forecast') {
    const period = oneOf(a, periodKinds);
    const category = oneOf(b, forecastBucketCategories);
    return period && category ? { kind, period, category } : null;
  }
  if (kind === 'closed') {
    const outcome = oneOf(a, ['won', 'lost'] as const);
    return outcome ? { kind, outcome } : null;
  }
  return null;
}

export function bucketTitle(b: DealBucket, labels: { month: string; quarter: string; winWindow: string }): string {
  switch (b.kind) {
    case 'open':
      return 'Open pipeline';
    case 'stage':
      return `Open deals in ${b.stage}`;
    case 'forecast':
      return b.category === 'Closed' ? `Won in ${labels[b.period]}` : `${b.category} in ${labels[b.period]}`;
    case 'closingSoon':
      return 'Closing in the next 30 days';
    case 'atRisk':
      return 'At-risk deals';
    case 'closed':
      return `${b.outcome === 'won' ? 'Won' : 'Lost'} in ${labels.winWindow}`;
    case 'openInPeriod':
      return `Open, closing in ${labels[b.period]}`;
    case 'enteredStage':
      return `Entered ${b.stage} in ${labels.winWindow}`;
    case 'won':
      return `Won ${b.from} – ${b.to}`;
  }
}
